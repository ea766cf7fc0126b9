import { Writable } from 'node:stream';
import { createRootLogger, PinoNestLogger, scrubPersonalValues } from './logger';
import { requestContextMiddleware } from './request-context';
import type { NextFunction, Request, Response } from 'express';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createRootLogger('debug', stream) };
}

describe('logger', () => {
  it('writes JSON lines and redacts personal and secret values wherever they appear', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJabc', 'x-invitation-token': 'tok-123', 'x-api-key': 'key-456' } },
        contact: { email: 'amelie.durand@example.fr', name: 'Amélie Durand', country: 'FR' },
        body: { password: 'hunter2hunter2', token: 'tok-789' },
      },
      'something happened',
    );
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', msg: 'something happened', service: 'survey-api' });
    for (const secret of ['eyJabc', 'tok-123', 'key-456', 'amelie.durand', 'Amélie', 'hunter2', 'tok-789']) {
      expect(lines[0]).not.toContain(secret);
    }
    expect(entry).toMatchObject({ contact: { country: 'FR' } });
  });

  it('stamps the request id on lines written while a request is handled', (done) => {
    const { lines, logger } = capture();
    const req = { header: () => 'trace-0123456789' } as unknown as Request;
    const res = { setHeader: jest.fn() } as unknown as Response;
    const next: NextFunction = () => {
      logger.info('inside');
      expect(JSON.parse(lines[0])).toMatchObject({ requestId: 'trace-0123456789', msg: 'inside' });
      expect(res.setHeader).toHaveBeenCalledWith('X-Request-Id', 'trace-0123456789');
      done();
    };
    requestContextMiddleware(req, res, next);
  });

  it('replaces a malformed incoming request id with a fresh one', () => {
    const res = { setHeader: jest.fn() } as unknown as Response;
    requestContextMiddleware({ header: () => 'x y\nforged log line' } as unknown as Request, res, () => undefined);
    const [, id] = (res.setHeader as jest.Mock).mock.calls[0] as [string, string];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("scrubs e-mail addresses from Nest's error messages and traces", () => {
    const { lines, logger } = capture();
    new PinoNestLogger(logger).error('duplicate user bob@example.com', 'Error: bob@example.com\n at x', 'Test');
    expect(lines[0]).not.toContain('bob@example.com');
    expect(lines[0]).toContain('[email]');
    expect(scrubPersonalValues('mail li.wei@example.cn now')).toBe('mail [email] now');
  });

  it('scrubs addresses of every shape but leaves stack-frame paths and version numbers readable', () => {
    const cases: [string, string][] = [
      ['Key (email)=(bob@example.com) already exists.', 'Key (email)=([email]) already exists.'],
      ['owner Seán.Ó@exämple.ie, copy a+b@sub.example.co.uk>', 'owner [email], copy [email]>'],
      ['staff admin@localhost is locked', 'staff [email] is locked'],
      [
        '    at Router.run (/srv/app/node_modules/@nestjs/core/router/router-execution-context.js:46:28)',
        '    at Router.run (/srv/app/node_modules/@nestjs/core/router/router-execution-context.js:46:28)',
      ],
      [
        '    at /srv/app/node_modules/.pnpm/@nestjs+core@10.2.3/node_modules/@nestjs/core/x.js:1:2',
        '    at /srv/app/node_modules/.pnpm/@nestjs+core@10.2.3/node_modules/@nestjs/core/x.js:1:2',
      ],
    ];
    for (const [text, scrubbed] of cases) expect(scrubPersonalValues(text)).toBe(scrubbed);
  });
});
