import type { Writable } from 'node:stream';
import * as ws from 'ws';
import { NextFrames, nextMessageStart, textFrame, textFrameData } from '../../src/use/ws-frame.js';

/** The frame parser and framer of `ws`, which its published types leave out. */
const { Receiver, Sender } = ws as unknown as {
  Receiver: new (options: { isServer: boolean; allowSynchronousEvents: boolean }) => Writable;
  Sender: {
    frame(
      data: Buffer,
      options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean },
    ): Buffer[];
  };
};

/** The messages a `ws` client reads from these bytes, and whether each came as text. */
function decode(bytes: Buffer): { text: string; binary: boolean }[] {
  const messages: { text: string; binary: boolean }[] = [];
  const receiver = new Receiver({ isServer: false, allowSynchronousEvents: true });
  receiver.on('message', (data: Buffer, binary: boolean) =>
    messages.push({ text: data.toString('utf8'), binary }),
  );
  receiver.on('error', (error: Error) => {
    throw error;
  });
  receiver.write(bytes);
  return messages;
}

/** The bytes `ws` itself sends for a text message from a server. */
function wsFrame(text: string): Buffer {
  const data = Buffer.from(text);
  return Buffer.concat(Sender.frame(data, { fin: true, opcode: 1, mask: false, readOnly: false }));
}

describe('textFrame', () => {
  it.each([
    ['an empty text', 0, 2],
    ['the longest text whose length fits in the second byte', 125, 2],
    ['the shortest text with a 16-bit length', 126, 4],
    ['the longest text with a 16-bit length', 65_535, 4],
    ['the shortest text with a 64-bit length', 65_536, 10],
    ['a text of a megabyte', 1_048_576, 10],
  ])('frames %s (%i bytes) as ws does, with a %i-byte header', (_name, bytes, header) => {
    const text = 'a'.repeat(bytes);
    const frame = textFrame(text);
    expect(frame.length).toBe(header + bytes);
    expect(frame.equals(wsFrame(text))).toBe(true);
    expect(decode(frame)).toEqual([{ text, binary: false }]);
  });

  it('counts multi-byte UTF-8 characters by their bytes, not their characters', () => {
    // 100 characters, but 4 × 50 + 2 × 50 = 300 bytes: the length needs 16 bits.
    const text = '😀é'.repeat(50);
    const frame = textFrame(text);
    expect(frame[1]).toBe(126);
    expect(frame.readUInt16BE(2)).toBe(300);
    expect(frame.equals(wsFrame(text))).toBe(true);
    expect(decode(frame)).toEqual([{ text, binary: false }]);
  });

  it('joins strings and bytes in order', () => {
    const frame = textFrame('{"a":', Buffer.from('"ü€"'), '}');
    expect(decode(frame)).toEqual([{ text: '{"a":"ü€"}', binary: false }]);
    expect(textFrameData(frame).toString()).toBe('{"a":"ü€"}');
  });

  it('gives the data of each length form without its header', () => {
    // 4, 300 and 70,000 bytes.
    for (const characters of [2, 150, 35_000]) {
      const text = 'é'.repeat(characters);
      expect(textFrameData(textFrame(text)).toString()).toBe(text);
    }
  });
});

describe('NextFrames.nextFrame', () => {
  const json = JSON.stringify({ data: { text: 'Grüße, 你好 😀 "quoted" \\ \u2028' } });
  const message = (id: string): unknown => JSON.parse(decode(nextFrame(id))[0]!.text);
  const payload = new NextFrames(json);
  const nextFrame = (id: string): Buffer => payload.nextFrame(id, nextMessageStart(id));

  it('frames the graphql-ws next message of each id around the same payload', () => {
    for (const id of ['1', '2', 'a"b\\c', 'line\nbreak', 'ü-1', '\u2028', '😀']) {
      expect(message(id)).toEqual({ id, type: 'next', payload: JSON.parse(json) });
    }
  });

  it('sends the same bytes as ws would for the message', () => {
    const id = 'a"b';
    const expected = JSON.stringify({ id, type: 'next', payload: JSON.parse(json) as unknown });
    expect(nextFrame(id).equals(wsFrame(expected))).toBe(true);
  });

  it('builds one frame per distinct id, shared by every subscriber with that id', () => {
    const group = new NextFrames(json);
    const first = group.nextFrame('1', nextMessageStart('1'));
    expect(group.nextFrame('1', nextMessageStart('1'))).toBe(first);
    const other = group.nextFrame('x', nextMessageStart('x'));
    expect(other).not.toBe(first);
    expect(group.nextFrame('x', nextMessageStart('x'))).toBe(other);
    expect(group.nextFrame('1', nextMessageStart('1'))).toBe(first);
  });

  it('keeps the frames of a few ids only, and frames every other id anew each time', () => {
    const group = new NextFrames(json);
    const ids = Array.from({ length: 40 }, (_, i) => `id-${i}`);
    const first = ids.map((id) => group.nextFrame(id, nextMessageStart(id)));
    const again = ids.map((id) => group.nextFrame(id, nextMessageStart(id)));
    const kept = ids.filter((_id, i) => again[i] === first[i]);
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.length).toBeLessThan(ids.length);
    for (const [i, id] of ids.entries()) {
      expect(again[i]!.equals(first[i]!)).toBe(true);
      expect(JSON.parse(decode(again[i]!)[0]!.text)).toEqual({
        id,
        type: 'next',
        payload: JSON.parse(json),
      });
    }
  });

  it('frames a large payload with a 64-bit length for any id', () => {
    const large = JSON.stringify({ data: { text: 'é'.repeat(40_000) } });
    const group = new NextFrames(large);
    for (const id of ['1', 'some-other-id']) {
      const frame = group.nextFrame(id, nextMessageStart(id));
      expect(frame[1]).toBe(127);
      expect(JSON.parse(decode(frame)[0]!.text)).toEqual({
        id,
        type: 'next',
        payload: JSON.parse(large),
      });
    }
  });
});
