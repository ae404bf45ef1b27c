/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Snapshots are pinned: CI runs `jest --ci`, which never writes them.
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
