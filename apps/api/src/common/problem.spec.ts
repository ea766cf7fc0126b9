import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, Max, ValidateNested, validateSync } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import {
  DATABASE_UNAVAILABLE_TYPE,
  flattenValidationErrors,
  problemHeaders,
  toProblem,
  VALIDATION_PROBLEM_TYPE,
  ValidationProblemException,
} from './problem';

class Choice {
  @IsInt()
  @Max(10)
  score: number;
}

class Answer {
  @IsEmail()
  email: string;

  @ValidateNested({ each: true })
  @Type(() => Choice)
  choices: Choice[];
}

describe('problem details', () => {
  it('lists nested validation errors by dotted path, with the rule and its bounds, without the refused values', () => {
    const answer = Object.assign(new Answer(), {
      email: 'not-an-address',
      choices: [Object.assign(new Choice(), { score: 3 }), Object.assign(new Choice(), { score: 99 })],
    });
    const errors = flattenValidationErrors(validateSync(answer));
    expect(errors).toEqual([
      { field: 'email', message: 'email must be an email', reason: 'isEmail' },
      { field: 'choices.1.score', message: 'score must not be greater than 10', reason: 'max', limits: { max: 10 } },
    ]);
    const problem = toProblem(new ValidationProblemException(errors), 'req-1');
    expect(problem).toMatchObject({ type: VALIDATION_PROBLEM_TYPE, status: 400, requestId: 'req-1', errors });
    expect(JSON.stringify(problem)).not.toContain('not-an-address');
    expect(JSON.stringify(problem)).not.toContain('99');
  });

  it('maps HTTP exceptions to their status and message', () => {
    expect(toProblem(new NotFoundException('No such survey.'))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No such survey.',
    });
    expect(toProblem(new PayloadTooLargeException()).status).toBe(413);
    expect(toProblem(new BadRequestException(['a is wrong', 'b is wrong'])).detail).toBe('a is wrong; b is wrong');
  });

  it('explains body-parser failures without quoting the body', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token s in JSON: secret@example.org'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    const problem = toProblem(parseError);
    expect(problem).toMatchObject({ status: 400, detail: 'The request body is not valid JSON.' });
    expect(JSON.stringify(problem)).not.toContain('secret@example.org');
  });

  it('turns unknown errors into a 500 that reveals nothing internal', () => {
    const problem = toProblem(new Error('relation "contacts" does not exist, user alice@example.org'), 'req-9');
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      requestId: 'req-9',
    });
  });

  describe('when the database cannot serve', () => {
    const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
    const cases: [string, unknown][] = [
      ['PostgreSQL shutting down (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
      ['PostgreSQL starting up (57P03)', pgError('57P03', 'the database system is starting up')],
      ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
      ['a connection failure (08006)', pgError('08006', 'connection failure')],
      [
        'a refused connection',
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ],
      ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
      ['a pool acquire timeout', new Error('timeout exceeded when trying to connect')],
      ['a connect timeout', new Error('Connection terminated due to connection timeout')],
      [
        'a query wrapped by TypeORM',
        new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command')),
      ],
      [
        "a query runner's next query after its connection failed",
        new Error('Query runner already released. Cannot run queries anymore.'),
      ],
      [
        "a transaction's next query after its connection failed",
        new Error(
          'Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.',
        ),
      ],
    ];
    it.each(cases)('%s is a 503 with Retry-After', (_name, error) => {
      expect(toProblem(error, 'req-3')).toEqual({
        type: DATABASE_UNAVAILABLE_TYPE,
        title: 'Service Unavailable',
        status: 503,
        detail: 'The database is unavailable for a moment; try again shortly.',
        requestId: 'req-3',
      });
      expect(Number(problemHeaders(error)['Retry-After'])).toBeGreaterThan(0);
    });

    it('leaves other database errors a 500 (or 409 for a concurrency failure), without Retry-After', () => {
      const syntax = new QueryFailedError('SELEC 1', [], pgError('42601', 'syntax error at or near "SELEC"'));
      expect(toProblem(syntax).status).toBe(500);
      expect(problemHeaders(syntax)).toEqual({});
      expect(toProblem(pgError('40001', 'could not serialize access')).status).toBe(409);
    });
  });
});
