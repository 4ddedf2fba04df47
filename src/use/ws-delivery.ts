import type { Socket } from 'node:net';
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { HubSubscription } from '../fanout/index.js';
import { GroupPayload, type BroadcastSubscription, type EventBroadcast } from './broadcast.js';
import { nextMessageStart } from './ws-frame.js';

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
 * several frames at once gets them in one system call, and one that receives a single frame
 * writes it as it would uncorked.
 */
export class WriteCoalescer {
  private readonly corked = new Set<Socket>();
  private flushScheduled = false;

  /**
   * Writes a WebSocket frame to the connection's TCP socket; `done` (when given) is called once it
   * reached the kernel or failed.
   */
  write(socket: Socket, frame: Buffer, done?: (error?: Error | null) => void): void {
    if (!this.corked.has(socket)) {
      socket.cork();
      this.corked.add(socket);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    }
    socket.write(frame, done);
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const socket of this.corked) socket.uncork();
    this.corked.clear();
  }
}

/**
 * The connection's TCP socket, which `ws` keeps as `_socket` and sets before it hands the
 * connection out.
 */
function tcpSocket(socket: WebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
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
 * The frames are written to the TCP socket itself, past `ws`'s sender. That is sound because the
 * server has no permessage-deflate and graphql-ws sends strings only, so `ws` writes each of its
 * own frames (`complete`, `error`, `pong`, close) to the same socket at once, never queued: the
 * socket takes every frame in the order they are sent. Nothing is written once the connection
 * is no longer open (a close frame may have been sent).
 *
 * graphql-ws keeps the protocol: it holds the returned handle as the operation, whose `next()`
 * settles when the delivery ends (then graphql-ws sends `complete`, or `error` when the delivery
 * failed) and whose `return()` (the client's `complete`, a closed socket) ends it.
 */
export function deliverSubscription(options: SubscriptionDeliveryOptions): DeliveryHandle {
  const { socket, id, source, subscription, broadcast, coalescer } = options;
  const tcp = tcpSocket(socket);
  const start = nextMessageStart(id);
  let stopped = false;
  const open = (): boolean => !stopped && socket.readyState === socket.OPEN;
  // While the loop below waits for the next event, everything before it is written: an event whose
  // payload is known and whose socket is not behind goes out at once, from the hub's dispatch,
  // without a promise hop. Anything else goes to the loop, which keeps the order.
  source.deliverDirectly?.((event) => {
    if (!open() || tcp.writableLength > SOCKET_HIGH_WATER_BYTES) return false;
    let payload: GroupPayload | Promise<GroupPayload>;
    try {
      payload = broadcast.payload(event, subscription);
    } catch {
      return false;
    }
    if (!(payload instanceof GroupPayload)) return false;
    coalescer.write(tcp, payload.nextFrame(id, start));
    return true;
  });
  const delivered = (async () => {
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        let payload = broadcast.payload(next.value, subscription);
        if (!(payload instanceof GroupPayload)) payload = await payload;
        if (!open()) return;
        const frame = payload.nextFrame(id, start);
        if (tcp.writableLength <= SOCKET_HIGH_WATER_BYTES) coalescer.write(tcp, frame);
        else await new Promise((resolve) => coalescer.write(tcp, frame, resolve));
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
