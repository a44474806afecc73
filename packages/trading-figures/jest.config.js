module.exports = { ...require('../../jest.preset.js'), displayName: 'trading-figures' };
