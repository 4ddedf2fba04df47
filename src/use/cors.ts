import type http from 'node:http';
import { sendText } from './http-io.js';

/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Request headers a browser app may send: the credential and JSON, and Apollo Client's
 * `apollo-require-preflight` / `x-apollo-operation-name`, which Apollo Server's CSRF prevention
 * accepts in place of a JSON content type.
 */
const ALLOWED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
].join(', ');

/** Response headers a browser app may read besides the CORS-safelisted ones. */
const EXPOSED_RESPONSE_HEADERS = 'retry-after';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/**
 * Which browser origins may call the gateway (CORS_ORIGINS). A request without `Origin` (a native
 * app, a server) and a page of the gateway itself (the playground) are always served; a page of any
 * other site only when its origin is listed.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins);
  }

  /** Whether the request may be served: no browser origin, the gateway's own, or a listed one. */
  permits(request: http.IncomingMessage): boolean {
    const { origin } = request.headers;
    return origin === undefined || this.allowed.has(origin) || sameOrigin(origin, request);
  }

  /**
   * Answers CORS for a GraphQL path: a preflight is answered here (204 with the grant, or 403),
   * as is a request from an origin that is not allowed (403); a listed origin's request gets its
   * grant headers and goes on.
   * @returns whether the request has been answered.
   */
  answer(request: http.IncomingMessage, response: http.ServerResponse): boolean {
    const { origin } = request.headers;
    if (origin === undefined) return false;
    response.setHeader('vary', 'Origin');
    const listed = this.allowed.has(origin);
    const preflight =
      request.method === 'OPTIONS' &&
      request.headers['access-control-request-method'] !== undefined;
    if (!listed && !sameOrigin(origin, request)) {
      sendText(response, 403, `Origin ${origin} is not allowed (CORS_ORIGINS)`);
      return true;
    }
    if (listed) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-expose-headers', EXPOSED_RESPONSE_HEADERS);
    }
    if (!preflight) return false;
    response.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_REQUEST_HEADERS,
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    });
    response.end();
    return true;
  }
}

/** Whether `origin` is the gateway's own, as the browser reached it (its Host header). */
function sameOrigin(origin: string, request: http.IncomingMessage): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
