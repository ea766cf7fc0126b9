import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { loggableError } from './logger';
import { currentRequestId, requestPath } from './request-context';
import { DATABASE_UNAVAILABLE_TYPE, PROBLEM_CONTENT_TYPE, problemHeaders, toProblem } from './problem';

export function sendProblem(logger: Logger, error: unknown, req: Request, res: Response): void {
  const problem = toProblem(error, currentRequestId());
  if (problem.status === HttpStatus.NOT_FOUND && /^Cannot [A-Z]+ /.test(problem.detail ?? '')) {
    problem.detail = `No route matches ${req.method} ${requestPath(req)}.`;
  }
  if (problem.status === HttpStatus.SERVICE_UNAVAILABLE && problem.type === DATABASE_UNAVAILABLE_TYPE) {
    logger.warn({ err: loggableError(error), method: req.method, path: requestPath(req) }, 'database unavailable');
  } else if (problem.status >= 500) {
    logger.error({ err: loggableError(error), method: req.method, path: requestPath(req) }, 'request failed');
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(problemHeaders(error))) res.setHeader(name, value);
  res.status(problem.status).setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  res.end(JSON.stringify(problem));
}

/** The one place where errors become application/problem+json (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(this.logger, exception, http.getRequest<Request>(), http.getResponse<Response>());
  }
}

/** Express error handler for what fails before Nest routes run (body parsing, size limits). */
export function problemErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    void next;
    sendProblem(logger, error, req, res);
  };
}
