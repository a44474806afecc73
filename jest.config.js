// One Jest process for the whole repository (per-project processes cost ~0.6 s each on 2 cores).
module.exports = {
  projects: ['<rootDir>/packages/*', '<rootDir>/apps/*', '<rootDir>/tools/fix-venue'],
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
  testTimeout: 30000,
  // Two workers on the 2-core machine: the real-time end-to-end suites spend most of their time waiting on the
  // simulators' clocks, so two of them side by side halve the wall time (6.2 → 3.3 min) without starving either.
  maxWorkers: 2,
};
