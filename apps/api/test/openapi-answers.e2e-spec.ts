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
    // A whole, valid answer, so that the one property varied is the only one that can be wrong.
    const me = (lastLoginAt: unknown, displayName: unknown = 'Ann Analyst') => ({
      method: 'GET',
      url: '/api/v1/auth/me',
      status: 200,
      contentType: 'application/json',
      body: json({
        id: '6f1d2b6a-3f7e-4a4e-9c0e-0a1b2c3d4e5f',
        email: 'ann@example.org',
        displayName,
        role: 'analyst',
        active: true,
        mfaEnabled: false,
        mfaRequired: false,
        lastLoginAt,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        mfaEnrolmentPending: false,
        passwordChangeRequired: false,
      }),
    });
    expect(spec.check(me(null))).toEqual([]);
    expect(spec.check(me('2026-02-01T10:00:00.000Z'))).toEqual([]);
    expect(spec.check(me(42))?.join('\n')).toMatch(/lastLoginAt/);
    // displayName is not nullable: null is refused there.
    expect(spec.check(me(null, null))?.join('\n')).toMatch(/displayName/);
  });
});
