import type http from 'node:http';
import { GraphQLError, execute, getOperationAST, type ExecutionResult } from 'graphql';
import {
  CloseCode,
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  MessageType,
  makeServer,
  stringifyMessage,
  type Message,
} from 'graphql-ws';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  executeTraced,
  isEventSource,
  type ComponentOptions,
  type GatewayCore,
  type Refusal,
} from '../core/index.js';
import type { Context } from '../graphql/index.js';
import { continuedTrace, withinTrace } from '../telemetry/index.js';
import { clientAddress } from './client-address.js';
import type { OriginPolicy } from './cors.js';
import {
  GraphQLSocket,
  authorizationParam,
  closeAll,
  closeWith,
  operationMessage,
} from './ws-connection.js';
import { NEXT_MESSAGES, WebSocketSink, WriteCoalescer } from './ws-delivery.js';
import { legacyWebSocket } from './ws-legacy.js';
import { LEGACY_PROTOCOL } from './ws-legacy-protocol.js';

export type WebSocketTransportOptions = ComponentOptions['webSocket'] & {
  /** The HTTP server whose upgrades at `path` are graphql-ws connections. */
  server: http.Server;
  path: string;
  /** Which browser origins may open a connection; an upgrade from another is refused with 403. */
  origins: OriginPolicy;
};

export interface WebSocketTransport {
  /** Connections open now. */
  readonly openConnections: number;
  /** Closes every connection with 1001; a peer that does not answer within `waitMs` is cut off. */
  close(waitMs: number): Promise<void>;
}

/** The signal of a subscription's own context: it asks GWS nothing, its events have their own. */
const NEVER_ABORTED = new AbortController().signal;

/** What onOperation answers graphql-ws for a subscription its socket holds from then on. */
const HANDED_OVER: ExecutionResult = {};

/**
 * The subprotocol a connection speaks, of those the client offers: `graphql-transport-ws` first,
 * else the legacy `graphql-ws`. With neither, none is chosen, and graphql-ws closes the
 * connection with 4406.
 */
function chooseProtocol(offered: ReadonlySet<string>): string | false {
  if (offered.has(GRAPHQL_TRANSPORT_WS_PROTOCOL)) return GRAPHQL_TRANSPORT_WS_PROTOCOL;
  return offered.has(LEGACY_PROTOCOL) ? LEGACY_PROTOCOL : false;
}

/**
 * GraphQL over WebSocket, with the core's rules, in the subprotocol the client offers:
 * graphql-ws (`graphql-transport-ws`) speaks its protocol, its hooks admitting the connection and
 * each operation with the core; the legacy `graphql-ws` subprotocol is served by
 * {@link legacyWebSocket} on the same core. A subscription's events are delivered by the core's
 * write-once delivery, and one keep-alive sweep serves every socket.
 */
export function useWebSockets(
  core: GatewayCore,
  options: WebSocketTransportOptions,
): WebSocketTransport {
  const { logger } = core;
  const webSockets = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    WebSocket: GraphQLSocket,
    handleProtocols: chooseProtocol,
    // Subscription events are written to the TCP socket as finished frames (WebSocketSink),
    // which needs every frame uncompressed.
    perMessageDeflate: false,
    verifyClient: ({ req }, accept) => {
      if (options.origins.permits(req)) return accept(true);
      logger.info({ origin: req.headers.origin }, 'WebSocket refused: origin not allowed');
      accept(false, 403, 'Origin not allowed');
    },
  });
  const coalescer = new WriteCoalescer();
  const closeOnLoss = (socket: GraphQLSocket, loss: Refusal): void => {
    if (socket.readyState !== socket.OPEN) return;
    logger[loss.logLevel ?? 'info'](
      { reason: loss.kind, code: loss.closeCode },
      'closing a WebSocket whose subscription the gateway ended',
    );
    closeWith(socket, loss);
  };

  const legacy = legacyWebSocket(core, {
    maxOperationsPerConnection: options.maxOperationsPerConnection,
    coalescer,
    closeOnLoss,
  });

  const graphqlWs = makeServer<Record<string, unknown>, GraphQLSocket>({
    // Timed by the socket instead: graphql-ws would keep its spent timer for the connection's life.
    connectionInitWaitTimeout: 0,
    onConnect: async ({ extra: socket, connectionParams }) => {
      socket.initialising();
      socket.trace = continuedTrace(connectionParams) ?? socket.trace;
      const caller = { authorization: authorizationParam(connectionParams), origin: socket.origin };
      const admission = await core.admission.admitStream(caller);
      if (admission.outcome === 'refused') {
        closeWith(socket, admission.refusal);
        return false;
      }
      return socket.accept(caller, admission.release);
    },
    // Checked and parsed by the core, not by graphql-ws: its parse error would close the whole
    // socket, and its errors carry no code.
    onSubscribe: async ({ extra: socket }, id, payload) => {
      const started = socket.startOperation(id, options.maxOperationsPerConnection, Date.now());
      if (started.outcome === 'refused') {
        core.admission.refuse('ws', payload.operationName, [started.refusal.error]);
        return [started.refusal.error];
      }
      const { work } = started;
      const { caller } = socket;
      const admitted = await core.admission.admitOperation(caller, payload, 'ws');
      if (admitted.outcome !== 'admitted') {
        socket.endOperation(id);
        return admitted.outcome === 'refused' ? [admitted.refusal.error] : admitted.errors;
      }
      // Completed by the client, or the socket closed, while it was admitted: graphql-ws sends
      // nothing for it, and nothing runs.
      if (work.signal.aborted) {
        socket.endOperation(id);
        return [new GraphQLError(`Operation ${id} ended before it ran.`)];
      }
      const { document, operationName } = admitted.operation;
      const subscription = getOperationAST(document, operationName)?.operation === 'subscription';
      const signal = subscription ? NEVER_ABORTED : work.signal;
      const contextValue = core.agents.context(caller, signal, (loss) => closeOnLoss(socket, loss));
      return { schema: core.schema, ...admitted.operation, contextValue };
    },
    execute: (args) => executeTraced('ws', args, () => execute(args)),
    subscribe: (args) => executeTraced('ws', args, () => core.subscriptions.events(args)),
    // A subscription's events go straight to its socket, which holds its delivery from here on:
    // graphql-ws would keep a suspended loop over it, a kilobyte for every idle subscriber. So
    // graphql-ws forgets it (it neither sends nor iterates HANDED_OVER for an operation it no
    // longer holds: pinned by test/use/graphql-ws-hand-over.test.ts), and the socket does what graphql-ws did: a client's `complete` ends it, and
    // a second `subscribe` with its id closes the connection with 4409 (onSocketMessage), its
    // close ends it, and its end is sent (subscriptionEnded). One the client completed while it
    // was subscribing is ended by graphql-ws.
    onOperation: ({ extra: socket, subscriptions }, id, _payload, args, result) => {
      if (!isEventSource(result) || !(id in subscriptions)) return undefined;
      const delivery = core.subscriptions.delivery(result, args, socket.caller);
      socket.delivering(id, delivery);
      delivery.start(new WebSocketSink(socket, id, coalescer, NEXT_MESSAGES, subscriptionEnded));
      core.requests.subscribed('ws', args);
      delete subscriptions[id];
      return HANDED_OVER;
    },
    // A query's or mutation's one result, or a subscription's refusal by its resolver.
    onNext: ({ extra: socket }, id, _payload, args, result) => {
      const settled = core.results.settle(result, args.contextValue as Context);
      const receivedAt = socket.receivedAt(id);
      if (receivedAt !== undefined) core.requests.answered('ws', args, settled.errors, receivedAt);
      return settled;
    },
    onError: (_ctx, _id, _payload, errors) =>
      errors.map((error) => core.results.formatRequestError(error)),
    // An operation that completed, or was completed by the client, has no more upstream work.
    onComplete: ({ extra: socket }, id) => socket.protocolDone(id),
  });

  /**
   * A delivering subscription has ended: unless the client completed it or its socket closed, it
   * is told so as graphql-ws would tell it: `complete` once its events ran out, `error` when one
   * could not be delivered.
   */
  const subscriptionEnded = (socket: GraphQLSocket, id: string, error: unknown): void => {
    if (!socket.delivers(id)) return;
    let message: Message;
    if (error === undefined) message = { id, type: MessageType.Complete };
    else {
      const originalError = error instanceof Error ? error : new Error(String(error));
      const errors = [new GraphQLError(originalError.message, { originalError })];
      const payload = errors.map((each) => core.results.formatRequestError(each));
      message = { id, type: MessageType.Error, payload };
    }
    socket.send(stringifyMessage(message));
    socket.endOperation(id);
  };

  /** A message that breaks graphql-ws's or the gateway's handling closes the socket with 4500. */
  const failed = (socket: GraphQLSocket, error: unknown): void => {
    logger.error({ err: error }, 'WebSocket message handling failed');
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  // Listeners shared by every socket (`this`), each created once.
  function onSocketMessage(this: WebSocket, data: RawData): void {
    const socket = this as GraphQLSocket;
    const text = String(data);
    if (socket.protocol === GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      const message = operationMessage(text);
      // graphql-ws leaves a running query or mutation to run to its end when the client
      // completes it: its upstream work is ended here, and a delivering subscription (onOperation).
      if (message?.type === MessageType.Complete) socket.completedByClient(message.id);
      else if (message?.type === MessageType.Subscribe && socket.delivers(message.id)) {
        socket.close(
          CloseCode.SubscriberAlreadyExists,
          `Subscriber for ${message.id} already exists`,
        );
        return;
      }
    }
    // Within the client's trace: each operation's span is a child of it.
    withinTrace(socket.trace, () => socket.handleMessage?.(text))?.catch(socket.failed);
  }
  function onSocketClose(this: WebSocket, code: number, reason: Buffer): void {
    const socket = this as GraphQLSocket;
    socket.closed();
    void socket.handleClose?.(code, String(reason));
  }
  function onSocketPong(this: WebSocket): void {
    (this as GraphQLSocket).awaitingPong = false;
  }
  // ws reports here what the client sent wrong (a message over MAX_REQUEST_BYTES, which it
  // answers with close code 1009, a bad frame, text that is not UTF-8: codes WS_ERR_…), or a
  // write to a connection the client has dropped, and closes the socket itself. Neither is the
  // gateway's fault: logged as JSON with no stack, the first at info, the second at debug.
  function onSocketError(error: Error & { code?: string }): void {
    const { message, code } = error;
    if (code?.startsWith('WS_ERR_')) {
      logger.info({ err: message, code }, 'WebSocket closed: the client broke the protocol');
    } else {
      logger.debug({ err: message, code }, 'WebSocket closed: the client went away');
    }
  }
  const closeUninitialised = (socket: GraphQLSocket): void =>
    socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');

  webSockets.on('connection', (socket: GraphQLSocket, request: http.IncomingMessage) => {
    socket.origin = clientAddress(request, options.trustProxy);
    socket.trace = continuedTrace(request.headers);
    socket.on('message', onSocketMessage);
    // `on`, not `once`: ws emits 'close' once, and `once` would wrap the listener per socket.
    socket.on('close', onSocketClose);
    socket.on('pong', onSocketPong);
    socket.on('error', onSocketError);
    socket.awaitInit(options.connectionInitTimeoutMs, closeUninitialised);
    // One per connection, not per message: a subscription's handling stays pending all its life.
    socket.failed = (error) => failed(socket, error);
    if (socket.protocol === LEGACY_PROTOCOL) {
      socket.handleMessage = (text) => legacy.message(socket, text);
    } else {
      socket.handleClose = graphqlWs.opened(socket, socket);
    }
  });

  // One sweep for every socket: a socket that has not answered the previous ping is dropped.
  const keepAlive = setInterval(() => {
    for (const socket of webSockets.clients as Set<GraphQLSocket>) {
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.awaitingPong) {
        socket.terminate();
        continue;
      }
      socket.awaitingPong = true;
      socket.ping();
      if (socket.protocol === LEGACY_PROTOCOL) legacy.keepAlive(socket);
    }
  }, options.keepAliveMs);

  return {
    get openConnections() {
      return webSockets.clients.size;
    },
    close: async (waitMs) => {
      clearInterval(keepAlive);
      await closeAll(webSockets, waitMs);
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
    },
  };
}
