import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

/** What is called once a write reached the kernel or failed. */
export type WriteDone = (error?: Error | null) => void;

type SendData = Parameters<WebSocket['send']>[0];
type SendOptions = Parameters<WebSocket['send']>[1];
type SendDone = (error?: Error) => void;

/**
 * The one place that relies on `ws` beyond its documented API, so that subscription frames can be
 * written to the TCP socket as finished bytes, shared by every subscriber of a group. What it
 * relies on, each pinned by test/use/ws-internals.test.ts:
 * - a server-side connection keeps its TCP socket as `_socket`, set before `connection` fires;
 * - without permessage-deflate, `send`, `ping`, `pong` and `close` write their frame to that
 *   socket at once, within the call, never queued; ws's own answers (the pong to a ping, the
 *   close frame answering the client's) go through `pong` and `close`;
 * - a WebSocketServer makes its connections with the class given as its `WebSocket` option;
 * - Node's EventEmitter finds a connection's listeners in its `_events`, a null-prototype object
 *   by event name, an absent or undefined entry meaning none (as Node's own streams pre-shape it);
 *   pinned by test/use/ws-listeners.test.ts.
 *
 * Frames held for the end of the tick (see `WriteCoalescer`) are written before each of ws's
 * own, so the socket takes every frame in the order it was sent.
 */
export class CoalescingWebSocket extends WebSocket {
  /** As ws's server makes it: with a null address, the server's options third. */
  constructor(...args: unknown[]) {
    super(...(args as ConstructorParameters<typeof WebSocket>));
    // EventEmitter's own listener table is a dictionary, some 220 B more per connection than one
    // with a slot made up front for each event a connection is listened to for (as Node's streams
    // make theirs); null-prototype, as EventEmitter's, so no other event name finds a listener.
    (this as unknown as { _events: object })._events = Object.setPrototypeOf(
      { message: undefined, close: undefined, pong: undefined, error: undefined },
      null,
    ) as object;
  }

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
   * Holds a frame to write with the others at the end of the tick.
   * @returns whether it held none before: then it must be told to write them.
   */
  hold(frame: Buffer, done?: WriteDone): boolean {
    const held = this.heldFrames;
    if (held === undefined) this.heldFrames = frame;
    else if (Array.isArray(held)) held.push(frame);
    else this.heldFrames = [held, frame];
    this.heldBytes += frame.length;
    if (done) (this.heldDone ??= []).push(done);
    return held === undefined;
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

/** The connection's TCP socket, which `ws` keeps as `_socket`. */
export function tcpSocket(socket: WebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
}
