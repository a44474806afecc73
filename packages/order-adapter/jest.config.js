module.exports = { ...require('../../jest.preset.js'), displayName: 'order-adapter' };
