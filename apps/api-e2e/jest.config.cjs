module.exports = { ...require('../../jest.preset.cjs'), displayName: 'api-e2e', testTimeout: 60_000 };
