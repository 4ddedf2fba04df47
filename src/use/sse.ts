import http from 'node:http';
import { execute, type ExecutionResult } from 'graphql';
import { createHandler, type RequestParams, type Response as SseResponse } from 'graphql-sse';
import {
  executeTraced,
  isEventSource,
  refusal,
  type ComponentOptions,
  type GatewayCore,
  type Refusal,
} from '../core/index.js';
import { ErrorCode, type Context } from '../graphql/index.js';
import { continuedTrace, withinTrace } from '../telemetry/index.js';
import { clientAddress } from './client-address.js';
import { JSON_CONTENT, readJsonBody, refusalAnswer } from './http-io.js';
import { EventStream, StreamEnd } from './sse-stream.js';

export type SseTransportOptions = ComponentOptions['sse'];

export interface SseTransport {
  /** Serves one GraphQL over Server-Sent Events request (graphql-sse, distinct connections). */
  handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
  /** Streams open now. */
  readonly openStreams: number;
  /** Ends every open stream; graphql-sse clients reconnect, as after a lost connection. */
  close(): void;
}

/** graphql-sse's context type must be an indexable record. */
type StreamContext = Context & Record<PropertyKey, unknown>;

/**
 * graphql-sse (the GraphQL over Server-Sent Events protocol) in its distinct connections mode: each
 * operation is one `text/event-stream` response, authenticated by its `Authorization` header,
 * with the core's rules; a subscription's events are written by the core's delivery, executed
 * once per group and serialized once. The single connection mode is not offered: it keeps a
 * stream per token registered by a separate request, which a client could leave unbounded.
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

  const handler = createHandler<http.IncomingMessage, EventStream, StreamContext>({
    schema: core.schema,
    // Every document reaching graphql-sse comes from the core, which has validated it already.
    validate: () => [],
    // Only the credential's presence here: a refused document is answered before GWS is asked.
    authenticate: (request) => {
      const { authorization } = request.raw.headers;
      if (authorization === undefined) return refused(refusal('missing_credentials'));
      request.context.identify({ authorization, origin: clientAddress(request.raw, trustProxy) });
      // No token: every stream is its own connection (distinct connections mode).
      return null;
    },
    onSubscribe: async ({ context: stream, raw }, params) => {
      const { caller } = stream;
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
      if (admission.outcome === 'refused') return refused(admission.refusal, params);
      stream.holdPlace(admission.release);
      const onLost = (loss: Refusal): void => {
        stream.lost = loss;
        core.logger[loss.logLevel ?? 'info'](
          { reason: loss.kind },
          'ending an event stream whose subscription the gateway ended',
        );
      };
      // An EventSource reconnecting sends the `id` of the last event it received: its cursor.
      const lastEventId = headerValue(raw, 'last-event-id') || undefined;
      const contextValue = core.agents.context(
        caller,
        stream.work.signal,
        onLost,
        lastEventId,
      ) as StreamContext;
      return { schema: core.schema, ...admitted.operation, contextValue };
    },
    execute: (args) => executeTraced('sse', args, () => execute(args)),
    subscribe: (args) => executeTraced('sse', args, () => core.subscriptions.events(args)),
    onOperation: (_context, { context: stream }, args, result) => {
      if (!isEventSource(result)) {
        stream.operation = { phase: 'answering', ran: args };
        return undefined;
      }
      const delivery = core.subscriptions.delivery(result, args, stream.caller);
      stream.operation = { phase: 'subscribed', delivery };
      core.requests.subscribed('sse', args);
      return new StreamEnd(delivery, stream);
    },
    onNext: (context, { context: stream }, result) => {
      const { operation } = stream;
      // A subscription's only result here: the error that says why the gateway ended it.
      if (operation.phase === 'subscribed') return formatted(core, result as ExecutionResult);
      const settled = core.results.settle(result as ExecutionResult, context);
      if (operation.phase === 'answering') {
        stream.operation = { phase: 'answered' };
        core.requests.answered('sse', operation.ran, settled.errors, stream.receivedAt);
      }
      // graphql-sse sends it as JSON; its type wants GraphQLError where the formatted ones go.
      return settled as unknown as ExecutionResult;
    },
    onComplete: (_context, { context: stream }) => stream.work.abort(),
  });

  return {
    handle: async (request, response) => {
      // A client gone before the stream opens ends its operation's upstream work all the same.
      const stream = new EventStream(response);
      if (closing) return shuttingDown(response);
      const body = await readJsonBody(request, maxRequestBytes);
      // Within the client's trace: the operation's span is a child of it.
      const [payload, init] = await withinTrace(continuedTrace(request.headers), () =>
        handler({
          method: request.method ?? 'GET',
          url: withQueryParameter(request),
          headers: { get: (name) => headerValue(request, name) },
          body: withQuery(body),
          raw: request,
          context: stream,
        }),
      );
      const streaming = payload !== null && typeof payload !== 'string';
      // The client left, or shutdown began, while the stream was being set up.
      if (streaming && (closing || stream.closed)) {
        stream.work.abort();
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
      stream.startDelivery();
      // graphql-sse's own messages: keep-alive comments, a single result, `complete`.
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

/** A result the gateway made, not an execution's: its errors coded, as graphql-sse sends it. */
function formatted(core: GatewayCore, result: ExecutionResult): ExecutionResult {
  const errors = result.errors?.map((error) => core.results.formatRequestError(error));
  return { ...result, errors } as unknown as ExecutionResult;
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
