import http from 'node:http';
import https from 'node:https';
import fetch, { FetchError } from 'node-fetch';
import type { Logger } from 'pino';
import { cancelledError, GwsError } from './errors.js';
import { endpointTemplate, type UpstreamObserver } from './observer.js';

/**
 * Which pool of connections a request rides. Long-polls hold a connection for as long as GWS
 * holds the poll, so they have their own pool: held polls never take the connections of REST
 * calls, and the cap on REST connections never delays a notification stream.
 */
export type UpstreamPool = 'rest' | 'notifications';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** An absolute path below the base URL, built from validated and encoded segments. */
  path: string;
  query?: Record<string, string> | undefined;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** This request's time limit instead of the transport's, e.g. for a long-poll GWS holds. */
  timeoutMs?: number | undefined;
  /** Aborts the request when the caller no longer wants its answer (`cancelled`). */
  signal?: AbortSignal | undefined;
  /** Default `rest`. */
  pool?: UpstreamPool | undefined;
}

export interface UpstreamResponse {
  status: number;
  headers: { get(name: string): string | null };
  setCookies: string[];
  body: string;
}

export interface UpstreamTransport {
  request(request: UpstreamRequest): Promise<UpstreamResponse>;
}

export interface HttpTransportOptions {
  /** The GWS base URL, e.g. `http://gws.example.com:8090`; a path prefix is kept. */
  baseUrl: string;
  /** Each request, queueing for a connection and answer body included, must be done within this time. */
  timeoutMs: number;
  /** The largest answer body read from GWS. */
  maxResponseBytes: number;
  /**
   * The most connections REST calls hold open to GWS at once; further requests wait for a free
   * one, within their timeout.
   */
  maxSockets: number;
  /**
   * An idle pooled connection is closed after this long, so it is gone before GWS's (or a load
   * balancer's) idle timeout drops it under a request. A shorter `Keep-Alive: timeout` that GWS
   * advertises wins.
   */
  keepAliveIdleMs: number;
  logger: Logger;
  /** Told of every request sent to GWS, each attempt on its own, e.g. for metrics. */
  observer?: UpstreamObserver | undefined;
}

/**
 * Errors of a connection the peer closed or reset: on a pooled connection this is GWS having
 * dropped it while idle, before or as the request went out.
 */
const CONNECTION_RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

/**
 * HTTP to GWS over keep-alive connections: the one way REST calls and the notification stream
 * reach GWS. Only paths below the base URL can be reached.
 */
export class HttpTransport implements UpstreamTransport {
  private readonly base: URL;
  private readonly pools: Readonly<Record<UpstreamPool, http.Agent>>;
  private lastLongPollTarget: LongPollTarget | undefined;

  constructor(private readonly options: HttpTransportOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const Agent = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    const pooled = { keepAlive: true, timeout: options.keepAliveIdleMs };
    this.pools = {
      rest: new Agent({ ...pooled, maxSockets: options.maxSockets }),
      // One long-poll per agent stream: bounded by the number of agent sessions.
      notifications: new Agent(pooled),
    };
  }

  url(path: string, query?: Record<string, string>): URL {
    const url = new URL(this.base.href);
    url.pathname = `${this.base.pathname.replace(/\/$/, '')}${path}`;
    url.search = query ? new URLSearchParams(query).toString() : '';
    return url;
  }

  /**
   * Sends the request and reads the whole answer. A GET whose connection GWS reset is sent once
   * more (GETs change nothing); a POST never is, as GWS may have acted on it.
   * @throws GwsError `unavailable` (unreachable, reset, timed out) or `cancelled` (the caller's signal).
   */
  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (request.pool === 'notifications') return this.longPoll(request);
    const { method, path, signal } = request;
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    // One abort for the deadline and the caller, undone when the request ends: a long-lived caller
    // signal (a notification stream's) must not collect a listener per request.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const cancel = () => abort.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    const { logger } = this.options;
    const startedAt = Date.now();
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.send(request, abort.signal);
        } catch (error) {
          const log = { method, path, attempt, ms: Date.now() - startedAt, err: describe(error) };
          if (signal?.aborted) {
            logger.debug(log, 'gws request cancelled');
            throw cancelledError();
          }
          if (method === 'GET' && attempt === 1 && isConnectionReset(error)) {
            logger.debug(log, 'gws connection reset; sending the GET again');
            continue;
          }
          logger.warn(log, 'gws request failed');
          throw new GwsError(
            'unavailable',
            timedOut
              ? `GWS did not answer within ${timeoutMs} ms.`
              : `GWS could not be reached (${describe(error)}).`,
          );
        }
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  }

  close(): void {
    for (const pool of Object.values(this.pools)) pool.destroy();
  }

  private async send(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
    const { method, path, query } = request;
    // node-fetch, handed a signal that is already aborted, fails the body stream it never sent
    // with nobody listening: an uncaught error.
    signal.throwIfAborted();
    const url = this.url(path, query);
    const startedAt = Date.now();
    let status: number | undefined;
    try {
      const response = await this.fetch(url, request, signal);
      status = response.status;
      this.options.logger.debug(
        { method, path: url.pathname, status, ms: Date.now() - startedAt },
        'gws request',
      );
      return response;
    } finally {
      this.options.observer?.onUpstreamCall({
        method,
        endpoint: endpointTemplate(path),
        status,
        durationMs: Date.now() - startedAt,
      });
    }
  }

  /** REST calls: node-fetch, as the architecture names it. */
  private async fetch(
    url: URL,
    { method, headers, body, pool = 'rest' }: UpstreamRequest,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> {
    const response = await fetch(url, {
      method,
      headers: requestHeaders(headers, body),
      body: body === undefined ? undefined : JSON.stringify(body),
      agent: this.pools[pool],
      redirect: 'manual',
      size: this.options.maxResponseBytes,
      signal,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      setCookies: response.headers.raw()['set-cookie'] ?? [],
      body: text,
    };
  }

  /**
   * A notification long-poll (or another request of the stream): bare `node:http` over the
   * notifications pool, which costs a quarter of node-fetch's CPU per exchange (BENCHMARKS.md).
   * A stream sends one after another for as long as it lives, and a gateway with a thousand agents
   * a thousand a second, so this path takes as little as it can: the target is worked out once per
   * path, one timer is the deadline, one listener the caller's signal, and nothing is retried (every
   * request of the stream is a POST). Answers, limits and errors are those of {@link request};
   * redirects are not followed.
   */
  private longPoll(request: UpstreamRequest): Promise<UpstreamResponse> {
    const { method, path, headers, body, signal } = request;
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const { logger, observer, maxResponseBytes } = this.options;
    const target = this.longPollTarget(path, request.query);
    if (signal?.aborted) return Promise.reject(cancelledError());
    const startedAt = Date.now();
    return new Promise((resolve, reject) => {
      let status: number | undefined;
      let timedOut = false;
      let settled = false;
      let outgoing: http.ClientRequest | undefined;
      const cancel = (): void => {
        outgoing?.destroy(cancelledError());
      };
      const timer = setTimeout(() => {
        timedOut = true;
        outgoing?.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = (error: unknown, response?: UpstreamResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', cancel);
        const ms = Date.now() - startedAt;
        observer?.onUpstreamCall({ method, endpoint: target.endpoint, status, durationMs: ms });
        if (response) {
          logger.debug({ method, path: target.pathname, status, ms }, 'gws request');
          resolve(response);
          return;
        }
        const log = { method, path, attempt: 1, ms, err: describe(error) };
        if (signal?.aborted) {
          logger.debug(log, 'gws request cancelled');
          reject(cancelledError());
          return;
        }
        logger.warn(log, 'gws request failed');
        reject(
          new GwsError(
            'unavailable',
            timedOut
              ? `GWS did not answer within ${timeoutMs} ms.`
              : `GWS could not be reached (${describe(error)}).`,
          ),
        );
      };
      signal?.addEventListener('abort', cancel, { once: true });
      const options = {
        ...target.options,
        method,
        headers: requestHeaders(headers, body),
        agent: this.pools.notifications,
      };
      try {
        outgoing = target.send(options, (incoming) => {
          status = incoming.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxResponseBytes) {
              incoming.destroy(new Error(`GWS answered with more than ${maxResponseBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          incoming.on('error', finish);
          incoming.on('end', () => {
            const answer = incoming.headers;
            finish(undefined, {
              status: status ?? 0,
              headers: { get: (name) => headerValue(answer[name.toLowerCase()]) },
              setCookies: answer['set-cookie'] ?? [],
              body:
                chunks.length === 1
                  ? (chunks[0] as Buffer).toString('utf8')
                  : Buffer.concat(chunks).toString('utf8'),
            });
          });
        });
        outgoing.on('error', finish);
        outgoing.end(body === undefined ? undefined : JSON.stringify(body));
      } catch (error) {
        // Headers node:http refuses (a stray control character) fail before anything is sent.
        outgoing?.destroy();
        finish(error);
      }
    });
  }

  /** Where a long-poll goes, worked out once for the path the stream polls. */
  private longPollTarget(path: string, query: Record<string, string> | undefined): LongPollTarget {
    const cached = this.lastLongPollTarget;
    if (cached && cached.path === path && query === undefined) return cached;
    const url = this.url(path, query);
    const target: LongPollTarget = {
      path,
      pathname: url.pathname,
      endpoint: endpointTemplate(path),
      send: url.protocol === 'https:' ? https.request : http.request,
      options: {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: `${url.pathname}${url.search}`,
      },
    };
    if (query === undefined) this.lastLongPollTarget = target;
    return target;
  }
}

interface LongPollTarget {
  readonly path: string;
  readonly pathname: string;
  /** The path as metrics name it. */
  readonly endpoint: string;
  readonly send: typeof http.request;
  readonly options: Readonly<Pick<http.RequestOptions, 'protocol' | 'hostname' | 'port' | 'path'>>;
}

function requestHeaders(headers: Record<string, string>, body: unknown): Record<string, string> {
  return {
    accept: 'application/json',
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function isConnectionReset(error: unknown): boolean {
  return error instanceof FetchError && CONNECTION_RESET_CODES.has(error.code ?? '');
}

/**
 * What `promise` settles to, or a `cancelled` GwsError as soon as `signal` aborts. The work
 * behind the promise goes on for whoever else awaits it (a shared sign-in, for instance).
 */
export function unlessCancelled<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (!signal) return promise;
  let stop = () => {};
  const cancelled = new Promise<never>((_resolve, reject) => {
    stop = () => reject(cancelledError());
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  // A rejection nobody awaits any more must not surface as unhandled.
  cancelled.catch(() => undefined);
  return Promise.race([promise, cancelled]).finally(() =>
    signal.removeEventListener('abort', stop),
  );
}

/** GWS's answer to a data-changing request whose CSRF token (or HTTP session) it no longer knows. */
export function isCsrfRejection(response: { status: number; body: string }): boolean {
  return response.status === 403 && /csrf/i.test(response.body);
}

/** A short, credential-free account of why a request failed, for logs and error messages. */
export function describe(error: unknown): string {
  if (error instanceof FetchError) return error.code ?? error.type;
  return error instanceof Error ? error.message : String(error);
}
