import {
  execute,
  getOperationAST,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import {
  executeTraced,
  isEventSource,
  refusal,
  type GatewayCore,
  type OperationRequest,
  type PayloadEncoding,
  type Refusal,
} from '../core/index.js';
import { continuedTrace } from '../telemetry/index.js';
import { authorizationParam, closeWith, type GraphQLSocket } from './ws-connection.js';
import { WebSocketSink, type ResultMessages, type WriteCoalescer } from './ws-delivery.js';
import { NextFrames } from './ws-frame.js';
import {
  LegacyMessageType,
  dataMessageStart,
  parseLegacyMessage,
  stringifyLegacyMessage,
  type LegacyServerMessage,
} from './ws-legacy-protocol.js';

export interface LegacyWebSocketOptions {
  /** Operations one connection may run at once, as on graphql-transport-ws. */
  maxOperationsPerConnection: number;
  coalescer: WriteCoalescer;
  /** Closes the socket whose subscription the gateway ended, as on graphql-transport-ws. */
  closeOnLoss(socket: GraphQLSocket, loss: Refusal): void;
}

/** The legacy subprotocol's side of a connection: what the WebSocket transport hands it. */
export interface LegacyWebSocket {
  /** Handles one message of a connection that chose the legacy subprotocol. */
  message(socket: GraphQLSocket, text: string): Promise<void>;
  /** The periodic `ka` of an accepted connection. */
  keepAlive(socket: GraphQLSocket): void;
}

/** A payload's `data` frames: an encoding of its own, apart from graphql-ws's `next` frames. */
const DATA_FRAMES: PayloadEncoding<NextFrames> = { encode: (json) => new NextFrames(json) };
const DATA_MESSAGES: ResultMessages = { frames: DATA_FRAMES, messageStart: dataMessageStart };

/** The signal of a subscription's own context: it asks GWS nothing, its events have their own. */
const NEVER_ABORTED = new AbortController().signal;

const KEEP_ALIVE = stringifyLegacyMessage({ type: LegacyMessageType.KeepAlive });

/**
 * The legacy `graphql-ws` subprotocol (see ws-legacy-protocol.ts) over the core, with what
 * graphql-transport-ws has: the credential of `connection_init` checked with GWS, the same
 * limits, rate limit and trusted documents for each `start`, the same fan-out and write-once
 * delivery for subscriptions, `after` resumption. Where the protocol leaves the server's answer
 * open, subscriptions-transport-ws's server is followed: a document that does not run is answered
 * with `data` holding its errors, then `complete`; a `start` reusing a running operation's id
 * replaces that operation; `stop` ends an operation without a `complete`.
 */
export function legacyWebSocket(
  core: GatewayCore,
  { maxOperationsPerConnection, coalescer, closeOnLoss }: LegacyWebSocketOptions,
): LegacyWebSocket {
  /** The credential check of each connection whose `connection_init` is being answered. */
  const initialising = new WeakMap<GraphQLSocket, Promise<void>>();

  const send = (socket: GraphQLSocket, message: LegacyServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(stringifyLegacyMessage(message));
  };
  const refuseOperation = (
    socket: GraphQLSocket,
    id: string,
    operationName: string | null | undefined,
    error: GraphQLError,
  ): void => {
    const [formatted] = core.admission.refuse('ws-legacy', operationName, [error]);
    if (formatted) send(socket, { type: LegacyMessageType.Error, id, payload: formatted });
  };
  /** A result that ends its operation: `data`, then `complete`. */
  const answer = (socket: GraphQLSocket, id: string, payload: unknown): void => {
    send(socket, { type: LegacyMessageType.Data, id, payload });
    send(socket, { type: LegacyMessageType.Complete, id });
    socket.endOperation(id);
  };

  const init = async (socket: GraphQLSocket, params: Record<string, unknown> | undefined) => {
    if (socket.state.phase === 'closed') return;
    if (socket.state.phase !== 'opened') {
      const refused = refusal('already_initialised');
      send(socket, { type: LegacyMessageType.ConnectionError, payload: refused.error.toJSON() });
      closeWith(socket, refused);
      return;
    }
    socket.initialising();
    socket.trace = continuedTrace(params) ?? socket.trace;
    const caller = { authorization: authorizationParam(params), origin: socket.origin };
    const admission = await core.admission.admitStream(caller);
    if (admission.outcome === 'refused') {
      const { error } = admission.refusal;
      send(socket, { type: LegacyMessageType.ConnectionError, payload: error.toJSON() });
      closeWith(socket, admission.refusal);
      return;
    }
    if (!socket.accept(caller, admission.release)) return;
    send(socket, { type: LegacyMessageType.ConnectionAck });
    socket.send(KEEP_ALIVE);
  };

  const start = async (socket: GraphQLSocket, id: string, request: OperationRequest) => {
    const receivedAt = Date.now();
    // subscriptions-transport-ws's client sends its operations right after `connection_init`,
    // before the acknowledgement: they wait for the credential's check.
    await initialising.get(socket);
    if (socket.state.phase === 'closed') return;
    if (socket.state.phase !== 'accepted') {
      refuseOperation(socket, id, request.operationName, refusal('not_initialised').error);
      return;
    }
    socket.endOperation(id);
    const started = socket.startOperation(id, maxOperationsPerConnection, receivedAt);
    if (started.outcome === 'refused') {
      refuseOperation(socket, id, request.operationName, started.refusal.error);
      return;
    }
    const { work } = started;
    const { caller } = socket;
    const admitted = await core.admission.admitOperation(caller, request, 'ws-legacy');
    // Stopped or replaced, or the socket closed, while it was admitted: nothing runs.
    if (!socket.runs(id, work)) return;
    if (admitted.outcome === 'refused') {
      socket.endOperation(id);
      send(socket, {
        type: LegacyMessageType.Error,
        id,
        payload: core.results.formatRequestError(admitted.refusal.error),
      });
      return;
    }
    if (admitted.outcome === 'invalid') {
      const errors = admitted.errors.map((error) => core.results.formatRequestError(error));
      answer(socket, id, { errors });
      return;
    }
    const { document, operationName } = admitted.operation;
    const subscription = getOperationAST(document, operationName)?.operation === 'subscription';
    const contextValue = core.agents.context(
      caller,
      subscription ? NEVER_ABORTED : work.signal,
      (loss) => closeOnLoss(socket, loss),
    );
    const args: ExecutionArgs = { schema: core.schema, ...admitted.operation, contextValue };
    const ran = await executeTraced('ws-legacy', args, () =>
      subscription ? core.subscriptions.events(args) : execute(args),
    );
    if (!isEventSource(ran)) {
      // A stopped query's upstream work was aborted: the client asked for no answer.
      if (!socket.runs(id, work)) return;
      const settled = core.results.settle(ran as ExecutionResult, contextValue);
      core.requests.answered('ws-legacy', args, settled.errors, receivedAt);
      answer(socket, id, settled);
      return;
    }
    if (!socket.runs(id, work)) {
      void ran.return();
      return;
    }
    const delivery = core.subscriptions.delivery(ran, args, caller);
    socket.delivering(id, delivery);
    delivery.start(new WebSocketSink(socket, id, coalescer, DATA_MESSAGES, subscriptionEnded));
    core.requests.subscribed('ws-legacy', args);
  };

  /** A delivering subscription's events ended; one the client stopped is told nothing more. */
  const subscriptionEnded = (socket: GraphQLSocket, id: string, error: unknown): void => {
    if (error !== undefined) {
      socket.failed(error);
      return;
    }
    if (!socket.delivers(id)) return;
    send(socket, { type: LegacyMessageType.Complete, id });
    socket.endOperation(id);
  };

  const invalid = (socket: GraphQLSocket, id: string | undefined, reason: string): void => {
    const payload: GraphQLFormattedError = core.results.formatRequestError(
      refusal('invalid_message', { reason }).error,
    );
    send(socket, { type: LegacyMessageType.Error, ...(id === undefined ? {} : { id }), payload });
  };

  return {
    message: async (socket, text) => {
      const message = parseLegacyMessage(text);
      switch (message.type) {
        case LegacyMessageType.ConnectionInit: {
          const checked = init(socket, message.payload);
          initialising.set(socket, checked);
          return checked;
        }
        case LegacyMessageType.Start:
          return start(socket, message.id, message.payload);
        case LegacyMessageType.Stop:
          socket.endOperation(message.id);
          return;
        case LegacyMessageType.ConnectionTerminate:
          socket.close(1000, 'Connection terminated');
          return;
        case 'invalid':
          return invalid(socket, message.id, message.reason);
      }
    },
    keepAlive: (socket) => {
      if (socket.state.phase === 'accepted') socket.send(KEEP_ALIVE);
    },
  };
}
