import { MessageType, stringifyMessage } from 'graphql-ws';
import type { PayloadEncoding } from '../core/index.js';

/** The first byte of a final, unfragmented WebSocket text frame (FIN set, opcode 1). */
const FINAL_TEXT = 0x81;
/** Payload lengths up to this fit in the frame's second byte. */
const MAX_SHORT_LENGTH = 125;
/** Marks a 16-bit length after the second byte, and the largest such length. */
const LENGTH_16 = 126;
const MAX_LENGTH_16 = 0xffff;
/** Marks a 64-bit length after the second byte. */
const LENGTH_64 = 127;

/**
 * A WebSocket text frame as a server sends it (RFC 6455 §5.2: final, unmasked, no extension
 * bits) whose data is `parts` one after another, strings as UTF-8. Only valid on a connection
 * without permessage-deflate, and only when the text is valid UTF-8 (JSON.stringify's output is).
 */
export function textFrame(...parts: readonly (string | Uint8Array)[]): Buffer {
  let length = 0;
  for (const part of parts)
    length += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
  const headerLength = length <= MAX_SHORT_LENGTH ? 2 : length <= MAX_LENGTH_16 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FINAL_TEXT;
  if (headerLength === 2) {
    frame[1] = length;
  } else if (headerLength === 4) {
    frame[1] = LENGTH_16;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = LENGTH_64;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  let offset = headerLength;
  for (const part of parts) {
    if (typeof part === 'string') {
      offset += frame.write(part, offset);
    } else {
      frame.set(part, offset);
      offset += part.length;
    }
  }
  return frame;
}

/** The data of a frame built by {@link textFrame}, without its header (shares its memory). */
export function textFrameData(frame: Buffer): Buffer {
  const lengthMark = frame[1] as number;
  const headerLength = lengthMark === LENGTH_64 ? 10 : lengthMark === LENGTH_16 ? 4 : 2;
  return frame.subarray(headerLength);
}

/**
 * The graphql-ws `next` message of operation `id` around an empty payload, as graphql-ws itself
 * writes one: its text up to the payload is every such message's start, `}` its end.
 */
const EMPTY_PAYLOAD_END = '{}}';

/**
 * The start of a graphql-ws `next` message of operation `id`, up to its payload. A string: a
 * small Buffer kept as long as its subscription would hold a whole slab of Node's buffer pool.
 */
export function nextMessageStart(id: string): string {
  const empty = stringifyMessage({ id, type: MessageType.Next, payload: {} });
  return empty.slice(0, -EMPTY_PAYLOAD_END.length);
}

/** What closes a `next` message after its payload. */
export const NEXT_MESSAGE_END: Uint8Array = Buffer.from('}');

/**
 * Operation ids besides the first whose frames a payload keeps for the subscribers that come
 * after: clients that number their operations share a few ids, while clients that draw random
 * ids share none, and each frame kept lives as long as the event.
 */
const MAX_OTHER_FRAMES = 16;

/**
 * The result frames carrying one group payload (graphql-ws `next` messages, or the legacy
 * subprotocol's `data` messages, by the message start given), encoded once per operation id:
 * subscribers whose operations share an id (every client that numbers its operations from 1) are
 * sent the very same bytes.
 */
export class NextFrames {
  /** The frame of the first operation id asked for, the usual one, and its message start. */
  private firstId: string | undefined;
  private firstFrame: Buffer | undefined;
  private firstStart = '';
  /** The first frame's encoded payload and message end, which other ids' frames copy. */
  private encodedRest: Buffer | undefined;
  /** Frames of other ids; a few are kept. */
  private otherFrames: Map<string, Buffer> | undefined;

  constructor(
    /** The `payload` of the `next` messages. */
    private readonly json: string,
  ) {}

  /** The `next` frame of operation `id`, whose message starts with `start` (`nextMessageStart(id)`). */
  nextFrame(id: string, start: string): Buffer {
    if (id === this.firstId) return this.firstFrame as Buffer;
    if (this.firstFrame === undefined) {
      this.firstId = id;
      this.firstFrame = textFrame(start, this.json, NEXT_MESSAGE_END);
      this.firstStart = start;
      return this.firstFrame;
    }
    let frame = this.otherFrames?.get(id);
    if (frame === undefined) {
      this.encodedRest ??= textFrameData(this.firstFrame).subarray(
        Buffer.byteLength(this.firstStart),
      );
      frame = textFrame(start, this.encodedRest);
      this.otherFrames ??= new Map();
      if (this.otherFrames.size < MAX_OTHER_FRAMES) this.otherFrames.set(id, frame);
    }
    return frame;
  }
}

/** A group payload as graphql-ws `next` frames. */
export const NEXT_FRAMES: PayloadEncoding<NextFrames> = { encode: (json) => new NextFrames(json) };
