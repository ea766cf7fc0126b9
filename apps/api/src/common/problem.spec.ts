import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, Max, ValidateNested, validateSync } from 'class-validator';
import { flattenValidationErrors, toProblem, VALIDATION_PROBLEM_TYPE, ValidationProblemException } from './problem';

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
  it('lists nested validation errors by dotted path, without the refused values', () => {
    const answer = Object.assign(new Answer(), {
      email: 'not-an-address',
      choices: [Object.assign(new Choice(), { score: 3 }), Object.assign(new Choice(), { score: 99 })],
    });
    const errors = flattenValidationErrors(validateSync(answer));
    expect(errors).toEqual([
      { field: 'email', message: 'email must be an email' },
      { field: 'choices.1.score', message: 'score must not be greater than 10' },
    ]);
    const problem = toProblem(new ValidationProblemException(errors), 'req-1');
    expect(problem).toMatchObject({ type: VALIDATION_PROBLEM_TYPE, status: 400, requestId: 'req-1', errors });
    expect(JSON.stringify(problem)).not.toContain('not-an-address');
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
});
