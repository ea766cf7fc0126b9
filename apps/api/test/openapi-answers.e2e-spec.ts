import { OpenApiAnswers } from './utils/openapi-answers';

/** The spec check itself: it must see each kind of drift, or the suites it watches prove nothing. */
describe('the OpenAPI answer check', () => {
  const spec = new OpenApiAnswers();
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const problem = { type: 'about:blank', title: 'Bad Request', status: 400 };

  it('accepts a documented answer, and ignores paths the spec does not describe', () => {
    expect(
      spec.check({
        method: 'GET',
        url: '/health/live',
        status: 200,
        contentType: 'application/json',
        body: json({ status: 'ok', time: new Date().toISOString() }),
      }),
    ).toEqual([]);
    expect(
      spec.check({
        method: 'POST',
        url: '/api/v1/surveys?x=1',
        status: 400,
        contentType: 'application/problem+json; charset=utf-8',
        body: json(problem),
      }),
    ).toEqual([]);
    expect(
      spec.check({
        method: 'GET',
        url: '/r/index.html',
        status: 200,
        contentType: 'text/html',
        body: Buffer.from('x'),
      }),
    ).toBeNull();
  });

  it('prefers a literal path to a templated one', () => {
    expect(spec.operationFor('GET', '/api/v1/contacts/facets')?.operation.operationId).toBe('listContactFacets');
    expect(spec.operationFor('POST', '/api/v1/privacy-requests/register')?.operation.operationId).toBe(
      'registerPrivacyRequest',
    );
  });

  it('reports an undocumented status, an undocumented content type and a body off its schema', () => {
    const base = { method: 'GET', url: '/api/v1/auth/me' };
    expect(spec.check({ ...base, status: 418, contentType: 'application/json', body: json({}) })?.[0]).toMatch(
      /status 418 is not documented/,
    );
    expect(spec.check({ ...base, status: 401, contentType: 'text/plain', body: Buffer.from('no') })?.[0]).toMatch(
      /content type text\/plain/,
    );
    expect(
      spec
        .check({ ...base, status: 401, contentType: 'application/problem+json', body: json({ status: 'x' }) })
        ?.join('\n'),
    ).toMatch(/must have required property 'type'/);
  });

  it('lets null through only where the spec says nullable', () => {
    const answer = (draft: unknown) => ({
      method: 'GET',
      url: '/api/v1/respond',
      status: 200,
      contentType: 'application/json',
      body: json({ draft }),
    });
    const errors = (draft: unknown) => (spec.check(answer(draft)) ?? []).filter((error) => error.includes('/draft'));
    expect(errors(null)).toEqual([]);
    expect(errors('text')).not.toEqual([]);
  });
});
