import type { Request, Response } from 'express';
import { compressibleAnswer } from './compression';

function answer(method: string, path: string, headers: Record<string, string>): [Request, Response] {
  const req = { method, path } as Request;
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const res = { getHeader: (name: string) => lower.get(name.toLowerCase()) } as unknown as Response;
  return [req, res];
}

describe('which API answers are compressed on the fly', () => {
  it('compresses JSON and problem+json answers to GET under /api/', () => {
    expect(
      compressibleAnswer(...answer('GET', '/api/v1/surveys', { 'Content-Type': 'application/json; charset=utf-8' })),
    ).toBe(true);
    expect(compressibleAnswer(...answer('HEAD', '/api/v1/surveys', { 'Content-Type': 'application/json' }))).toBe(true);
    expect(compressibleAnswer(...answer('GET', '/api/v1/x', { 'Content-Type': 'application/problem+json' }))).toBe(
      true,
    );
  });

  it.each([
    ['a POST (login, refresh, API key and MFA secrets are issued by POST)', 'POST', '/api/v1/auth/login', {}],
    ['a PUT', 'PUT', '/api/v1/respond/draft', {}],
    [
      'a download',
      'GET',
      '/api/v1/privacy-requests/1/download',
      { 'Content-Disposition': 'attachment; filename="a.json"' },
    ],
    ['an answer compressed already', 'GET', '/api/v1/x', { 'Content-Encoding': 'gzip' }],
    ['server-sent events', 'GET', '/api/v1/events', { 'Content-Type': 'text/event-stream' }],
    ['a CSV export', 'GET', '/api/v1/surveys/1/responses', { 'Content-Type': 'text/csv; charset=utf-8' }],
    [
      'an XLSX export',
      'GET',
      '/api/v1/reports/1/export',
      { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    ],
    ['a page of an SPA (compressed at build time)', 'GET', '/r/', { 'Content-Type': 'text/html' }],
  ])('leaves %s alone', (_what, method, path, headers: Record<string, string>) => {
    expect(compressibleAnswer(...answer(method, path, { 'Content-Type': 'application/json', ...headers }))).toBe(false);
  });
});
