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
 * The start of a graphql-ws `next` message of operation `id`, up to its payload. A string: a
 * small Buffer kept as long as its subscription would hold a whole slab of Node's buffer pool.
 */
export function nextMessageStart(id: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":`;
}

/** What closes a `next` message after its payload. */
export const NEXT_MESSAGE_END: Uint8Array = Buffer.from('}');
