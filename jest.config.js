/**
 * One run for unit tests (libs, pure code beside the sources) and API end-to-end tests
 * (apps/api/test, real PostgreSQL). Every test file gets its own fresh database, so files run
 * in parallel and in any order.
 * @type {import('jest').Config}
 */
/**
 * Suites that measure the server's latency under load or kill real processes: they run after the
 * others, one at a time (jest.alone.config.js), so that no other suite shares the machine with
 * them and the figures they assert are the server's, not the neighbours'.
 */
const ALONE = [
  '<rootDir>/apps/api/test/heavy-work-load.e2e-spec.ts',
  '<rootDir>/apps/api/test/faults.e2e-spec.ts',
  '<rootDir>/apps/api/test/scale-out.e2e-spec.ts',
];

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
  testPathIgnorePatterns: ['/node_modules/', ...ALONE],
  maxWorkers: 2,
  testTimeout: 60000,
};
// For jest.alone.config.js; not enumerable, so Jest does not take it for an option of its own.
Object.defineProperty(module.exports, 'ALONE', { value: ALONE, enumerable: false });
