import { ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, ValidationProblemException } from './problem';

/** Unknown properties are refused, not silently dropped, and refused values are never echoed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblemException(flattenValidationErrors(errors)),
  });
}
