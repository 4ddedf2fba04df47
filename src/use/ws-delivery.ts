import type { DeliverySink, GroupPayload } from '../core/index.js';
import { NEXT_FRAMES, nextMessageStart } from './ws-frame.js';
import type { CoalescingWebSocket, WriteDone } from './ws-internals.js';

/**
 * Bytes a socket may hold that the kernel has not taken yet before its subscription's delivery
 * waits for them to go out. While it waits, events wait in the subscriber's queue, whose
 * slow-subscriber rule ends the subscription (close 1013) when too many stay untaken too long:
 * the subscriber's backlog is bounded in bytes here and in events and time there.
 */
export const SOCKET_HIGH_WATER_BYTES = 64 * 1024;

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
    if (socket.hold(frame, done) && this.holding.push(socket) === 1) setImmediate(this.flushAll);
  }

  private flush(): void {
    const sockets = this.holding.splice(0);
    for (const socket of sockets) socket.writeHeldFrames();
  }
}

/**
 * One subscription's graphql-ws `next` frames, written to its connection's TCP socket as finished
 * bytes, past `ws`'s sender: sound because the server has no permessage-deflate and the frames
 * held are written before each of `ws`'s own (see CoalescingWebSocket).
 */
export class WebSocketSink implements DeliverySink {
  /** Every `next` message of the operation starts so; a string, see `nextMessageStart`. */
  private readonly start: string;

  constructor(
    private readonly socket: CoalescingWebSocket,
    /** The graphql-ws operation id, which every `next` message of the subscription carries. */
    private readonly id: string,
    private readonly coalescer: WriteCoalescer,
  ) {
    this.start = nextMessageStart(id);
  }

  isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  isBehind(): boolean {
    return this.socket.hasUnsentOver(SOCKET_HIGH_WATER_BYTES);
  }

  write(payload: GroupPayload, written?: () => void): void {
    const frame = payload.encodedAs(NEXT_FRAMES).nextFrame(this.id, this.start);
    this.coalescer.write(this.socket, frame, written);
  }
}
