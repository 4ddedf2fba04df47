import http from 'node:http';
import type { ExecutionResult } from 'graphql';
import { createHandler, type RequestParams, type Response as SseResponse } from 'graphql-sse';
import { refusal, type GatewayCore, type OperationRef, type Refusal } from '../core/index.js';
import { ErrorCode, type Caller, type Context } from '../graphql/index.js';
import { isAsyncIterable } from './async-iterable.js';
import { clientAddress } from './client-address.js';
import { JSON_CONTENT, operationAbort, readJsonBody, refusalAnswer } from './http-io.js';

export interface SseTransportOptions {
  /** The largest request body accepted (MAX_REQUEST_BYTES); a larger one is answered 413. */
  maxRequestBytes: number;
  /** TRUST_PROXY: proxies whose `X-Forwarded-For` entries name the client; see `clientAddress`. */
  trustProxy: number;
}

export interface SseTransport {
  /** Serves one GraphQL over Server-Sent Events request (graphql-sse, distinct connections). */
  handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
  /** Streams open now. */
  readonly openStreams: number;
  /** Ends every open stream; graphql-sse clients reconnect, as after a lost connection. */
  close(): void;
}

/** What the gateway keeps on each event stream while it is open. */
interface StreamState {
  response: http.ServerResponse;
  /** The credential the stream was accepted with, and its origin, once it has been. */
  caller?: Caller;
  /** Aborted when the client goes or the operation ends: ends its upstream work. */
  operation: AbortController;
  /** Why the gateway ended the stream's subscription, once it has. */
  lost?: Refusal;
  /** When the request was received: the start of its operation's time in the metrics. */
  receivedAt: number;
  /** The operation, once it runs. */
  ran?: OperationRef;
  /** Whether the operation is counted in the metrics already: its events started, or its result sent. */
  counted?: boolean;
  /** Whether the response has closed: the client left, or the stream ended. */
  closed: boolean;
  /** Gives back the stream's place among its agent's streaming connections, once admitted. */
  release?: () => void;
}

/** graphql-sse's context type must be an indexable record. */
type StreamContext = Context & Record<PropertyKey, unknown>;

/**
 * graphql-sse (the GraphQL over Server-Sent Events protocol) in its distinct connections mode: each
 * subscription is one `text/event-stream` response, authenticated by its `Authorization` header,
 * with the core's rules. The single connection mode is not offered: it keeps a stream per token
 * registered by a separate request, which a client could leave unbounded.
 */
export function useServerSentEvents(
  core: GatewayCore,
  { maxRequestBytes, trustProxy }: SseTransportOptions,
): SseTransport {
  const open = new Set<http.ServerResponse>();
  /** Set by close(): a stream that arrives, or finishes setting up, afterwards is refused. */
  let closing = false;
  /** A request refused before its stream opens, counted and answered as the refusal says. */
  const refused = (answered: Refusal, params?: RequestParams): SseResponse => {
    core.admission.refuse('sse', params?.operationName, [answered.error]);
    const { status, headers, body } = refusalAnswer(answered);
    return [body, { status, statusText: http.STATUS_CODES[status] ?? '', headers }];
  };

  const handler = createHandler<http.IncomingMessage, StreamState, StreamContext>({
    schema: core.schema,
    // Every document reaching graphql-sse comes from the core, which has validated it already.
    validate: () => [],
    // Only the credential's presence here: a refused document is answered before GWS is asked.
    authenticate: (request) => {
      const { authorization } = request.raw.headers;
      if (authorization === undefined) return refused(refusal('missing_credentials'));
      request.context.caller = {
        authorization,
        origin: clientAddress(request.raw, trustProxy),
      };
      // No token: every stream is its own connection (distinct connections mode).
      return null;
    },
    onSubscribe: async (request, params) => {
      const caller = request.context.caller as Caller;
      const admitted = await core.admission.admitOperation(caller, params, 'sse');
      if (admitted.outcome === 'refused') return refused(admitted.refusal, params);
      if (admitted.outcome === 'invalid') {
        const errors = admitted.errors.map((error) => core.results.formatRequestError(error));
        return [
          JSON.stringify({ errors }),
          { status: 400, statusText: 'Bad Request', headers: JSON_CONTENT },
        ];
      }
      // Checked with GWS before the stream opens, so a refused client gets an HTTP status.
      const admission = await core.admission.admitStream(caller);
      switch (admission.outcome) {
        case 'refused':
          return refused(admission.refusal, params);
        case 'accepted':
          // Held while the response is open; one that closed meanwhile gives it back at once.
          if (request.context.closed) admission.release();
          else request.context.release = admission.release;
          return {
            schema: core.schema,
            ...admitted.operation,
            contextValue: streamContext(core, request.context),
          };
      }
    },
    context: (request) => streamContext(core, request.context),
    onOperation: (_context, request, args, result) => {
      request.context.ran = { document: args.document, operationName: args.operationName };
      if (!isAsyncIterable<ExecutionResult>(result)) return undefined;
      request.context.counted = true;
      core.requests.subscribed('sse', args);
      return paced(result, request.context);
    },
    onNext: (context, request, result) => {
      const stream = request.context;
      const settled = core.results.settle(result as ExecutionResult, context);
      // A single result is the operation's only one: counted here.
      if (!stream.counted && stream.ran) {
        stream.counted = true;
        core.requests.answered('sse', stream.ran, settled.errors, stream.receivedAt);
      }
      // graphql-sse sends it as JSON; its type wants GraphQLError where the formatted ones go.
      return settled as unknown as ExecutionResult;
    },
    onComplete: (_context, request) => request.context.operation.abort(),
  });

  return {
    handle: async (request, response) => {
      // A client gone before the stream opens ends its operation's upstream work all the same.
      // `closed`, not the operation's signal, tells that the client left: a single result's
      // operation is done (and its signal aborted) before its stream is written.
      const state: StreamState = {
        response,
        operation: operationAbort(),
        receivedAt: Date.now(),
        closed: false,
      };
      response.once('close', () => {
        state.closed = true;
        state.release?.();
        state.operation.abort();
      });
      if (closing) return shuttingDown(response);
      const body = await readJsonBody(request, maxRequestBytes);
      const [payload, init] = await handler({
        method: request.method ?? 'GET',
        url: withQueryParameter(request),
        headers: { get: (name) => headerValue(request, name) },
        body: withQuery(body),
        raw: request,
        context: state,
      });
      const stream = payload !== null && typeof payload !== 'string';
      // The client left, or shutdown began, while the stream was being set up.
      if (stream && (closing || state.closed)) {
        state.operation.abort();
        await payload.return();
        return closing ? shuttingDown(response) : undefined;
      }
      response.writeHead(init.status, init.statusText, init.headers);
      if (payload === null || typeof payload === 'string') {
        response.end(payload === null ? undefined : codedRefusal(payload));
        return;
      }
      open.add(response);
      response.once('close', () => {
        open.delete(response);
        void payload.return();
      });
      for await (const message of payload) {
        if (!response.writable) break;
        response.write(message);
      }
      response.end();
    },
    get openStreams() {
      return open.size;
    },
    close: () => {
      closing = true;
      for (const response of open) response.end();
    },
  };
}

/** Refuses a stream once shutdown has begun; the client reconnects to another replica. */
function shuttingDown(response: http.ServerResponse): void {
  const { status, headers, body } = refusalAnswer(refusal('shutting_down'));
  response.writeHead(status, { ...headers, connection: 'close' });
  response.end(body);
}

/** The context of a stream's operation, made once per stream. */
function streamContext(core: GatewayCore, stream: StreamState): StreamContext {
  // Only an accepted stream reaches an operation.
  return core.agents.context(stream.caller as Caller, stream.operation.signal, (loss) => {
    stream.lost = loss;
    core.logger[loss.logLevel ?? 'info'](
      { reason: loss.kind },
      'ending an event stream whose subscription the gateway ended',
    );
  }) as StreamContext;
}

/**
 * A subscription's results, taken from its bounded queue only while the response can take more:
 * graphql-sse buffers whatever it is given without bound, so a reader that falls behind must
 * leave its events in the queue, where it overflows. Ends with the error saying why when the
 * gateway ended the subscription, as graphql-sse then sends `complete`.
 */
async function* paced(
  results: AsyncIterable<ExecutionResult>,
  stream: StreamState,
): AsyncGenerator<ExecutionResult> {
  const iterator = results[Symbol.asyncIterator]();
  // A generator's return() waits for its pending step: the source's is called at once instead.
  const stop = () => void iterator.return?.();
  stream.operation.signal.addEventListener('abort', stop, { once: true });
  try {
    // Aborted before graphql-sse took the first result: the listener above never fires.
    if (stream.operation.signal.aborted) return;
    for (;;) {
      await writable(stream.response);
      const next = await iterator.next();
      if (next.done) break;
      yield next.value;
    }
    if (stream.lost) yield { errors: [stream.lost.error] };
  } finally {
    stream.operation.signal.removeEventListener('abort', stop);
    await iterator.return?.();
  }
}

/** Resolves once the response's buffer has room again, or it has closed. */
function writable(response: http.ServerResponse): Promise<void> {
  if (!response.writableNeedDrain || response.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
}

function headerValue(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The body with an empty `query` where it has none: graphql-sse refuses a request without one,
 * and a trusted document is sent by its hash alone.
 */
function withQuery(body: unknown): string | Record<PropertyKey, unknown> | null {
  if (body === undefined) return null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return String(body);
  return 'query' in body ? (body as Record<string, unknown>) : { ...body, query: '' };
}

/** The URL of a GET with an empty `query` parameter where it has none, as {@link withQuery}. */
function withQueryParameter(request: http.IncomingMessage): string {
  const url = request.url ?? '/';
  if (request.method !== 'GET') return url;
  const parsed = new URL(url, 'http://localhost');
  if (parsed.searchParams.has('query')) return url;
  parsed.searchParams.set('query', '');
  return `${parsed.pathname}${parsed.search}`;
}

/** graphql-sse's own refusals (a malformed request) carry no code: BAD_USER_INPUT, as on HTTP. */
function codedRefusal(payload: string): string {
  let parsed: { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  try {
    parsed = JSON.parse(payload) as typeof parsed;
  } catch {
    return payload;
  }
  if (!Array.isArray(parsed.errors)) return payload;
  return JSON.stringify({
    errors: parsed.errors.map((error) =>
      error.extensions?.code
        ? error
        : { ...error, extensions: { code: ErrorCode.BadUserInput, reason: 'BAD_REQUEST' } },
    ),
  });
}
