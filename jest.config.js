/**
 * One run for unit tests (libs, pure code beside the sources) and API end-to-end tests
 * (apps/api/test, real PostgreSQL). Every test file gets its own fresh database, so files run
 * in parallel and in any order.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/apps/api/src/**/*.spec.ts',
    '<rootDir>/apps/api/test/**/*.e2e-spec.ts',
    '<rootDir>/libs/*/src/**/*.spec.ts',
    // The SPAs' pure modules (message catalogues); their components are tested through the browser.
    '<rootDir>/apps/{analyst,respondent}/src/**/*.spec.ts',
  ],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@survey/api-client$': '<rootDir>/libs/api-client/src',
    '^@survey/api-client/(.*)$': '<rootDir>/libs/api-client/src/$1',
    '^@survey/disclosure$': '<rootDir>/libs/disclosure/src',
    '^@survey/field-crypto$': '<rootDir>/libs/field-crypto/src',
    '^@survey/messages$': '<rootDir>/libs/messages/src',
    '^@survey/questionnaire$': '<rootDir>/libs/questionnaire/src',
  },
  // Fails a test whose API answers depart from openapi/openapi.json (see apps/api/test/utils/app.ts).
  setupFilesAfterEnv: ['<rootDir>/apps/api/test/utils/spec-drift-setup.ts'],
  globalSetup: '<rootDir>/apps/api/test/global-setup.ts',
  globalTeardown: '<rootDir>/apps/api/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  maxWorkers: 2,
  testTimeout: 60000,
};
