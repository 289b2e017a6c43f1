// The test target builds the app first: test/ runs dist/apps/xray-daemon/main.js as a real process.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'xray-daemon', testTimeout: 30_000 };
