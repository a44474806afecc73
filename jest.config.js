// One Jest process for the whole repository (per-project processes cost ~0.6 s each on 2 cores).
module.exports = {
  projects: ['<rootDir>/packages/*', '<rootDir>/apps/*', '<rootDir>/tools/fix-venue'],
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
  testTimeout: 30000,
};
