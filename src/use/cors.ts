import type http from 'node:http';
import cors from 'cors';
import { sendText } from './http-io.js';

/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Request headers a browser app may always send: the credential and JSON; `accept` (the multipart
 * subscription protocol's value holds quotes, which leave the CORS safelist); Apollo Client's
 * `apollo-require-preflight` / `x-apollo-operation-name`, which Apollo Server's CSRF prevention
 * accepts in place of a JSON content type; Apollo's client awareness; W3C trace context; and
 * `last-event-id`, which an event stream resumes with.
 */
export const ALWAYS_ALLOWED_REQUEST_HEADERS: readonly string[] = [
  'authorization',
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'traceparent',
  'tracestate',
  'last-event-id',
];

/** Response headers a browser app may read besides the CORS-safelisted ones. */
const EXPOSED_RESPONSE_HEADERS = ['retry-after'];

const ALLOWED_METHODS = ['GET', 'POST', 'OPTIONS'];

/** The settings that say which origins are trusted. */
export interface OriginSettings {
  /** CORS_ORIGINS: other sites' origins, granted CORS. */
  corsOrigins: readonly string[];
  /** CORS_ALLOWED_HEADERS: request headers allowed besides {@link ALWAYS_ALLOWED_REQUEST_HEADERS}. */
  corsAllowedHeaders: readonly string[];
  /** PUBLIC_URL: where browsers reach the gateway; its origin is the gateway's own. */
  publicUrl: string | undefined;
  /** NODE_ENV=production: without PUBLIC_URL, the gateway has no origin of its own. */
  production: boolean;
}

/**
 * The origin of the gateway's own pages (the playground), from configuration only: never from the
 * request's Host header, which a page on a name rebound to the gateway's address (DNS rebinding)
 * sets to match its own origin.
 */
type OwnOrigin =
  | { kind: 'public'; origin: string }
  /** Development: the loopback origins of the port the request came in on, as `npm start` serves. */
  | { kind: 'loopback' }
  | { kind: 'none' };

/** How an origin stands: a listed other site's, the gateway's own, or refused. */
type OriginStanding = 'listed' | 'own' | 'refused';

/**
 * Which browser origins may call the gateway. A request without `Origin` (a native app, a server),
 * a page of the gateway itself (the playground, at PUBLIC_URL's origin or in development a loopback
 * origin of the gateway's port) and a site listed in CORS_ORIGINS are served; any other is not.
 */
export class OriginPolicy {
  private readonly listed: ReadonlySet<string>;
  private readonly own: OwnOrigin;
  /** The grant for a listed origin, by the `cors` middleware: it reflects the request's origin. */
  private readonly grant: ReturnType<typeof cors>;

  constructor({ corsOrigins, corsAllowedHeaders, publicUrl, production }: OriginSettings) {
    this.listed = new Set(corsOrigins);
    this.grant = cors({
      origin: true,
      methods: ALLOWED_METHODS,
      allowedHeaders: [...new Set([...ALWAYS_ALLOWED_REQUEST_HEADERS, ...corsAllowedHeaders])],
      exposedHeaders: EXPOSED_RESPONSE_HEADERS,
      maxAge: PREFLIGHT_MAX_AGE_SECONDS,
      optionsSuccessStatus: 204,
    });
    if (publicUrl !== undefined) this.own = { kind: 'public', origin: new URL(publicUrl).origin };
    else this.own = production ? { kind: 'none' } : { kind: 'loopback' };
  }

  /** Whether the request may be served: no browser origin, the gateway's own, or a listed one. */
  permits(request: http.IncomingMessage): boolean {
    const { origin } = request.headers;
    return origin === undefined || this.standing(origin, request) !== 'refused';
  }

  /**
   * Answers CORS for a GraphQL path: a request from an origin that is not allowed is answered 403
   * with no grant; a listed origin's preflight is answered 204 with the grant, its other requests
   * get the grant headers and go on; the gateway's own pages' requests need no grant.
   * @returns whether the request has been answered.
   */
  answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> {
    const { origin } = request.headers;
    if (origin === undefined) return Promise.resolve(false);
    const standing = this.standing(origin, request);
    const preflight =
      request.method === 'OPTIONS' &&
      request.headers['access-control-request-method'] !== undefined;
    // The gateway's own pages need no grant; a preflight from one (a browser never sends it for
    // its own origin, a tool may) is answered as a listed origin's.
    if (standing === 'refused' || (standing === 'own' && !preflight)) {
      response.setHeader('vary', 'Origin');
      if (standing === 'own') return Promise.resolve(false);
      sendText(response, 403, `Origin ${origin} is not allowed (CORS_ORIGINS, PUBLIC_URL)`);
      return Promise.resolve(true);
    }
    return new Promise((resolve, reject) => {
      // The middleware ends a preflight itself, and calls on for any other request.
      const answered = (): void => resolve(true);
      response.once('finish', answered);
      this.grant(request, response, (error?: unknown) => {
        response.off('finish', answered);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(false);
      });
    });
  }

  private standing(origin: string, request: http.IncomingMessage): OriginStanding {
    if (this.listed.has(origin)) return 'listed';
    switch (this.own.kind) {
      case 'public':
        return origin === this.own.origin ? 'own' : 'refused';
      case 'loopback':
        // The port the connection came in on is the one the gateway listens on, whatever the
        // request says.
        return loopbackOrigins(request.socket.localPort).has(origin) ? 'own' : 'refused';
      case 'none':
        return 'refused';
    }
  }
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** `http://localhost:PORT`, `http://127.0.0.1:PORT` and `http://[::1]:PORT`, as browsers write them. */
function loopbackOrigins(port: number | undefined): ReadonlySet<string> {
  if (port === undefined) return new Set();
  return new Set(LOOPBACK_HOSTS.map((host) => new URL(`http://${host}:${port}`).origin));
}
