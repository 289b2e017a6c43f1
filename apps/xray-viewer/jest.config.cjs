// Unit tests cover the viewer's pure logic (view models, layout), so they run in node.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'xray-viewer' };
