module.exports = { ...require('../../jest.preset.js'), displayName: 'quoting-engine' };
