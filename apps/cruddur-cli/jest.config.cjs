module.exports = { ...require('../../jest.preset.cjs'), displayName: 'cruddur-cli' };
