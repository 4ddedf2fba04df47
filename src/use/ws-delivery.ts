import type { Socket } from 'node:net';
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
  source: Pick<HubSubscription<object>, 'deliverDirectly' | 'nextResult' | 'return'>;
  subscription: BroadcastSubscription;
  broadcast: EventBroadcast;
  coalescer: WriteCoalescer;
  /**
   * Told once when the delivery has ended, however it ended: its events ran out (or `return()`
   * ended it), or, with the error, an event could not be delivered.
   */
  onEnd(error?: unknown): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * What the connection holds for a subscription: graphql-ws's complete and close end it by
 * `return()`, as they end any operation it holds. It yields nothing, as events go straight out.
 */
export class DeliveryHandle implements AsyncIterableIterator<never, undefined> {
  constructor(private readonly stop: () => void) {}

  next(): Promise<IteratorResult<never, undefined>> {
    return Promise.resolve(DONE);
  }

  return(): Promise<IteratorResult<never, undefined>> {
    this.stop();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

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
 * While the subscriber is idle the delivery holds no promise: the hub hands the next event to a
 * callback. `return()` (the client's `complete`, a closed socket) ends it; `onEnd` is told.
 */
export function deliverSubscription(options: SubscriptionDeliveryOptions): DeliveryHandle {
  const { socket, id, source, subscription, broadcast, coalescer, onEnd } = options;
  const tcp = tcpSocket(socket);
  const start = nextMessageStart(id);
  let stopped = false;
  const open = (): boolean => !stopped && socket.readyState === socket.OPEN;
  // While the delivery waits for the next event, everything before it is written: an event whose
  // payload is known and whose socket is not behind goes out at once, from the hub's dispatch,
  // without a promise hop. Anything else goes to `onResult` below, which keeps the order.
  source.deliverDirectly((event) => {
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
  /** Writes the payload; a promise when the socket is behind, settled once the kernel took it. */
  const send = (payload: GroupPayload): Promise<void> | undefined => {
    if (!open()) return undefined;
    const frame = payload.nextFrame(id, start);
    if (tcp.writableLength <= SOCKET_HIGH_WATER_BYTES) {
      coalescer.write(tcp, frame);
      return undefined;
    }
    return new Promise((resolve) => coalescer.write(tcp, frame, () => resolve()));
  };
  const end = (error?: unknown): void => {
    if (stopped) return;
    stopped = true;
    void source.return?.();
    onEnd(error);
  };
  /** Delivers results one after another until one must wait: for its payload, or for the socket. */
  const onResult = (first: IteratorResult<object, undefined>): void => {
    try {
      for (let next: typeof first | undefined = first; next; next = source.nextResult(onResult)) {
        if (next.done) return end();
        const payload = broadcast.payload(next.value, subscription);
        const sending = payload instanceof GroupPayload ? send(payload) : payload.then(send);
        if (sending) return void sending.then(waitForNext, end);
      }
    } catch (error) {
      end(error);
    }
  };
  const waitForNext = (): void => {
    const next = source.nextResult(onResult);
    if (next) onResult(next);
  };
  waitForNext();
  return new DeliveryHandle(end);
}
