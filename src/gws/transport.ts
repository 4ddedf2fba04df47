import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import { injectTrace, inSpan, spanFailed, tracingOn } from '../telemetry/index.js';
import { cancelledError, GwsError } from './errors.js';
import type { Cancellable, RequestCanceller } from './cancellation.js';
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
  /** Ends the request like `signal`, for a caller that sends one request after another. */
  canceller?: RequestCanceller | undefined;
  /** Default `rest`. */
  pool?: UpstreamPool | undefined;
  /** The keyed hash of the agent whose request it is (AgentSession.key), for its trace span. */
  agent?: string | undefined;
}

export interface UpstreamResponse {
  status: number;
  headers: { get(name: string): string | null };
  setCookies: string[];
  body: string;
}

/** Told how a request ended: its answer, or else why it got none. */
export type RequestDone = (error: unknown, response?: UpstreamResponse) => void;

export interface UpstreamTransport {
  request(request: UpstreamRequest): Promise<UpstreamResponse>;
  /**
   * The request as `request` sends it, its end told to `done` instead of a promise, so that a
   * caller waiting long (a long-poll GWS holds) keeps no promise or suspended function meanwhile.
   */
  send(request: UpstreamRequest, done: RequestDone): void;
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

/** Why the transport itself ended an exchange: the error the exchange fails with, never a reset. */
class ExchangeStopped extends Error {}

/**
 * HTTP to GWS over keep-alive connections: the one way REST calls and the notification stream
 * reach GWS, both over bare `node:http` (BENCHMARKS.md, "REST over node:http": node-fetch cost
 * several times the CPU per exchange for the same answer). Only paths below the base URL can be
 * reached; redirects are answered as they are, never followed.
 */
export class HttpTransport implements UpstreamTransport {
  /** What every request's options share: the base URL's host and port, and its path prefix. */
  private readonly origin: Pick<http.RequestOptions, 'protocol' | 'hostname' | 'port'>;
  private readonly pathPrefix: string;
  private readonly sendHttp: typeof http.request;
  private readonly pools: Readonly<Record<UpstreamPool, http.Agent>>;

  constructor(private readonly options: HttpTransportOptions) {
    const base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const secure = base.protocol === 'https:';
    this.origin = {
      protocol: base.protocol,
      // A bracketed IPv6 literal is a URL's spelling, not a host name.
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port || (secure ? 443 : 80),
    };
    this.pathPrefix = base.pathname.replace(/\/$/, '');
    this.sendHttp = secure ? https.request : http.request;
    const Agent = secure ? https.Agent : http.Agent;
    const pooled = { keepAlive: true, timeout: options.keepAliveIdleMs };
    this.pools = {
      rest: new Agent({ ...pooled, maxSockets: options.maxSockets }),
      // One long-poll per agent stream: bounded by the number of agent sessions.
      notifications: new Agent(pooled),
    };
  }

  /**
   * Sends the request and reads the whole answer. A GET whose connection GWS reset is sent once
   * more (GETs change nothing); a POST never is, as GWS may have acted on it. With tracing on,
   * the request is a client span of the active trace, and GWS is sent its `traceparent`.
   * @throws GwsError `unavailable` (unreachable, reset, timed out) or `cancelled` (the caller's signal).
   */
  request(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (!tracingOn()) return promised((done) => this.attempts(request, done));
    const { method, path, agent } = request;
    const endpoint = endpointTemplate(path);
    const attributes = {
      'http.request.method': method,
      'url.template': endpoint,
      'server.address': this.origin.hostname ?? undefined,
      'server.port': Number(this.origin.port),
      ...(agent ? { 'gws.agent': agent } : {}),
    };
    return inSpan(`GWS ${method} ${endpoint}`, { role: 'client', attributes }, async (span) => {
      const response = await promised((done) => this.attempts(request, done));
      span?.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) spanFailed(span, `HTTP ${response.status}`);
      return response;
    });
  }

  /** {@link request} with its end told to `done`; with tracing on, `request`'s, for its span. */
  send(request: UpstreamRequest, done: RequestDone): void {
    if (!tracingOn()) {
      this.attempts(request, done);
      return;
    }
    this.request(request).then(
      (response) => done(undefined, response),
      (error: unknown) => done(error),
    );
  }

  private attempts(request: UpstreamRequest, done: RequestDone): void {
    const { method, path, signal, canceller } = request;
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const { logger } = this.options;
    if (signal?.aborted || canceller?.cancelled) {
      logger.debug({ method, path }, 'gws request cancelled');
      done(cancelledError());
      return;
    }
    // One deadline for every attempt, and one listener on the caller's signal, undone when the
    // request ends: a long-lived caller signal must not collect a listener per request.
    const stop = new StopSwitch();
    // A process busy past the deadline finds the timer and an answer come meanwhile both due, and
    // runs timers first: the deadline is applied only after the loop has read what arrived.
    let deadlinePassed: NodeJS.Immediate | undefined;
    const timer = setTimeout(() => {
      deadlinePassed = setImmediate(() => stop.flip('timeout'));
    }, timeoutMs);
    const cancel = signal && (() => stop.cancel());
    if (cancel) signal?.addEventListener('abort', cancel, { once: true });
    canceller?.inFlight(stop);
    const startedAt = Date.now();
    const end = (error: unknown, response?: UpstreamResponse) => {
      clearTimeout(timer);
      clearImmediate(deadlinePassed);
      if (cancel) signal?.removeEventListener('abort', cancel);
      canceller?.inFlight(undefined);
      done(error, response);
    };
    const attempt = (count: number) => {
      const attemptStartedAt = count === 1 ? startedAt : Date.now();
      this.roundTrip(request, stop, (error, response) => {
        // Each attempt on its own, answered or not.
        this.options.observer?.onUpstreamCall({
          method,
          endpoint: endpointTemplate(path),
          status: response?.status,
          durationMs: Date.now() - attemptStartedAt,
        });
        if (response) {
          if (logger.isLevelEnabled('debug')) {
            const ms = Date.now() - attemptStartedAt;
            const logged = { method, path: this.requestPath(path, request.query), ms };
            logger.debug({ ...logged, status: response.status }, 'gws request');
          }
          end(undefined, response);
          return;
        }
        const log = {
          method,
          path,
          attempt: count,
          ms: Date.now() - startedAt,
          err: describe(error),
        };
        if (stop.reason === 'cancelled') {
          logger.debug(log, 'gws request cancelled');
          end(cancelledError());
          return;
        }
        // A connection cut because the deadline passed is not one GWS reset.
        if (!stop.reason && method === 'GET' && count === 1 && isConnectionReset(error)) {
          logger.debug(log, 'gws connection reset; sending the GET again');
          attempt(2);
          return;
        }
        logger.warn(log, 'gws request failed');
        end(
          new GwsError(
            'unavailable',
            stop.reason === 'timeout'
              ? `GWS did not answer within ${timeoutMs} ms.`
              : `GWS could not be reached (${describe(error)}).`,
          ),
        );
      });
    };
    attempt(1);
  }

  close(): void {
    for (const pool of Object.values(this.pools)) pool.destroy();
  }

  /** One attempt: the request written, the whole answer read, within the size limit; told once. */
  private roundTrip(
    { method, path, query, headers, body, pool = 'rest' }: UpstreamRequest,
    stop: StopSwitch,
    done: RequestDone,
  ): void {
    const { maxResponseBytes } = this.options;
    let told = false;
    const fail = (error: unknown) => {
      if (told) return;
      told = true;
      done(error);
    };
    const outgoing = this.sendHttp(
      {
        ...this.origin,
        method,
        path: this.requestPath(path, query),
        headers: requestHeaders(headers, body),
        agent: this.pools[pool],
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            incoming.destroy(
              new ExchangeStopped(`GWS answered with more than ${maxResponseBytes} bytes`),
            );
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', fail);
        incoming.on('end', () => {
          if (told) return;
          told = true;
          stop.onFlip(undefined);
          const { headers: answered } = incoming;
          // Told on the next tick, as a promise would be: after the connection has gone back to
          // its pool (Node frees it on a tick of its own), so a request sent next reuses it.
          const response: UpstreamResponse = {
            status: incoming.statusCode ?? 0,
            headers: { get: (name) => headerValue(answered[name.toLowerCase()]) },
            setCookies: answered['set-cookie'] ?? [],
            // An answer in one chunk (most are) is decoded where it lies, not copied first.
            body: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'),
          };
          process.nextTick(done, undefined, response);
        });
      },
    );
    outgoing.on('error', fail);
    stop.onFlip((reason) => outgoing.destroy(new ExchangeStopped(reason)));
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  }

  /** The path below the base URL, with the query encoded. */
  private requestPath(path: string, query: Record<string, string> | undefined): string {
    const search = query ? new URLSearchParams(query).toString() : '';
    return `${this.pathPrefix}${path}${search ? `?${search}` : ''}`;
  }
}

type StopReason = 'timeout' | 'cancelled';

/**
 * Ends a request's exchange in flight when its deadline passes or its caller goes away: a timer
 * and a listener per request instead of an AbortController and its signal per attempt.
 */
class StopSwitch implements Cancellable {
  reason: StopReason | undefined;
  private stopExchange: ((reason: StopReason) => void) | undefined;

  flip(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.stopExchange?.(reason);
  }

  cancel(): void {
    this.flip('cancelled');
  }

  /** What stops the exchange now in flight (none: undefined); a switch already flipped stops it at once. */
  onFlip(stopExchange: ((reason: StopReason) => void) | undefined): void {
    this.stopExchange = stopExchange;
    if (this.reason) stopExchange?.(this.reason);
  }
}

function requestHeaders(headers: Record<string, string>, body: unknown): Record<string, string> {
  const all: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) all['content-type'] = 'application/json';
  Object.assign(all, headers);
  injectTrace(all);
  return all;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function isConnectionReset(error: unknown): boolean {
  return CONNECTION_RESET_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** The response what `start` sends is answered with, as a promise. */
export function promised(start: (done: RequestDone) => void): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    start((error, response) => (response ? resolve(response) : reject(error)));
  });
}

/** GWS's answer to a data-changing request whose CSRF token (or HTTP session) it no longer knows. */
export function isCsrfRejection(response: { status: number; body: string }): boolean {
  return response.status === 403 && /csrf/i.test(response.body);
}

/** A short, credential-free account of why a request failed, for logs and error messages. */
export function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
