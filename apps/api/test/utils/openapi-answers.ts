import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { recordSpecDrift } from './spec-drift';

/**
 * Checks real answers of the API against the committed OpenAPI document (openapi/openapi.json):
 * the status is documented for the operation, the content type is one it lists, and a JSON body
 * matches the schema (OpenAPI 3.1 schemas are JSON Schema 2020-12; $refs into components resolve
 * inside the document). Every test app runs its answers through here (see watchAnswers).
 */

export const SPEC_PATH = join(__dirname, '../../../../openapi/openapi.json');

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
export interface OperationObject {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Record<string, unknown> }>;
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
  security?: Array<Record<string, string[]>>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, unknown> };
}

export interface SpecOperation {
  method: string;
  path: string;
  operation: OperationObject;
  pattern: RegExp;
  params: number;
}

export interface Answer {
  method: string;
  /** The request path, with or without the query string. */
  url: string;
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
const SPEC_ID = 'openapi.json';

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || /^application\/[\w.+-]*\+json$/.test(type);
}

export class OpenApiAnswers {
  readonly document: OpenApiDocument;
  readonly operations: SpecOperation[];
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDocument) {
    this.document = document;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // Formats OpenAPI names that JSON Schema does not check.
    for (const format of ['binary', 'byte', 'int32', 'int64', 'float', 'double', 'password']) {
      this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({ $id: SPEC_ID, ...(document as object) });
    this.operations = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.has(method))
          .map(([method, operation]) => {
            const params = (path.match(/\{[^}]+\}/g) ?? []).length;
            const source = path
              .split(/(\{[^}]+\})/)
              .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
              .join('');
            return { method, path, operation, pattern: new RegExp(`^${source}/?$`), params };
          }),
      )
      // Literal paths (`/contacts/facets`) before templated ones (`/contacts/{id}`).
      .sort((a, b) => a.params - b.params);
  }

  /** The documented operation a request reaches, or undefined for paths the spec does not describe. */
  operationFor(method: string, url: string): SpecOperation | undefined {
    const path = url.split('?')[0];
    const lower = method.toLowerCase();
    return this.operations.find((op) => op.method === lower && op.pattern.test(path));
  }

  private validator(op: SpecOperation, status: string, mediaType: string): ValidateFunction {
    const pointer = ['paths', op.path, op.method, 'responses', status, 'content', mediaType, 'schema']
      .map(escapePointer)
      .join('/');
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}#/${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /**
   * What in an answer departs from the spec (empty when it matches), or null when the request's
   * path and method are not in the spec (test-only routes, the SPAs, unknown paths).
   */
  check(answer: Answer): string[] | null {
    const op = this.operationFor(answer.method, answer.url);
    if (!op) return null;
    // 499: the client went away before its answer (a request dropped from a queue); nobody receives it.
    if (answer.status === 499) return [];
    const where = `${answer.method.toUpperCase()} ${op.path} → ${answer.status}`;
    const status = String(answer.status);
    const response = op.operation.responses[status] ?? op.operation.responses.default;
    if (!response) {
      return [
        `${where}: status ${status} is not documented (documented: ${Object.keys(op.operation.responses).join(', ')})`,
      ];
    }
    const content = response.content ?? {};
    const mediaType = (answer.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (Object.keys(content).length === 0) {
      return answer.body.length === 0
        ? []
        : [`${where}: a body (${mediaType || 'no content type'}) where the spec documents none`];
    }
    const documented = Object.keys(content).find((type) => type.split(';')[0].trim().toLowerCase() === mediaType);
    if (!documented) {
      if (answer.body.length === 0 && answer.status === 304) return [];
      return [
        `${where}: content type ${mediaType || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`,
      ];
    }
    if (!isJsonMediaType(mediaType) || !content[documented].schema) return [];
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString('utf8'));
    } catch {
      return [`${where}: the ${mediaType} body is not JSON`];
    }
    const validate = this.validator(op, response === op.operation.responses[status] ? status : 'default', documented);
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 10)
      .map(
        (error) =>
          `${where}: body${error.instancePath} ${error.message ?? 'is invalid'} (${JSON.stringify(error.params)})`,
      );
  }
}

let shared: OpenApiAnswers | undefined;

/** One validator per test process: compiling the schemas costs about a second. */
export function openApiAnswers(): OpenApiAnswers {
  shared ??= new OpenApiAnswers();
  return shared;
}

/** Collected bodies stop growing here; a larger answer is checked for its status and type only. */
const MAX_CAPTURED_BYTES = 8 * 1024 * 1024;

/** The body as the client reads it: API answers may be compressed (common/compression.ts). */
function decoded(body: Buffer, encoding: unknown): Buffer {
  if (body.length === 0) return body;
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

/**
 * Runs every answer the server gives through the spec check, just before the last byte leaves,
 * so a drift is recorded before the client (and the test) sees the answer. Drifts go to the
 * spec-drift registry, which fails the running test (see spec-drift-setup.ts).
 */
export function watchAnswers(server: Server, onDrift: (problems: string[]) => void = recordSpecDrift): void {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let complete = true;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > MAX_CAPTURED_BYTES) complete = false;
      else chunks.push(buffer);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    (res as { write: unknown }).write = (...args: unknown[]) => {
      collect(args[0], args[1]);
      return write(...args);
    };
    (res as { end: unknown }).end = (...args: unknown[]) => {
      collect(args[0], args[1]);
      try {
        const method = req.method ?? 'GET';
        if (method !== 'HEAD' && method !== 'OPTIONS') {
          const contentType = res.getHeader('content-type');
          const problems = openApiAnswers().check({
            method,
            url: req.url ?? '/',
            status: res.statusCode,
            contentType: contentType === undefined ? undefined : String(contentType),
            body: complete ? decoded(Buffer.concat(chunks), res.getHeader('content-encoding')) : Buffer.alloc(0),
          });
          if (problems && problems.length > 0 && complete) onDrift(problems);
        }
      } catch (error) {
        // A compressed answer whose client went away (a browser navigating on) ends mid-stream and
        // cannot be decompressed: nothing was answered to check. Any other failure is a drift.
        const clientGone = req.destroyed || res.destroyed || req.socket?.destroyed === true;
        if (!(clientGone && res.getHeader('content-encoding'))) {
          onDrift([`the spec check failed: ${(error as Error).message}`]);
        }
      }
      return end(...args);
    };
    for (const listener of listeners) listener.call(server, req, res);
  });
}
