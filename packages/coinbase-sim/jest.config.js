module.exports = { ...require('../../jest.preset.js'), displayName: 'coinbase-sim' };
