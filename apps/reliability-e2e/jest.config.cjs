// SOAK=1 (npm run test:soak) scales every count up; see docs/reliability.md.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'reliability-e2e',
  testTimeout: process.env.SOAK === '1' ? 900_000 : 120_000,
};
