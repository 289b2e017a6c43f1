// A real browser against the real stack: slow to start, one at a time.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'viewer-e2e', testTimeout: 90_000 };
