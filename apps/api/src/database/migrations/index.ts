import { Foundation1795748287976 } from './1795748287976-Foundation';

/** In order of their timestamps. */
export const MIGRATIONS = [Foundation1795748287976];
