import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from './error.filter.js';

/**
 * The largest JSON body any route takes: an order of 50 lines with 500 households each stays well
 * below it; anything larger is refused with 413 before it is parsed.
 */
export const BODY_LIMIT_BYTES = 1_048_576;
/**
 * Nesting a real body needs: an order's lines → households → a household is 4 levels, a crop's stage
 * targets 4. Deeper bodies are refused with 400 before class-transformer walks them recursively.
 */
export const BODY_MAX_DEPTH = 16;

function send(response: Response, body: ErrorBody): void {
  response.status(body.statusCode).json(body);
}

/** The depth of a parsed JSON value, walked without recursion (a deep body must not blow the stack). */
export function jsonDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(node)) stack.push([child, here]);
  }
  return deepest;
}

/** Body-parser's failures, answered in the api's own error shape instead of Express's HTML page. */
function bodyParserErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') {
    send(response, {
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body is larger than ${BODY_LIMIT_BYTES} bytes`,
      details: [{ field: 'body', constraint: 'maxBytes', params: { max: BODY_LIMIT_BYTES } }],
    });
    return;
  }
  if (type === 'entity.parse.failed') {
    send(response, { statusCode: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' });
    return;
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    send(response, {
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'The request body must be UTF-8 JSON',
    });
    return;
  }
  next(error);
}

/** Refuses a body nested deeper than BODY_MAX_DEPTH and a query that repeats a parameter. */
function shapeLimits(request: Request, response: Response, next: NextFunction): void {
  const body: unknown = request.body;
  if (typeof body === 'object' && body !== null && jsonDepth(body, BODY_MAX_DEPTH) > BODY_MAX_DEPTH) {
    send(response, {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: `The request body is nested deeper than ${BODY_MAX_DEPTH} levels`,
      details: [{ field: 'body', constraint: 'maxDepth', params: { max: BODY_MAX_DEPTH } }],
    });
    return;
  }
  // Express parses `?a=1&a=2` as an array, and `?a[b]=1` as an object: no route takes either, and a
  // handler reading a string would get something else.
  const query = request.query as Record<string, unknown>;
  const repeated = Object.keys(query).filter((key) => typeof query[key] !== 'string');
  if (repeated.length > 0) {
    send(response, {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: `Query parameters may appear once, as plain text: ${repeated.join(', ')}`,
      details: repeated.map((field) => ({ field, constraint: 'singleValue', params: {} })),
    });
    return;
  }
  next();
}

/**
 * Body parsing with the limits above; call before `app.init()` with the app created with
 * `bodyParser: false` (Nest would otherwise register its own parsers, 100 KB and no depth check).
 */
export function useRequestLimits(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT_BYTES, extended: false });
  app.use(bodyParserErrors);
  app.use(shapeLimits);
}
