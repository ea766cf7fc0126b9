import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, ProblemDto, FieldErrorDto } from '../common/problem';
import { PROBLEM_TYPE_DOCS, ProblemType } from '../common/problem-types';
import { sortKeys } from '../common/sorted-keys';
import {
  API_KEY_HEADER,
  DOWNLOAD_SECURITY_SCHEME,
  DOWNLOAD_TOKEN_HEADER,
  API_KEY_SECURITY_SCHEME,
  INVITATION_SECURITY_SCHEME,
  INVITATION_TOKEN_HEADER,
  PUBLIC_OPERATION_EXTENSION,
  STAFF_SECURITY_SCHEME,
} from '../auth/access.decorator';
import { documentWebhooks, WEBHOOK_EXTRA_MODELS } from '../webhooks/webhook-events.dto';

export const API_VERSION = '0.1.0';

type Operation = Record<string, unknown> & { security?: unknown[]; operationId?: string };

/**
 * OpenAPI 3.1 has no `nullable`: @nestjs/swagger still writes it, so it becomes a `null`
 * member of the type (or an anyOf with null for a $ref).
 */
function nullableToTypeArrays(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(nullableToTypeArrays);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  // An enum property comes out as a one-member allOf around its $ref; say it directly.
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && typeof node.allOf[0]?.$ref === 'string') {
    node.$ref = (node.allOf[0] as { $ref: string }).$ref;
    delete node.allOf;
  }
  if (node.nullable === true) {
    delete node.nullable;
    if (typeof node.$ref === 'string') {
      // A $ref's siblings apply too (JSON Schema 2020-12): null must be its own branch.
      node.anyOf = [{ $ref: node.$ref }, { type: 'null' }];
      delete node.$ref;
      delete node.type;
    } else if (typeof node.type === 'string') {
      node.type = [node.type, 'null'];
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    }
  } else if (node.nullable === false) {
    delete node.nullable;
  }
  Object.values(node).forEach(nullableToTypeArrays);
}

/** A scheme no route uses yet (API keys before the provider routes exist) is left out. */
function dropUnusedSecuritySchemes(document: OpenAPIObject): void {
  const schemes = document.components?.securitySchemes;
  if (!schemes) return;
  const used = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      for (const requirement of (operation?.security ?? []) as Record<string, unknown>[]) {
        Object.keys(requirement).forEach((name) => used.add(name));
      }
    }
  }
  for (const name of Object.keys(schemes)) if (!used.has(name)) delete schemes[name];
}

function markPublicOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      if (operation[PUBLIC_OPERATION_EXTENSION]) {
        delete operation[PUBLIC_OPERATION_EXTENSION];
        operation.security = [];
      }
    }
  }
}

/**
 * Answers every route can give before its own code runs, documented on every operation: 400 for
 * a query string or body refused by the global checks (unknown parameters, bad text, nesting),
 * 413 for a body over the size limit and 415 for a body that is not JSON (the body parser runs
 * for every route, whatever the route reads).
 */
function documentGlobalProblems(document: OpenAPIObject): void {
  const problemSchema = { $ref: '#/components/schemas/ProblemDto' };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const responses = operation.responses as Record<string, unknown>;
      for (const status of [400, 413, 415]) {
        responses[String(status)] ??= {
          description: STATUS_CODES[status],
          content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
        };
      }
      // Any route: the database is unavailable, or the server is shutting down (with Retry-After).
      responses['503'] ??= {
        description: `${STATUS_CODES[503]}: the database is unavailable or the server is shutting down; retry after Retry-After seconds`,
        headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
      };
    }
  }
}

/** The extension that publishes every problem type, read by the client generator (scripts/openapi.mjs). */
export const PROBLEM_TYPES_EXTENSION = 'x-problem-types';

/**
 * Lists every problem type at the top of the document, in the enum's order: its name (the
 * generated client's constant), URI, usual status and meaning.
 */
function publishProblemTypes(document: OpenAPIObject): void {
  (document as OpenAPIObject & Record<string, unknown>)[PROBLEM_TYPES_EXTENSION] = Object.entries(ProblemType).map(
    ([name, type]) => ({ name, type, ...PROBLEM_TYPE_DOCS[type] }),
  );
}

/** The API's OpenAPI 3.1 description, built from the controllers' decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Survey platform API')
    .setDescription(
      'REST API of the privacy-first survey platform. Errors are application/problem+json (RFC 9457). ' +
        'Secrets travel in headers, never in URLs.',
    )
    .setVersion(API_VERSION)
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Staff access token from POST /auth/login' },
      STAFF_SECURITY_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: API_KEY_HEADER,
        description: 'Provider API key, scoped and bound to surveys',
      },
      API_KEY_SECURITY_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: INVITATION_TOKEN_HEADER,
        description:
          "The secret token of a respondent's invitation link. The link carries it in its fragment " +
          '(`/r/#<token>`), which browsers never send; the respondent app sends it in this header.',
      },
      INVITATION_SECURITY_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: DOWNLOAD_TOKEN_HEADER,
        description:
          'The secret token of a download link mailed to a person (their access package). The link carries it ' +
          'in its fragment (`/r/download#<token>`), which browsers never send; the respondent app sends it in ' +
          'this header.',
      },
      DOWNLOAD_SECURITY_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto, FieldErrorDto, ...WEBHOOK_EXTRA_MODELS],
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  markPublicOperations(document);
  documentGlobalProblems(document);
  nullableToTypeArrays(document.components);
  nullableToTypeArrays(document.paths);
  dropUnusedSecuritySchemes(document);
  publishProblemTypes(document);
  documentWebhooks(document);
  nullableToTypeArrays((document as { webhooks?: unknown }).webhooks);
  // Sorted keys give a deterministic file whose diffs are readable.
  return sortKeys(document) as OpenAPIObject;
}

export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return JSON.stringify(document, null, 2) + '\n';
}
