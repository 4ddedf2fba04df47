import type http from 'node:http';
import { getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import {
  executeTraced,
  isEventSource,
  refusal,
  type ComponentOptions,
  type DeliverySink,
  type GatewayCore,
  type GroupPayload,
  type OperationRequest,
  type PayloadEncoding,
  type Refusal,
} from '../core/index.js';
import { continuedTrace, withinTrace } from '../telemetry/index.js';
import { clientAddress } from './client-address.js';
import { JSON_CONTENT, operationAbort, readJsonBody, refusalAnswer } from './http-io.js';

export type MultipartTransportOptions = ComponentOptions['multipart'];

export interface MultipartTransport {
  /** Serves one subscription whose request asked for a multipart answer ({@link wantsMultipart}). */
  handle(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void>;
  /** Subscriptions open now. */
  readonly openStreams: number;
  /** Ends every open subscription with the shutdown's error; clients reconnect elsewhere. */
  close(): void;
}

/**
 * The multipart boundary. Parts hold JSON, which never holds a line break, so the delimiter
 * (`\r\n---`) cannot occur inside one.
 */
const BOUNDARY = '-';
const DELIMITER = `\r\n--${BOUNDARY}`;
const CONTENT_TYPE = `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"`;
const PART_HEADERS = '\r\ncontent-type: application/json; charset=utf-8\r\n\r\n';
/** A heartbeat: an empty part, which clients skip. */
const HEARTBEAT = `${PART_HEADERS}{}${DELIMITER}`;
/** What ends the body: the delimiter just written, made the close delimiter. */
const CLOSE = '--\r\n';

/** A group payload as a part of the body, `{"payload": …}`, then the delimiter. */
const PAYLOAD_PART: PayloadEncoding<Buffer> = {
  encode: (json) => Buffer.from(`${PART_HEADERS}{"payload":${json}}${DELIMITER}`),
};

/**
 * Whether the request asks for Apollo's multipart HTTP subscription answer: an `Accept` media
 * range `multipart/mixed` with `subscriptionSpec=1.0` (quoted or not), as Apollo Client's
 * HttpLink, Apollo iOS and Apollo Kotlin send for subscriptions.
 */
export function wantsMultipart(request: http.IncomingMessage): boolean {
  const accept = request.headers.accept;
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim());
    if (type.toLowerCase() !== 'multipart/mixed') return false;
    return parameters.some((parameter) => {
      const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
      return name.toLowerCase() === 'subscriptionspec' && value.replace(/^"|"$/g, '') === '1.0';
    });
  });
}

/** Where one multipart subscription's response is. */
type StreamState =
  /** Admitted, its events not yet started: nothing written. */
  | { phase: 'admitted' }
  /** Its body is being written, a heartbeat part whenever `heartbeat` fires. */
  | { phase: 'streaming'; heartbeat: NodeJS.Timeout }
  | { phase: 'ended' };

/**
 * Subscriptions over HTTP in Apollo's multipart protocol: one request per subscription on
 * `/graphql`, authenticated by its `Authorization` header, answered `multipart/mixed` with a part
 * `{"payload": …}` per event and `{}` heartbeats, with the core's rules (the same admission,
 * trusted documents, fan-out, write-once delivery and `after` as every other transport). A
 * subscription the gateway ends gets the protocol's transport error, `{"payload": null, "errors":
 * […]}`, before the body closes. Refused before its body starts, a request is answered with an
 * HTTP status and a JSON body, as an event stream is.
 */
export function useMultipart(
  core: GatewayCore,
  { maxRequestBytes, trustProxy, heartbeatMs }: MultipartTransportOptions,
): MultipartTransport {
  const open = new Set<MultipartStream>();
  let closing = false;

  const refuse = (
    response: http.ServerResponse,
    refused: Refusal,
    operationName?: string | null,
  ): void => {
    core.admission.refuse('multipart', operationName, [refused.error]);
    answer(response, refused);
  };

  const serve = async (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
  ): Promise<void> => {
    const receivedAt = Date.now();
    if (closing) return answer(response, refusal('shutting_down'));
    const operation = await operationOf(request, url, maxRequestBytes);
    if (typeof operation === 'string') {
      return refuse(response, refusal('malformed_request', { reason: operation }));
    }
    const { authorization } = request.headers;
    if (authorization === undefined) {
      return refuse(response, refusal('missing_credentials'), operation.operationName);
    }
    const caller = { authorization, origin: clientAddress(request, trustProxy) };
    const admitted = await core.admission.admitOperation(caller, operation, 'multipart');
    if (admitted.outcome === 'refused') return answer(response, admitted.refusal);
    if (admitted.outcome === 'invalid') {
      const errors = admitted.errors.map((error) => core.results.formatRequestError(error));
      return sendJson(response, 400, { errors });
    }
    const { document, operationName } = admitted.operation;
    if (getOperationAST(document, operationName)?.operation !== 'subscription') {
      return refuse(response, refusal('not_a_subscription'), operationName);
    }
    // Checked with GWS before the body starts, so a refused client gets an HTTP status.
    const admission = await core.admission.admitStream(caller);
    if (admission.outcome === 'refused') {
      return refuse(response, admission.refusal, operationName);
    }
    const stream = new MultipartStream(response, admission.release);
    if (stream.closed) return;
    const contextValue = core.agents.context(caller, stream.work.signal, (loss) => {
      core.logger[loss.logLevel ?? 'info'](
        { reason: loss.kind },
        'ending a multipart subscription the gateway ended',
      );
      stream.lost = loss;
    });
    const args: ExecutionArgs = { schema: core.schema, ...admitted.operation, contextValue };
    const source = await executeTraced('multipart', args, () => core.subscriptions.events(args));
    if (!isEventSource(source)) {
      // Refused by its resolver (an argument it checks): one part says why, and the body ends.
      const settled = core.results.settle(source as ExecutionResult, contextValue);
      core.requests.answered('multipart', args, settled.errors, receivedAt);
      return stream.answer(settled);
    }
    if (closing || stream.closed) {
      void source.return();
      return closing ? answer(response, refusal('shutting_down')) : undefined;
    }
    const delivery = core.subscriptions.delivery(source, args, caller);
    open.add(stream);
    response.once('close', () => open.delete(stream));
    stream.start(heartbeatMs, () => void delivery.return());
    delivery.start(stream);
    core.requests.subscribed('multipart', args);
    try {
      await delivery.next();
    } catch (error) {
      core.logger.error({ err: error }, 'a multipart subscription event could not be delivered');
      stream.lost ??= refusal('subscription_upstream_unavailable');
    }
    stream.end();
  };

  return {
    // Within the client's trace: the operation's span is a child of it.
    handle: (request, response, url) =>
      withinTrace(continuedTrace(request.headers), () => serve(request, response, url)),
    get openStreams() {
      return open.size;
    },
    close: () => {
      closing = true;
      for (const stream of open) stream.shutDown();
    },
  };
}

/** One multipart subscription's response: its body's parts, heartbeat and end. */
class MultipartStream implements DeliverySink {
  /** Aborted when the client goes or the subscription ends: ends its upstream work. */
  readonly work = operationAbort();
  /** Why the gateway ended the subscription, once it has. */
  lost: Refusal | undefined = undefined;
  private state: StreamState = { phase: 'admitted' };
  /** Ends the delivery, when the client goes or the gateway shuts down. */
  private stop: () => void = () => undefined;

  constructor(
    private readonly response: http.ServerResponse,
    /** Gives back the subscription's place among its agent's streaming connections. */
    release: () => void,
  ) {
    // Gone while it was admitted: its close may have been told already.
    if (response.destroyed) release();
    response.once('close', () => {
      release();
      this.work.abort();
      this.finish();
      this.stop();
    });
  }

  /** Whether the client has gone. */
  get closed(): boolean {
    return this.response.destroyed;
  }

  /** Starts the body, and its heartbeat; `stop` ends the delivery. */
  start(heartbeatMs: number, stop: () => void): void {
    this.stop = stop;
    this.response.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' });
    // The first delimiter; a part follows each one.
    this.response.write(DELIMITER);
    const heartbeat = setInterval(() => {
      if (!this.isBehind()) this.response.write(HEARTBEAT);
    }, heartbeatMs);
    this.state = { phase: 'streaming', heartbeat };
  }

  /** A whole answer in one part: the result, then the end. */
  answer(result: unknown): void {
    this.response.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' });
    this.response.end(
      `${DELIMITER}${PART_HEADERS}${JSON.stringify({ payload: result })}${DELIMITER}${CLOSE}`,
    );
    this.finish();
  }

  isOpen(): boolean {
    return this.state.phase === 'streaming' && this.response.writable;
  }

  isBehind(): boolean {
    return this.response.writableNeedDrain;
  }

  write(payload: GroupPayload, written?: () => void): void {
    this.response.write(payload.encodedAs(PAYLOAD_PART), written);
  }

  /** The gateway shuts down: the subscription ends with that error. */
  shutDown(): void {
    this.lost ??= refusal('shutting_down');
    this.stop();
  }

  /** The subscription's events ended: the error that ended it, if one did, then the close. */
  end(): void {
    if (this.state.phase !== 'streaming') return;
    this.finish();
    if (!this.response.writable) return;
    const error = this.lost
      ? `${PART_HEADERS}${JSON.stringify({ payload: null, errors: [this.lost.error.toJSON()] })}${DELIMITER}`
      : '';
    this.response.end(`${error}${CLOSE}`);
  }

  private finish(): void {
    if (this.state.phase === 'streaming') clearInterval(this.state.heartbeat);
    this.state = { phase: 'ended' };
    this.work.abort();
  }
}

/** The operation the request carries (POST body, or GET parameters), or why it carries none. */
async function operationOf(
  request: http.IncomingMessage,
  url: URL,
  maxRequestBytes: number,
): Promise<OperationRequest | string> {
  if (request.method === 'GET') {
    // As Apollo Server's CSRF prevention: a GET that a page of another site can send without a
    // preflight does not start one.
    if (
      !request.headers['apollo-require-preflight'] &&
      !request.headers['x-apollo-operation-name']
    ) {
      return 'A GET subscription needs an apollo-require-preflight or x-apollo-operation-name header.';
    }
    const search = url.searchParams;
    const variables = jsonParameter(search.get('variables'));
    const extensions = jsonParameter(search.get('extensions'));
    if (variables === null || extensions === null) {
      return 'The variables and extensions parameters must be JSON objects.';
    }
    return {
      query: search.get('query') ?? undefined,
      operationName: search.get('operationName') ?? undefined,
      variables,
      extensions,
    };
  }
  if (request.method !== 'POST') return 'A subscription is sent with POST or GET.';
  const body = await readJsonBody(request, maxRequestBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'The body must be a JSON object sent as application/json.';
  }
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (
    (query !== undefined && typeof query !== 'string') ||
    (operationName !== undefined && operationName !== null && typeof operationName !== 'string') ||
    !isOptionalObject(variables) ||
    !isOptionalObject(extensions)
  ) {
    return 'query and operationName must be strings, variables and extensions objects.';
  }
  return {
    query,
    operationName,
    variables: variables as Record<string, unknown> | null | undefined,
    extensions: extensions as Record<string, unknown> | null | undefined,
  };
}

/** A JSON object parameter: undefined when absent, null when it is no JSON object. */
function jsonParameter(text: string | null): Record<string, unknown> | undefined | null {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return isOptionalObject(value) ? ((value ?? undefined) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isOptionalObject(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value))
  );
}

function answer(response: http.ServerResponse, refused: Refusal): void {
  const { status, headers, body } = refusalAnswer(refused);
  response.writeHead(status, headers);
  response.end(body);
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, JSON_CONTENT);
  response.end(JSON.stringify(body));
}
