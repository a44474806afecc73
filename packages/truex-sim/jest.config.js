module.exports = { ...require('../../jest.preset.js'), displayName: 'truex-sim' };
