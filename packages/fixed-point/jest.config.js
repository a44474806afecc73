module.exports = { ...require('../../jest.preset.js'), displayName: 'fixed-point' };
