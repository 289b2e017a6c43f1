module.exports = { ...require('../../jest.preset.cjs'), displayName: 'stack' };
