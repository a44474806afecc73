module.exports = { ...require('../../jest.preset.js'), displayName: 'truex-rest' };
