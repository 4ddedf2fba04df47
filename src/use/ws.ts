import type http from 'node:http';
import {
  GraphQLError,
  createSourceEventStream,
  getOperationAST,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { SUBSCRIPTION_LOSS, type GatewayCore } from '../core.js';
import { ErrorCode, type Caller, type Context, type SubscriptionLoss } from '../graphql/index.js';
import { isAsyncIterable } from './async-iterable.js';
import { EventBroadcast } from './broadcast.js';
import { clientAddress } from './client-address.js';
import { WriteCoalescer, deliverSubscription } from './ws-delivery.js';
import type { OriginPolicy } from './cors.js';

/** WebSocket close codes the gateway uses besides graphql-ws's own (4401, 4403, 4408, …). */
export const GatewayCloseCode = {
  /** Server shutdown. */
  GoingAway: 1001,
  /**
   * GWS could not be asked about the credentials, or the agent's notification stream failed
   * ("Bad Gateway"; graphql-ws clients retry it, where they give up on 1011).
   */
  UpstreamUnavailable: 1014,
  /** A subscriber fell too far behind the events meant for it. */
  SubscriberTooSlow: 1013,
  /**
   * Too many sign-ins with unknown credentials for the user name ("Try Again Later"; graphql-ws
   * clients retry it, where they give up on 4403).
   */
  SignInThrottled: 1013,
} as const;

/** The close code that tells a connection the gateway ended one of its subscriptions, and why. */
const SUBSCRIPTION_LOSS_CLOSE_CODE: Readonly<Record<SubscriptionLoss, number>> = {
  too_slow: GatewayCloseCode.SubscriberTooSlow,
  credentials_rejected: CloseCode.Forbidden,
  upstream_unavailable: GatewayCloseCode.UpstreamUnavailable,
};

export interface WebSocketTransportOptions {
  /** The HTTP server whose upgrades at `path` are graphql-ws connections. */
  server: http.Server;
  path: string;
  /** Which browser origins may open a connection; an upgrade from another is refused with 403. */
  origins: OriginPolicy;
  /** The largest message accepted (MAX_REQUEST_BYTES); ws closes the socket with 1009 past it. */
  maxPayloadBytes: number;
  /** WS_CONNECTION_INIT_TIMEOUT_MS: no `connection_init` by then closes the socket with 4408. */
  connectionInitTimeoutMs: number;
  /** WS_KEEPALIVE_MS: the ping interval; a peer that misses a pong is dropped. */
  keepAliveMs: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: operations one connection may run at once. */
  maxOperationsPerConnection: number;
  /** TRUST_PROXY: proxies whose `X-Forwarded-For` entries name the client; see `clientAddress`. */
  trustProxy: number;
}

export interface WebSocketTransport {
  /** Connections open now. */
  readonly openConnections: number;
  /** Closes every connection with 1001; a peer that does not answer within `waitMs` is cut off. */
  close(waitMs: number): Promise<void>;
}

/** The signal of operations that nothing aborts. */
const NEVER_ABORTED = new AbortController().signal;

/** What the gateway keeps on each WebSocket connection. */
type SocketExtra = {
  /** The credential the connection was accepted with, and its origin. */
  caller?: Caller;
  /** When each operation not yet counted in the metrics was received, by operation id. */
  receivedAt?: Map<string, number>;
};

/** graphql-ws (`graphql-transport-ws`) over `ws`, with the core's rules. */
export function useWebSockets(
  core: GatewayCore,
  options: WebSocketTransportOptions,
): WebSocketTransport {
  const { logger } = core;
  let openConnections = 0;
  const webSockets = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    // Subscription events are written to the TCP socket as finished frames (see
    // deliverSubscription), which needs every frame uncompressed and sent at once, in order.
    perMessageDeflate: false,
    verifyClient: ({ req }, accept) => {
      if (options.origins.permits(req)) return accept(true);
      logger.info({ origin: req.headers.origin }, 'WebSocket refused: origin not allowed');
      accept(false, 403, 'Origin not allowed');
    },
  });
  const closeOnSubscriptionLoss = (socket: WebSocket, reason: SubscriptionLoss): void => {
    if (socket.readyState !== socket.OPEN) return;
    const code = SUBSCRIPTION_LOSS_CLOSE_CODE[reason];
    logger.warn({ reason, code }, 'closing a WebSocket whose subscription the gateway ended');
    socket.close(code, SUBSCRIPTION_LOSS[reason].message);
  };
  /**
   * Each connection's operations whose work has not ended yet, by id, with the abort that ends
   * it. graphql-ws forgets an operation the client completes at once, while its work goes on.
   */
  const running = new WeakMap<WebSocket, Map<string, AbortController>>();
  const operationsOf = (socket: WebSocket): Map<string, AbortController> => {
    let operations = running.get(socket);
    if (!operations) running.set(socket, (operations = new Map()));
    return operations;
  };
  const ended = (socket: WebSocket, id: string): void => {
    operationsOf(socket).get(id)?.abort();
    operationsOf(socket).delete(id);
  };
  const broadcast = new EventBroadcast(core);
  const coalescer = new WriteCoalescer();
  const graphqlWs = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema: core.service.schema,
      // A subscription yields its hub events unexecuted: onOperation delivers them, executed once
      // per group (see EventBroadcast), instead of graphql-js executing them per subscriber.
      subscribe: (args) =>
        createSourceEventStream(args) as Promise<AsyncIterable<ExecutionResult> | ExecutionResult>,
      onOperation: (ctx, id, _payload, args, result) => {
        if (!isAsyncIterable(result)) return undefined;
        ctx.extra.receivedAt?.delete(id);
        core.recordSubscribed('ws', args);
        // Completed by the client while it was being subscribed: graphql-ws ends it without
        // calling onComplete.
        if (!(id in ctx.subscriptions)) ended(ctx.extra.socket, id);
        const delivery = deliverSubscription({
          socket: ctx.extra.socket,
          id,
          source: result[Symbol.asyncIterator]() as AsyncIterator<object>,
          subscription: {
            groupKey: broadcast.groupKey(args),
            args: {
              schema: args.schema,
              document: args.document,
              operationName: args.operationName,
              variableValues: args.variableValues,
            },
            caller: ctx.extra.caller as Caller,
          },
          broadcast,
          coalescer,
        });
        // The subscriber's context served its subscribe resolver only (each event gets a group
        // context); graphql-ws holds these arguments for the subscription's lifetime.
        args.contextValue = undefined;
        return delivery;
      },
      connectionInitWaitTimeout: options.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const caller = {
          authorization: authorizationParam(ctx.connectionParams),
          origin: clientAddress(ctx.extra.request, options.trustProxy),
        };
        const { outcome } = await core.authenticate(caller);
        const { socket } = ctx.extra;
        if (outcome === 'missing') socket.close(CloseCode.Unauthorized, 'Unauthorized');
        if (outcome === 'unavailable') {
          socket.close(GatewayCloseCode.UpstreamUnavailable, 'GWS is unavailable');
        }
        if (outcome === 'throttled') {
          socket.close(GatewayCloseCode.SignInThrottled, 'Too many sign-ins; try again later');
        }
        if (outcome !== 'accepted') return false;
        ctx.extra.caller = caller;
        // The upgrade request (headers, URL) is no longer needed once the connection is accepted.
        Reflect.deleteProperty(ctx.extra, 'request');
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        (ctx.extra.receivedAt ??= new Map()).set(id, Date.now());
        const refused = { transport: 'ws', request: payload } as const;
        const operations = operationsOf(ctx.extra.socket);
        // Counted until its work has ended, not until the client completes it.
        if (operations.size >= options.maxOperationsPerConnection) {
          const tooMany = new GraphQLError(
            `At most ${options.maxOperationsPerConnection} operations at once on one connection.`,
            { extensions: { code: ErrorCode.BadUserInput } },
          );
          return core.refuse([tooMany], refused);
        }
        if (operations.has(id)) {
          const stillEnding = new GraphQLError(`Operation ${id} is still ending; use another id.`, {
            extensions: { code: ErrorCode.BadUserInput },
          });
          return core.refuse([stillEnding], refused);
        }
        operations.set(id, new AbortController());
        const limited = await core.admit(ctx.extra.caller as Caller);
        // Parsed and validated by the core, not by graphql-ws: its parse error would close the
        // whole socket, and its errors carry no code.
        const prepared = limited
          ? core.refuse([limited.error], refused)
          : core.prepare(payload, 'ws');
        if (Array.isArray(prepared)) ended(ctx.extra.socket, id);
        return Array.isArray(prepared) ? prepared : { schema: core.service.schema, ...prepared };
      },
      context: (ctx, id, _payload, args) => {
        // A subscription's own context only runs its subscribe resolver, which asks GWS nothing:
        // no abort of its own to keep for the subscription's lifetime.
        const subscription =
          getOperationAST(args.document, args.operationName)?.operation === 'subscription';
        const signal = subscription
          ? NEVER_ABORTED
          : (operationsOf(ctx.extra.socket).get(id)?.signal ?? NEVER_ABORTED);
        return core.streamContext(ctx.extra.caller as Caller, signal, (reason) =>
          closeOnSubscriptionLoss(ctx.extra.socket, reason),
        );
      },
      // An operation that completed, or was completed by the client, has no more upstream work.
      onComplete: (ctx, id) => {
        ended(ctx.extra.socket, id);
        ctx.extra.receivedAt?.delete(id);
      },
      onClose: (ctx) => {
        for (const operation of operationsOf(ctx.extra.socket).values()) operation.abort();
        running.delete(ctx.extra.socket);
        ctx.extra.receivedAt?.clear();
      },
      // Single results (queries, mutations, a subscription its resolver refused); subscription
      // events are settled by EventBroadcast. Each is the operation's one result: counted here.
      onNext: (ctx, id, _payload, args, result) => {
        const settled = core.settle(result, args.contextValue as Context);
        const receivedAt = ctx.extra.receivedAt?.get(id);
        ctx.extra.receivedAt?.delete(id);
        if (receivedAt !== undefined) core.recordResult('ws', args, settled, receivedAt);
        return settled;
      },
      // Refusals, which the core has counted already.
      onError: (ctx, id, _payload, errors): GraphQLFormattedError[] => {
        ctx.extra.receivedAt?.delete(id);
        return errors.map((error) => core.formatRequestError(error));
      },
    },
    webSockets,
    options.keepAliveMs,
  );
  // Registered after graphql-ws's own, which prints socket errors (such as a message over
  // MAX_REQUEST_BYTES, which ws answers with close code 1009) to stderr: logged as JSON instead.
  webSockets.on('connection', (socket) => {
    openConnections += 1;
    socket.once('close', () => (openConnections -= 1));
    // Before graphql-ws reads it: a client's `complete` ends a running query's or mutation's
    // upstream work, which graphql-ws leaves to run to its end.
    socket.prependListener('message', (data: unknown) => {
      const completed = completedOperationId(data);
      if (completed !== undefined) operationsOf(socket).get(completed)?.abort();
    });
    socket.removeAllListeners('error');
    socket.on('error', (error) => {
      logger.warn({ err: error.message }, 'WebSocket connection failed');
    });
  });

  return {
    get openConnections() {
      return openConnections;
    },
    close: async (waitMs) => {
      await closeWebSockets(webSockets, waitMs);
      await graphqlWs.dispose();
    },
  };
}

/** Closes every WebSocket with 1001; a peer that does not answer in time is cut off. */
async function closeWebSockets(webSockets: WebSocketServer, waitMs: number): Promise<void> {
  const sockets = [...webSockets.clients];
  const allClosed = Promise.all(
    sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))),
  );
  for (const socket of sockets) socket.close(GatewayCloseCode.GoingAway, 'Server shutting down');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([allClosed, timedOut]);
  clearTimeout(timer);
  for (const socket of webSockets.clients) socket.terminate();
}

/** The id of a client's `complete` message, or undefined for any other message. */
function completedOperationId(data: unknown): string | undefined {
  const text = String(data);
  if (!text.includes('"complete"')) return undefined;
  try {
    const message = JSON.parse(text) as { type?: unknown; id?: unknown };
    return message.type === 'complete' && typeof message.id === 'string' ? message.id : undefined;
  } catch {
    return undefined;
  }
}

/** The `Authorization` connection parameter, its key matched case-insensitively. */
function authorizationParam(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const entry = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === 'authorization');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}
