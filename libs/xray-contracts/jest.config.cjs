module.exports = { ...require('../../jest.preset.cjs'), displayName: 'xray-contracts' };
