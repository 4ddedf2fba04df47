import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { HubSubscription } from '../fanout/index.js';
import { GroupPayload, type BroadcastSubscription, type EventBroadcast } from './broadcast.js';
import { nextMessageStart } from './ws-frame.js';

/**
 * Bytes a socket may hold that the kernel has not taken yet before its subscription's delivery
 * waits for them to go out. While it waits, events wait in the subscriber's hub queue, whose
 * slow-subscriber rule ends the subscription (close 1013) when too many stay untaken too long:
 * the subscriber's backlog is bounded in bytes here and in events and time there.
 */
export const SOCKET_HIGH_WATER_BYTES = 64 * 1024;

/** What is called once a write reached the kernel or failed. */
type WriteDone = (error?: Error | null) => void;

type SendData = Parameters<WebSocket['send']>[0];
type SendOptions = Parameters<WebSocket['send']>[1];
type SendDone = (error?: Error) => void;

/**
 * A server-side WebSocket whose subscription frames a {@link WriteCoalescer} may hold until the
 * end of the tick. `ws` writes its own frames (`complete`, `error`, ping, pong, close) to the TCP
 * socket at once, so each of them first writes the frames held before it: none is overtaken.
 */
export class CoalescingWebSocket extends WebSocket {
  /** Frames held for the end of the tick, in order: one as it is, several in a list. */
  heldFrames: Buffer | Buffer[] | undefined = undefined;
  /** Their length in bytes. */
  heldBytes = 0;
  /** Told once the held frames reached the kernel or failed. */
  heldDone: WriteDone[] | undefined = undefined;
  /**
   * The TCP socket's unsent bytes as last read, after a write to it: they only shrink until the
   * next write, so this bounds them without reading the stream's state for every delivery.
   * Unknown (infinite) until first read.
   */
  private tcpBytesBound = Infinity;

  /**
   * Bytes sent to the connection that the kernel has not taken yet, held frames included: what
   * the slow-subscriber rule counts, as `ws`'s `bufferedAmount` counts the socket's.
   */
  get unsentBytes(): number {
    return tcpSocket(this).writableLength + this.heldBytes;
  }

  /**
   * Whether more than `limit` of the {@link unsentBytes} wait; the TCP socket's state is read only
   * when its bound from the last write does not settle it.
   */
  hasUnsentOver(limit: number): boolean {
    if (this.tcpBytesBound + this.heldBytes <= limit) return false;
    this.tcpBytesBound = tcpSocket(this).writableLength;
    return this.tcpBytesBound + this.heldBytes > limit;
  }

  /**
   * Writes the held frames to the TCP socket: one frame plainly, several corked, so they go out
   * in one system call either way. (Concatenating several into one buffer measured slower than
   * Node's vectored write of them.)
   */
  writeHeldFrames(): void {
    const frames = this.heldFrames;
    if (frames === undefined) return;
    const done = this.heldDone;
    this.heldFrames = undefined;
    this.heldBytes = 0;
    this.heldDone = undefined;
    const tcp = tcpSocket(this);
    const written = done && ((error?: Error | null) => done.forEach((callback) => callback(error)));
    if (!Array.isArray(frames)) {
      tcp.write(frames, written);
    } else {
      tcp.cork();
      const last = frames.length - 1;
      for (let index = 0; index < last; index += 1) tcp.write(frames[index] as Buffer);
      tcp.write(frames[last] as Buffer, written);
      tcp.uncork();
    }
    this.tcpBytesBound = tcp.writableLength;
  }

  /**
   * Lets `ws` write a frame of its own: after the frames held before it, and with the TCP
   * socket's unsent bytes read again afterwards, as they may have grown.
   */
  private writeOwnFrame(write: () => void): void {
    this.writeHeldFrames();
    write();
    this.tcpBytesBound = tcpSocket(this).writableLength;
  }

  override send(data: SendData, done?: SendDone): void;
  override send(data: SendData, options: SendOptions, done?: SendDone): void;
  override send(data: SendData, optionsOrDone?: SendOptions | SendDone, done?: SendDone): void {
    this.writeOwnFrame(() =>
      typeof optionsOrDone === 'function'
        ? super.send(data, optionsOrDone)
        : super.send(data, optionsOrDone ?? {}, done),
    );
  }

  override ping(...args: Parameters<WebSocket['ping']>): void {
    this.writeOwnFrame(() => super.ping(...args));
  }

  override pong(...args: Parameters<WebSocket['pong']>): void {
    this.writeOwnFrame(() => super.pong(...args));
  }

  override close(...args: Parameters<WebSocket['close']>): void {
    this.writeOwnFrame(() => super.close(...args));
  }
}

/**
 * Coalesces the writes of one fan-out: the frames a socket is sent in a tick are held, and once
 * the tick's work is done each socket's are written at once, so several frames go out in one
 * system call, and a single one as one plain write, without Node's cork and uncork.
 */
export class WriteCoalescer {
  private readonly holding: CoalescingWebSocket[] = [];
  private readonly flushAll = (): void => this.flush();

  /**
   * Sends a WebSocket frame to the connection at the end of the tick; `done` (when given) is
   * called once it reached the kernel or failed.
   */
  write(socket: CoalescingWebSocket, frame: Buffer, done?: WriteDone): void {
    const held = socket.heldFrames;
    if (held === undefined) {
      socket.heldFrames = frame;
      if (this.holding.push(socket) === 1) setImmediate(this.flushAll);
    } else if (Array.isArray(held)) {
      held.push(frame);
    } else {
      socket.heldFrames = [held, frame];
    }
    socket.heldBytes += frame.length;
    if (done) (socket.heldDone ??= []).push(done);
  }

  private flush(): void {
    const sockets = this.holding.splice(0);
    for (const socket of sockets) socket.writeHeldFrames();
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
  socket: CoalescingWebSocket;
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
 * own frames (`complete`, `error`, `pong`, close) to the same socket at once, never queued, and
 * a {@link CoalescingWebSocket} writes the frames it holds before each of them: the socket takes
 * every frame in the order they are sent. Nothing is written once the connection is no longer
 * open (a close frame may have been sent).
 *
 * While the subscriber is idle the delivery holds no promise: the hub hands the next event to a
 * callback. `return()` (the client's `complete`, a closed socket) ends it; `onEnd` is told.
 */
export function deliverSubscription(options: SubscriptionDeliveryOptions): DeliveryHandle {
  const { socket, id, source, subscription, broadcast, coalescer, onEnd } = options;
  const start = nextMessageStart(id);
  let stopped = false;
  const open = (): boolean => !stopped && socket.readyState === socket.OPEN;
  // While the delivery waits for the next event, everything before it is written: an event whose
  // payload is known and whose socket is not behind goes out at once, from the hub's dispatch,
  // without a promise hop. Anything else goes to `onResult` below, which keeps the order.
  source.deliverDirectly((event) => {
    if (!open() || socket.hasUnsentOver(SOCKET_HIGH_WATER_BYTES)) return false;
    let payload: GroupPayload | Promise<GroupPayload>;
    try {
      payload = broadcast.payload(event, subscription);
    } catch {
      return false;
    }
    if (!(payload instanceof GroupPayload)) return false;
    coalescer.write(socket, payload.nextFrame(id, start));
    return true;
  });
  /** Writes the payload; a promise when the socket is behind, settled once the kernel took it. */
  const send = (payload: GroupPayload): Promise<void> | undefined => {
    if (!open()) return undefined;
    const frame = payload.nextFrame(id, start);
    if (!socket.hasUnsentOver(SOCKET_HIGH_WATER_BYTES)) {
      coalescer.write(socket, frame);
      return undefined;
    }
    return new Promise((resolve) => coalescer.write(socket, frame, () => resolve()));
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
