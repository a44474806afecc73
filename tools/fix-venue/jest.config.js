module.exports = { ...require('../../jest.preset.js'), displayName: 'fix-venue' };
