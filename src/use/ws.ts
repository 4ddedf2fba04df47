import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import {
  GraphQLError,
  createSourceEventStream,
  getOperationAST,
  type ExecutionArgs,
  type GraphQLFormattedError,
} from 'graphql';
import {
  CloseCode,
  MessageType,
  handleProtocols,
  makeServer,
  parseMessage,
  stringifyMessage,
  type Context as ConnectionState,
  type Message,
  type SubscribeMessage,
} from 'graphql-ws';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { refusal, type GatewayCore, type Refusal } from '../core/index.js';
import type { Caller, Context } from '../graphql/index.js';
import type { HubSubscription } from '../fanout/index.js';
import { isAsyncIterable } from './async-iterable.js';
import { EventBroadcast } from './broadcast.js';
import { clientAddress } from './client-address.js';
import {
  CoalescingWebSocket,
  WriteCoalescer,
  deliverSubscription,
  type DeliveryHandle,
} from './ws-delivery.js';
import type { OriginPolicy } from './cors.js';

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

/** A query's or mutation's work on a connection: aborted when it must end before it is done. */
class OperationWork extends AbortController {
  constructor(
    /** When its `subscribe` message was received, for the metrics. */
    readonly receivedAt: number,
  ) {
    super();
    // As an `operationAbort()`: every upstream call of the operation listens while it runs.
    setMaxListeners(0, this.signal);
  }
}

/**
 * What ends one operation's work: a query's or mutation's abort, or a subscription's delivery.
 * A subscription being set up has its work until its delivery starts.
 */
type Running = OperationWork | DeliveryHandle;

function stop(running: Running): void {
  if (running instanceof OperationWork) running.abort();
  else void running.return();
}

/**
 * A graphql-ws connection: `ws`'s socket with what the gateway keeps on it, one object for all
 * of it, since a gateway holds thousands of idle connections. It is its own graphql-ws transport
 * (`protocol`, `send`, `close`, `onMessage`).
 */
class GraphQLSocket extends CoalescingWebSocket {
  /** The client's address, read from the upgrade request, which is not kept. */
  origin = '';
  /** The credential the connection was accepted with, and its origin. */
  caller: Caller | undefined = undefined;
  /** Gives back the connection's place among its agent's streaming connections, once accepted. */
  releaseStream: (() => void) | undefined = undefined;
  /** graphql-ws's state of the connection, from its `connection_init` on. */
  state: ConnectionState<Record<string, unknown>, GraphQLSocket> | undefined = undefined;
  /** graphql-ws's handler of the messages the gateway leaves to it. */
  graphqlWs: ((data: string) => Promise<void>) | undefined = undefined;
  /** Tells graphql-ws that the socket closed. */
  closed: ((code: number, reason: string) => Promise<void>) | undefined = undefined;
  /** Until `connection_init` comes: closes the socket with 4408 when it does not come in time. */
  initWait: NodeJS.Timeout | undefined = undefined;
  /** Whether the last keep-alive ping is unanswered. */
  awaitingPong = false;
  /**
   * The operations whose work has not ended, by id: counted until then, not until the client
   * completes them, as graphql-ws forgets an operation the client completes at once.
   */
  operations: Map<string, Running> | undefined = undefined;

  onMessage(handler: (data: string) => Promise<void>): void {
    this.graphqlWs = handler;
  }
}

/**
 * graphql-ws (`graphql-transport-ws`) over `ws`, with the core's rules.
 *
 * graphql-ws's transport-neutral server speaks the protocol for the handshake, ping/pong, queries
 * and mutations, and `complete`. Every `subscribe` message is checked here (acknowledged, id not
 * in use, the gateway's limits and admission, the document), and a subscription operation runs
 * here too: its delivery is registered in graphql-ws's operations, so a duplicate id is refused
 * and the client's `complete` and a closed socket end it, but no graphql-ws handler stays pending
 * for it, and an idle subscription holds no promise. One keep-alive sweep serves every socket.
 */
export function useWebSockets(
  core: GatewayCore,
  options: WebSocketTransportOptions,
): WebSocketTransport {
  const { logger } = core;
  const { schema } = core;
  let openConnections = 0;
  const webSockets = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    WebSocket: GraphQLSocket,
    handleProtocols,
    // Subscription events are written to the TCP socket as finished frames (see
    // deliverSubscription), which needs every frame uncompressed and sent at once, in order.
    perMessageDeflate: false,
    verifyClient: ({ req }, accept) => {
      if (options.origins.permits(req)) return accept(true);
      logger.info({ origin: req.headers.origin }, 'WebSocket refused: origin not allowed');
      accept(false, 403, 'Origin not allowed');
    },
  });
  const closeOnSubscriptionLoss = (socket: WebSocket, loss: Refusal): void => {
    if (socket.readyState !== socket.OPEN) return;
    logger[loss.logLevel ?? 'info'](
      { reason: loss.kind, code: loss.closeCode },
      'closing a WebSocket whose subscription the gateway ended',
    );
    closeWith(socket, loss);
  };
  /** The operation's work has ended: it no longer counts against the connection's limit. */
  const ended = (socket: GraphQLSocket, id: string): void => {
    const running = socket.operations?.get(id);
    if (!running) return;
    socket.operations?.delete(id);
    stop(running);
  };
  const broadcast = new EventBroadcast(core);
  const coalescer = new WriteCoalescer();
  /** A query or mutation checked here, handed to graphql-ws's `onSubscribe` as it runs it. */
  let handedOver: (ExecutionArgs & { schema: typeof schema }) | undefined;

  const graphqlWs = makeServer<Record<string, unknown>, GraphQLSocket>({
    // Timed here instead: graphql-ws would keep its spent timer for the connection's lifetime.
    connectionInitWaitTimeout: 0,
    onConnect: async (ctx) => {
      const socket = ctx.extra;
      clearTimeout(socket.initWait);
      socket.initWait = undefined;
      socket.state = ctx;
      const caller = {
        authorization: authorizationParam(ctx.connectionParams),
        origin: socket.origin,
      };
      const admission = await core.admission.admitStream(caller);
      // graphql-ws closes a connection refused with `false` with 4403 unless it is closed already.
      switch (admission.outcome) {
        case 'refused':
          closeWith(socket, admission.refusal);
          return false;
        case 'accepted':
          // Closed while its credential was checked: its close has been handled already.
          if (socket.readyState !== socket.OPEN) {
            admission.release();
            return false;
          }
          socket.releaseStream = admission.release;
          socket.caller = caller;
          return true;
      }
    },
    // Only queries and mutations reach graphql-ws, checked and prepared by `subscribe` below.
    onSubscribe: () => {
      const args = handedOver;
      handedOver = undefined;
      return args;
    },
    context: (ctx, id) => {
      const running = ctx.extra.operations?.get(id);
      const signal = running instanceof OperationWork ? running.signal : NEVER_ABORTED;
      return core.agents.context(ctx.extra.caller as Caller, signal, (loss) =>
        closeOnSubscriptionLoss(ctx.extra, loss),
      );
    },
    // An operation that completed, or was completed by the client, has no more upstream work.
    onComplete: (ctx, id) => ended(ctx.extra, id),
    // A query's or mutation's one result: counted here.
    onNext: (ctx, id, _payload, args, result) => {
      const settled = core.results.settle(result, args.contextValue as Context);
      const running = ctx.extra.operations?.get(id);
      if (running instanceof OperationWork) {
        core.requests.answered('ws', args, settled.errors, running.receivedAt);
      }
      return settled;
    },
    onError: (_ctx, _id, _payload, errors): GraphQLFormattedError[] =>
      errors.map((error) => core.results.formatRequestError(error)),
  });

  const sendMessage = (socket: GraphQLSocket, message: Message): void => {
    if (socket.readyState === socket.OPEN) socket.send(stringifyMessage(message));
  };
  /** Ends a reserved operation with errors, unless the client completed it meanwhile. */
  const answerWithErrors = (
    socket: GraphQLSocket,
    id: string,
    errors: GraphQLFormattedError[],
  ): void => {
    const state = socket.state as ConnectionState;
    if (!(id in state.subscriptions)) return;
    delete state.subscriptions[id];
    sendMessage(socket, { id, type: MessageType.Error, payload: errors });
  };

  /**
   * A `subscribe` message, with graphql-ws's rules (4401 before the acknowledgement, 4409 for an
   * id in use) and the gateway's. A subscription runs here; a query or mutation is handed to
   * graphql-ws, which runs it.
   */
  const subscribe = async (
    socket: GraphQLSocket,
    { id, payload }: SubscribeMessage,
    text: string,
  ): Promise<void> => {
    const state = socket.state;
    if (!state?.acknowledged) return socket.close(CloseCode.Unauthorized, 'Unauthorized');
    if (id in state.subscriptions) {
      return socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    }
    // Reserved as graphql-ws reserves it: a duplicate is refused, the client's `complete` frees it.
    state.subscriptions[id] = null;
    const receivedAt = Date.now();
    const refuse = (errors: GraphQLError[]) =>
      answerWithErrors(socket, id, core.admission.refuse('ws', payload.operationName, errors));
    const operations = (socket.operations ??= new Map());
    // Counted until its work has ended, not until the client completes it.
    if (operations.size >= options.maxOperationsPerConnection) {
      return refuse([
        refusal('too_many_operations', { max: options.maxOperationsPerConnection }).error,
      ]);
    }
    if (operations.has(id)) return refuse([refusal('operation_still_ending', { id }).error]);
    const work = new OperationWork(receivedAt);
    operations.set(id, work);
    const caller = socket.caller as Caller;
    // Parsed and validated by the core, not by graphql-ws: its parse error would close the
    // whole socket, and its errors carry no code.
    const admitted = await core.admission.admitOperation(caller, payload, 'ws');
    if (admitted.outcome !== 'admitted') {
      ended(socket, id);
      const errors = admitted.outcome === 'refused' ? [admitted.refusal.error] : admitted.errors;
      return answerWithErrors(
        socket,
        id,
        errors.map((error) => core.results.formatRequestError(error)),
      );
    }
    const prepared = admitted.operation;
    // Completed by the client, or the socket closed, while it was admitted.
    if (!(id in state.subscriptions)) return ended(socket, id);
    const args = { schema, ...prepared };
    if (getOperationAST(args.document, args.operationName)?.operation !== 'subscription') {
      delete state.subscriptions[id];
      // graphql-ws calls onSubscribe before its handler first waits.
      handedOver = args;
      const running = (socket.graphqlWs as (data: string) => Promise<void>)(text);
      handedOver = undefined;
      return running;
    }
    // Its own context serves its subscribe resolver only (each event gets a group context), and
    // asks GWS nothing: no abort of its own to keep for the subscription's lifetime.
    const context = core.agents.context(caller, NEVER_ABORTED, (loss) =>
      closeOnSubscriptionLoss(socket, loss),
    );
    const result = await createSourceEventStream({ ...args, contextValue: context });
    if (!isAsyncIterable(result)) {
      // Refused by its resolver: one result with the errors, then `complete`, as graphql-ws
      // answers any single result.
      ended(socket, id);
      if (!(id in state.subscriptions)) return;
      delete state.subscriptions[id];
      const settled = core.results.settle(result, context);
      core.requests.answered('ws', args, settled.errors, receivedAt);
      sendMessage(socket, { id, type: MessageType.Next, payload: settled });
      return sendMessage(socket, { id, type: MessageType.Complete });
    }
    core.requests.subscribed('ws', args);
    // The schema's subscriptions are the hub's.
    const source = result as unknown as HubSubscription<object>;
    if (!(id in state.subscriptions)) {
      ended(socket, id);
      void source.return?.();
      return;
    }
    const delivery = deliverSubscription({
      socket,
      id,
      source,
      subscription: { groupKey: broadcast.groupKey(args), args, caller },
      broadcast,
      coalescer,
      onEnd: (error) => {
        // Not the work of another operation by the same id: none starts while this one runs.
        socket.operations?.delete(id);
        const current = socket.state?.subscriptions;
        if (!current || !(id in current)) return;
        delete current[id];
        if (error === undefined) return sendMessage(socket, { id, type: MessageType.Complete });
        const failure = new GraphQLError(error instanceof Error ? error.message : String(error), {
          originalError: error instanceof Error ? error : undefined,
        });
        sendMessage(socket, {
          id,
          type: MessageType.Error,
          payload: [core.results.formatRequestError(failure)],
        });
      },
    });
    // Ended already, before it could be registered.
    if (operations.get(id) !== work) return;
    operations.set(id, delivery);
    state.subscriptions[id] = delivery;
  };

  /** A message that breaks graphql-ws's or the gateway's handling closes the socket with 4500. */
  const failed = (socket: GraphQLSocket) => (error: unknown) => {
    logger.error({ err: error }, 'WebSocket message handling failed');
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  // Listeners shared by every socket (`this`), each created once.
  function onSocketMessage(this: WebSocket, data: RawData): void {
    const socket = this as GraphQLSocket;
    const text = String(data);
    let message: Message | undefined;
    try {
      message = parseMessage(text);
    } catch {
      // graphql-ws closes the socket with 4400.
    }
    if (message?.type === MessageType.Subscribe) {
      return void subscribe(socket, message, text).catch(failed(socket));
    }
    // The client's `complete` ends a running query's or mutation's upstream work, which
    // graphql-ws leaves to run to its end.
    if (message?.type === MessageType.Complete) {
      const running = socket.operations?.get(message.id);
      if (running instanceof OperationWork) running.abort();
    }
    socket.graphqlWs?.(text).catch(failed(socket));
  }
  function onSocketClose(this: WebSocket, code: number, reason: Buffer): void {
    const socket = this as GraphQLSocket;
    openConnections -= 1;
    socket.releaseStream?.();
    clearTimeout(socket.initWait);
    socket.initWait = undefined;
    void socket.closed?.(code, String(reason));
    for (const running of socket.operations?.values() ?? []) stop(running);
    socket.operations?.clear();
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
  const closeUninitialised = (socket: GraphQLSocket): void => {
    socket.initWait = undefined;
    socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  };

  webSockets.on('connection', (socket: GraphQLSocket, request: http.IncomingMessage) => {
    openConnections += 1;
    socket.origin = clientAddress(request, options.trustProxy);
    socket.on('message', onSocketMessage);
    socket.once('close', onSocketClose);
    socket.on('pong', onSocketPong);
    socket.on('error', onSocketError);
    const initWaitMs = options.connectionInitTimeoutMs;
    if (initWaitMs > 0 && Number.isFinite(initWaitMs)) {
      socket.initWait = setTimeout(closeUninitialised, initWaitMs, socket);
    }
    socket.closed = graphqlWs.opened(socket, socket);
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
    }
  }, options.keepAliveMs);

  return {
    get openConnections() {
      return openConnections;
    },
    close: async (waitMs) => {
      clearInterval(keepAlive);
      await closeWebSockets(webSockets, waitMs);
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
    },
  };
}

/** Closes every WebSocket with 1001; a peer that does not answer in time is cut off. */
async function closeWebSockets(webSockets: WebSocketServer, waitMs: number): Promise<void> {
  const sockets = [...webSockets.clients];
  const allClosed = Promise.all(
    sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))),
  );
  for (const socket of sockets) closeWith(socket, refusal('shutting_down'));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([allClosed, timedOut]);
  clearTimeout(timer);
  for (const socket of webSockets.clients) socket.terminate();
}

/** Closes the connection with the refusal's close code, and its message as the reason. */
function closeWith(socket: WebSocket, { closeCode, message }: Refusal): void {
  socket.close(closeCode, message);
}

/** The `Authorization` connection parameter, its key matched case-insensitively. */
function authorizationParam(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const entry = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === 'authorization');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}
