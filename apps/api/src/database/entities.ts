import type { MixedList } from 'typeorm';

/**
 * Every entity of the application, listed explicitly (no globs) so the build, the tests and
 * the drift check all see the same set. Feature modules add theirs here.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: MixedList<Function> = [];
