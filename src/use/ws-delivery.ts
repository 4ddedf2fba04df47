import type { DeliverySink, GroupPayload, PayloadEncoding } from '../core/index.js';
import { NEXT_FRAMES, nextMessageStart, type NextFrames } from './ws-frame.js';
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
 * How a WebSocket subprotocol carries a subscription's results: one message per result, which
 * starts with `messageStart(id)`, then the payload's JSON and `}`; its frames made once per
 * payload and operation id (`frames`, an encoding of its own per subprotocol).
 */
export interface ResultMessages {
  frames: PayloadEncoding<NextFrames>;
  messageStart(id: string): string;
}

/** graphql-transport-ws's `next` messages. */
export const NEXT_MESSAGES: ResultMessages = {
  frames: NEXT_FRAMES,
  messageStart: nextMessageStart,
};

/**
 * Told once a subscription's delivery ended (see DeliverySink.ended): one function per transport,
 * given the socket and operation id, so that a subscriber holds no closure of its own for it.
 */
export type SubscriptionEnded<TSocket> = (socket: TSocket, id: string, error: unknown) => void;

/**
 * One subscription's result frames (graphql-ws `next` messages, unless told otherwise), written
 * to its connection's TCP socket as finished bytes, past `ws`'s sender: sound because the server
 * has no permessage-deflate and the frames held are written before each of `ws`'s own (see
 * CoalescingWebSocket).
 */
export class WebSocketSink<
  TSocket extends CoalescingWebSocket = CoalescingWebSocket,
> implements DeliverySink {
  /** Every result message of the operation starts so; a string, see `nextMessageStart`. */
  private readonly start: string;

  constructor(
    private readonly socket: TSocket,
    /** The operation id, which every result message of the subscription carries. */
    private readonly id: string,
    private readonly coalescer: WriteCoalescer,
    private readonly messages: ResultMessages = NEXT_MESSAGES,
    private readonly onEnded?: SubscriptionEnded<TSocket>,
  ) {
    this.start = messages.messageStart(id);
  }

  ended(error: unknown): void {
    this.onEnded?.(this.socket, this.id, error);
  }

  isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  isBehind(): boolean {
    return this.socket.hasUnsentOver(SOCKET_HIGH_WATER_BYTES);
  }

  write(payload: GroupPayload, written?: () => void): void {
    const frame = payload.encodedAs(this.messages.frames).nextFrame(this.id, this.start);
    this.coalescer.write(this.socket, frame, written);
  }
}
