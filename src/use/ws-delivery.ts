import type { Socket } from 'node:net';
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { HubSubscription } from '../fanout/index.js';
import type { BroadcastSubscription, EventBroadcast } from './broadcast.js';

/**
 * Bytes a socket may hold that the kernel has not taken yet before its subscription's delivery
 * waits for them to go out. While it waits, events pile up in the subscriber's bounded hub queue,
 * whose overflow ends the subscription (close 1013): the slow-subscriber rule, bounded in bytes
 * here and in events there.
 */
export const SOCKET_HIGH_WATER_BYTES = 64 * 1024;

/**
 * Coalesces the writes of one fan-out: the first write to a socket in a tick corks it, and every
 * socket corked is uncorked together once the tick's work is done, so a socket that receives
 * several events at once gets them in one system call.
 */
export class WriteCoalescer {
  private readonly corked = new Set<Socket>();
  private flushScheduled = false;

  /** Sends a text frame; `done` (when given) is called once it reached the kernel or failed. */
  send(socket: WebSocket, frame: string, done?: (error?: Error) => void): void {
    const raw = rawSocket(socket);
    if (raw && !this.corked.has(raw)) {
      raw.cork();
      this.corked.add(raw);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    }
    socket.send(frame, done);
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const raw of this.corked) raw.uncork();
    this.corked.clear();
  }
}

/** `ws` keeps the connection's TCP socket as `_socket`; undefined before it is set up. */
function rawSocket(socket: WebSocket): Socket | undefined {
  return (socket as unknown as { _socket?: Socket })._socket;
}

export interface SubscriptionDeliveryOptions {
  socket: WebSocket;
  /** The graphql-ws operation id, which every `next` message of the subscription carries. */
  id: string;
  /** The subscription's events from the hub, in order; ended by `return()`. */
  source: AsyncIterator<object> & Partial<Pick<HubSubscription<object>, 'deliverDirectly'>>;
  subscription: BroadcastSubscription;
  broadcast: EventBroadcast;
  coalescer: WriteCoalescer;
}

/** What graphql-ws holds for a subscription: it yields nothing, as events go straight out. */
export type DeliveryHandle = AsyncIterableIterator<ExecutionResult> & {
  return(): Promise<IteratorResult<ExecutionResult, undefined>>;
};

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Delivers a subscription's events from the hub straight to its socket, as graphql-ws `next`
 * messages built around the group's shared payload, one event after another, so a subscriber's
 * order holds even when an event's result resolves later than the next one's.
 *
 * graphql-ws keeps the protocol: it holds the returned handle as the operation, whose `next()`
 * settles when the delivery ends (then graphql-ws sends `complete`, or `error` when the delivery
 * failed) and whose `return()` (the client's `complete`, a closed socket) ends it.
 */
export function deliverSubscription(options: SubscriptionDeliveryOptions): DeliveryHandle {
  const { socket, source, subscription, broadcast, coalescer } = options;
  const messageStart = `{"id":${JSON.stringify(options.id)},"type":"next","payload":`;
  let stopped = false;
  const open = (): boolean => !stopped && socket.readyState === socket.OPEN;
  // While the loop below waits for the next event, everything before it is written: an event whose
  // payload is known and whose socket is not behind goes out at once, from the hub's dispatch,
  // without a promise hop. Anything else goes to the loop, which keeps the order.
  source.deliverDirectly?.((event) => {
    if (!open() || socket.bufferedAmount > SOCKET_HIGH_WATER_BYTES) return false;
    let payload: string | Promise<string>;
    try {
      payload = broadcast.payload(event, subscription);
    } catch {
      return false;
    }
    if (typeof payload !== 'string') return false;
    coalescer.send(socket, `${messageStart}${payload}}`);
    return true;
  });
  const delivered = (async () => {
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        let payload = broadcast.payload(next.value, subscription);
        if (typeof payload !== 'string') payload = await payload;
        if (!open()) return;
        const message = `${messageStart}${payload}}`;
        if (socket.bufferedAmount <= SOCKET_HIGH_WATER_BYTES) coalescer.send(socket, message);
        else await new Promise((resolve) => coalescer.send(socket, message, resolve));
      }
    } finally {
      await source.return?.();
    }
  })();
  // Observed by graphql-ws through next(); this keeps a failure before that from going unhandled.
  delivered.catch(() => undefined);
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => delivered.then(() => DONE),
    return: async () => {
      stopped = true;
      await source.return?.();
      return DONE;
    },
  };
}
