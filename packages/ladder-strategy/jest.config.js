module.exports = { ...require('../../jest.preset.js'), displayName: 'ladder-strategy' };
