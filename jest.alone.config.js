/**
 * The load and fault suites, one at a time, after the others (see ALONE in jest.config.js):
 * `npm run test:alone`, or `npx jest -c jest.alone.config.js <file>` for one of them.
 * @type {import('jest').Config}
 */
// Jest loads its configs as CommonJS modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const base = require('./jest.config');
const { ALONE } = base;

module.exports = {
  ...base,
  testMatch: ALONE,
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
};
