import { takeSpecDrifts } from './spec-drift';

/**
 * Fails the test during which the API gave an answer the OpenAPI spec does not describe (an
 * undocumented status or content type, or a body that does not match its schema). Runs after
 * each test (and after each file's hooks), for every test file.
 */
function failOnDrift(): void {
  const drifts = [...new Set(takeSpecDrifts())];
  if (drifts.length > 0) {
    throw new Error(`The API answered differently from openapi/openapi.json:\n  ${drifts.join('\n  ')}`);
  }
}

afterEach(failOnDrift);
afterAll(failOnDrift);
