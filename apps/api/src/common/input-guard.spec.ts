import {
  findRefusedValues,
  jsonDepthExceeds,
  MAX_JSON_DEPTH,
  queryProblems,
  textProblem,
  verifyRawJson,
} from './input-guard';
import { ValidationProblemException } from './problem';

describe('input guard', () => {
  it('measures nesting on the raw bytes, ignoring brackets inside strings', () => {
    expect(jsonDepthExceeds(Buffer.from('[[[]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[[[[]]]]'), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":"[[[[[[[[\\"[[[["}'), 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":{"c":{}}}}'), 3)).toBe(true);
  });

  it('refuses a deep body or one that is not UTF-8 before parsing, naming body', () => {
    const deep = Buffer.from('['.repeat(2000) + ']'.repeat(2000));
    const refusal = (raw: Buffer) => {
      try {
        verifyRawJson(undefined, undefined, raw);
        return null;
      } catch (error) {
        return (error as ValidationProblemException).fieldErrors;
      }
    };
    expect(refusal(deep)).toEqual([
      { field: 'body', message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` },
    ]);
    expect(refusal(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]))).toEqual([
      { field: 'body', message: 'must be UTF-8 text' },
    ]);
    expect(refusal(Buffer.from('{"name":"Zoë 😀"}'))).toBeNull();
  });

  it('names NUL, lone surrogates and prototype keys by their path', () => {
    const body = JSON.parse(
      '{"name":"a\\u0000","q":{"items":[{"text":"\\ud800"},{"__proto__":1}]},"constructor":2,"ok":"😀"}',
    ) as unknown;
    expect(findRefusedValues(body)).toEqual([
      { field: 'name', message: 'must not contain a NUL character' },
      { field: 'q.items.0.text', message: 'must be valid Unicode text (no lone surrogates)' },
      { field: 'q.items.1.__proto__', message: 'is not an allowed property name' },
      { field: 'constructor', message: 'is not an allowed property name' },
    ]);
    expect(textProblem('\udc00x')).toMatch(/surrogate/);
    expect(textProblem('\ud83d\ude00')).toBeNull();
  });

  it('decodes query strings strictly', () => {
    expect(queryProblems('status=open&page=2')).toEqual([]);
    expect(queryProblems('status=%ED%A0%80')).toEqual([{ field: 'status', message: 'must be percent-encoded UTF-8' }]);
    expect(queryProblems('q=a%00')).toEqual([{ field: 'q', message: 'must not contain a NUL character' }]);
    expect(queryProblems('__proto__=1')).toEqual([{ field: '__proto__', message: 'is not an allowed parameter name' }]);
    expect(queryProblems('%ff=1')[0].field).toBe('query');
  });
});
