import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const ACCESS_METADATA = 'survey:access';
/** Marker the OpenAPI builder turns into `security: []` and then removes. */
export const PUBLIC_OPERATION_EXTENSION = 'x-survey-public';

/** The route needs no credential. Every other route is denied unless it declares who may call it. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ACCESS_METADATA, 'public'), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));
}
