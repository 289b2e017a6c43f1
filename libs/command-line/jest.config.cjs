module.exports = { ...require('../../jest.preset.cjs'), displayName: 'command-line' };
