/** Jest runs TypeScript through ts-jest without type-checking (npm run typecheck does that once). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 30000,
  // Each test file gets its own embedded database; two workers match the two cores of CI.
  maxWorkers: 2,
};
