import { setMaxListeners } from 'node:events';
import type { WebSocket, WebSocketServer } from 'ws';
import { refusal, type Delivery, type Refusal } from '../core/index.js';
import type { Caller } from '../graphql/index.js';
import type { TraceParent } from '../telemetry/index.js';
import { CoalescingWebSocket } from './ws-internals.js';

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
type Running = OperationWork | Delivery;

function stop(running: Running): void {
  if (running instanceof OperationWork) running.abort();
  else void running.return();
}

/** Where a connection is between its upgrade and its close. */
type ConnectionState =
  /** Until `connection_init` comes: `initWait` closes the socket (4408) if it does not in time. */
  | { phase: 'opened'; initWait: NodeJS.Timeout | undefined }
  /** Its credential is being checked. */
  | { phase: 'initialising' }
  /** `release` gives back its place among its agent's streaming connections. */
  | { phase: 'accepted'; release: () => void }
  | { phase: 'closed' };

/**
 * A GraphQL WebSocket connection, of either subprotocol: `ws`'s socket with what the gateway keeps
 * on it, one object for all of it, since a gateway holds thousands of idle connections. It is its
 * own graphql-ws transport (`protocol`, `send`, `close`, `onMessage`).
 */
export class GraphQLSocket extends CoalescingWebSocket {
  /** The client's address, read from the upgrade request, which is not kept. */
  origin = '';
  /**
   * The trace the client continues: its `connection_init` payload's `traceparent`, else its
   * upgrade request's; its operations' spans are children of it.
   */
  trace: TraceParent | undefined = undefined;
  state: ConnectionState = { phase: 'opened', initWait: undefined };
  /** Whether the last keep-alive ping is unanswered. */
  awaitingPong = false;
  /** graphql-ws's handler of the connection's messages. */
  handleMessage: ((data: string) => Promise<void>) | undefined = undefined;
  /** Tells graphql-ws that the socket closed. */
  handleClose: ((code: number, reason: string) => Promise<void>) | undefined = undefined;
  /** Told when graphql-ws's handling of a message fails; set as the connection opens. */
  failed!: (error: unknown) => void;
  /**
   * The operations whose work has not ended, by id: counted until then, not until the client
   * completes them, as graphql-ws forgets an operation the client completes at once.
   */
  private operations: Map<string, Running> | undefined = undefined;
  /** The credential and origin it was accepted with, kept once it closes for what still ends. */
  private acceptedAs: Caller | undefined = undefined;

  onMessage(handler: (data: string) => Promise<void>): void {
    this.handleMessage = handler;
  }

  /** Closes the socket with `timedOut` unless `connection_init` comes within `waitMs`. */
  awaitInit(waitMs: number, timedOut: (socket: GraphQLSocket) => void): void {
    if (waitMs > 0 && Number.isFinite(waitMs)) {
      this.state = { phase: 'opened', initWait: setTimeout(timedOut, waitMs, this) };
    }
  }

  /** `connection_init` came: its credential is checked now. */
  initialising(): void {
    if (this.state.phase === 'opened') clearTimeout(this.state.initWait);
    this.state = { phase: 'initialising' };
  }

  /** The credential was accepted; false (and the place given back) when the socket closed meanwhile. */
  accept(caller: Caller, release: () => void): boolean {
    if (this.state.phase !== 'initialising' || this.readyState !== this.OPEN) {
      release();
      return false;
    }
    this.state = { phase: 'accepted', release };
    this.acceptedAs = caller;
    return true;
  }

  /** The caller of an acknowledged connection, which graphql-ws alone lets subscribe. */
  get caller(): Caller {
    if (!this.acceptedAs) throw new Error('The connection was never acknowledged.');
    return this.acceptedAs;
  }

  /**
   * Starts the work of operation `id`, counted against the connection's `max`; refused when the
   * connection runs `max` already or `id` is still ending (the client completed it, its upstream
   * work goes on).
   */
  startOperation(
    id: string,
    max: number,
    receivedAt: number,
  ): { outcome: 'started'; work: AbortController } | { outcome: 'refused'; refusal: Refusal } {
    const operations = (this.operations ??= new Map());
    if (operations.size >= max) {
      return { outcome: 'refused', refusal: refusal('too_many_operations', { max }) };
    }
    if (operations.has(id)) {
      return { outcome: 'refused', refusal: refusal('operation_still_ending', { id }) };
    }
    const work = new OperationWork(receivedAt);
    operations.set(id, work);
    return { outcome: 'started', work };
  }

  /** When operation `id` was received; undefined once its work has ended. */
  receivedAt(id: string): number | undefined {
    const running = this.operations?.get(id);
    return running instanceof OperationWork ? running.receivedAt : undefined;
  }

  /** Whether `running` (a started operation's work, or its delivery) is operation `id`'s still. */
  runs(id: string, running: AbortController | Delivery): boolean {
    return this.operations?.get(id) === running;
  }

  /** Operation `id` is a subscription now delivering: the delivery is its work from now on. */
  delivering(id: string, delivery: Delivery): void {
    this.operations?.set(id, delivery);
  }

  /** Whether operation `id` is a subscription delivering. */
  delivers(id: string): boolean {
    const running = this.operations?.get(id);
    return running !== undefined && !(running instanceof OperationWork);
  }

  /**
   * The client completed operation `id`: a running query's or mutation's upstream work ends, and
   * a delivering subscription with it.
   */
  completedByClient(id: string): void {
    const running = this.operations?.get(id);
    if (running instanceof OperationWork) running.abort();
    else if (running !== undefined) this.endOperation(id);
  }

  /**
   * graphql-ws is done with operation `id`: its work ends, unless it is a subscription delivering,
   * which graphql-ws handed over to the connection (see `useWebSockets`).
   */
  protocolDone(id: string): void {
    if (!this.delivers(id)) this.endOperation(id);
  }

  /** Operation `id`'s work has ended: it no longer counts against the connection's limit. */
  endOperation(id: string): void {
    const running = this.operations?.get(id);
    if (!running) return;
    this.operations?.delete(id);
    stop(running);
  }

  /** The socket closed: its place is given back and all its operations' work ends. */
  closed(): void {
    const { state } = this;
    if (state.phase === 'opened') clearTimeout(state.initWait);
    if (state.phase === 'accepted') state.release();
    this.state = { phase: 'closed' };
    for (const running of this.operations?.values() ?? []) stop(running);
    this.operations?.clear();
  }
}

/** A client's message about an operation: its type and id. */
export interface OperationMessage {
  type: unknown;
  id: string;
}

/** The type and id of a client's message; undefined for one with no string id, or no JSON. */
export function operationMessage(text: string): OperationMessage | undefined {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    // graphql-ws closes the socket with 4400.
    return undefined;
  }
  const { type, id } = (message ?? {}) as { type?: unknown; id?: unknown };
  return typeof id === 'string' ? { type, id } : undefined;
}

/** Closes every WebSocket with 1001; a peer that does not answer in time is cut off. */
export async function closeAll(webSockets: WebSocketServer, waitMs: number): Promise<void> {
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
export function closeWith(socket: WebSocket, { closeCode, message }: Refusal): void {
  socket.close(closeCode, message);
}

/** The `Authorization` connection parameter, its key matched case-insensitively. */
export function authorizationParam(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const entry = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === 'authorization');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}
