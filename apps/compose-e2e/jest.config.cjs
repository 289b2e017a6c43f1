module.exports = { ...require('../../jest.preset.cjs'), displayName: 'compose-e2e', testTimeout: 30_000 };
