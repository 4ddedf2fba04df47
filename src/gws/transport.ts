import http from 'node:http';
import https from 'node:https';
import fetch, { FetchError } from 'node-fetch';
import type { Logger } from 'pino';
import { GwsError } from './errors.js';
import { endpointTemplate, type UpstreamObserver } from './observer.js';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** An absolute path below the base URL, built from validated and encoded segments. */
  path: string;
  query?: Record<string, string> | undefined;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
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
  /** Each request, answer body included, must be done within this time. */
  timeoutMs: number;
  /** The largest answer body read from GWS. */
  maxResponseBytes: number;
  logger: Logger;
  /** Told of every request's end, e.g. for metrics. */
  observer?: UpstreamObserver | undefined;
}

/** HTTP to GWS over keep-alive connections. Only paths below the base URL can be reached. */
export class HttpTransport implements UpstreamTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(private readonly options: HttpTransportOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true })
        : new http.Agent({ keepAlive: true });
  }

  url(path: string, query?: Record<string, string>): URL {
    const url = new URL(this.base.href);
    url.pathname = `${this.base.pathname.replace(/\/$/, '')}${path}`;
    url.search = query ? new URLSearchParams(query).toString() : '';
    return url;
  }

  async request({
    method,
    path,
    query,
    headers,
    body,
  }: UpstreamRequest): Promise<UpstreamResponse> {
    const url = this.url(path, query);
    const startedAt = Date.now();
    const { timeoutMs, logger, observer } = this.options;
    let status: number | undefined;
    try {
      const response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        agent: this.agent,
        redirect: 'manual',
        size: this.options.maxResponseBytes,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      status = response.status;
      logger.debug(
        { method, path: url.pathname, status: response.status, ms: Date.now() - startedAt },
        'gws request',
      );
      return {
        status: response.status,
        headers: response.headers,
        setCookies: response.headers.raw()['set-cookie'] ?? [],
        body: text,
      };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'AbortError';
      logger.warn(
        { method, path: url.pathname, ms: Date.now() - startedAt, err: describe(error) },
        'gws request failed',
      );
      throw new GwsError(
        'unavailable',
        timedOut
          ? `GWS did not answer within ${timeoutMs} ms.`
          : `GWS could not be reached (${describe(error)}).`,
      );
    } finally {
      observer?.onUpstreamCall({
        method,
        endpoint: endpointTemplate(path),
        status,
        durationMs: Date.now() - startedAt,
      });
    }
  }

  close(): void {
    this.agent.destroy();
  }
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
