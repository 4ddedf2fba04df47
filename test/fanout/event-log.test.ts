import { MemoryEventLog, type LogRead } from '../../src/fanout/index.js';

function entriesOf(read: LogRead<string>): string[] {
  if (!read.honoured) throw new Error(`cursor not honoured; head ${read.head}`);
  return read.entries.map((entry) => entry.event);
}

describe('MemoryEventLog', () => {
  let clock: number;
  const log = (options: { entriesPerStream?: number; maxStreams?: number; maxAgeMs?: number }) =>
    new MemoryEventLog<string>({
      entriesPerStream: options.entriesPerStream ?? 10,
      maxStreams: options.maxStreams ?? 10,
      maxAgeMs: options.maxAgeMs ?? 60_000,
      now: () => clock,
    });

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('reads what came after a cursor, in order, with each entry’s own cursor', async () => {
    const events = log({});
    const cursors = [];
    for (const event of ['a', 'b', 'c', 'd']) cursors.push(await events.append('agent', event));
    expect(new Set(cursors).size).toBe(4);
    const read = await events.readAfter('agent', cursors[1] as string);
    expect(read).toEqual({
      honoured: true,
      entries: [
        { cursor: cursors[2], event: 'c' },
        { cursor: cursors[3], event: 'd' },
      ],
    });
    expect(entriesOf(await events.readAfter('agent', cursors[3] as string))).toEqual([]);
  });

  it('appends at once with appendNow, in one sequence with append', async () => {
    const events = log({});
    const first = events.appendNow('agent', 'a');
    const second = await events.append('agent', 'b');
    const third = events.appendNow('agent', 'c');
    expect(events.isAfter(second, first) && events.isAfter(third, second)).toBe(true);
    expect(entriesOf(await events.readAfter('agent', first))).toEqual(['b', 'c']);
  });

  it('keeps streams apart: a cursor of one stream means nothing in another', async () => {
    const events = log({});
    const first = await events.append('agent1', 'a');
    await events.append('agent2', 'b');
    await events.append('agent1', 'c');
    expect(entriesOf(await events.readAfter('agent1', first))).toEqual(['c']);
    expect((await events.readAfter('agent2', first)).honoured).toBe(false);
  });

  it('refuses a cursor it cannot honour and names its head, from which it continues', async () => {
    const events = log({});
    const mine = await events.append('agent', 'a');
    const another = await log({}).append('agent', 'a');
    const unknownEpoch = mine.replace(/^./, (first) => (first === 'A' ? 'B' : 'A'));
    const ahead = mine.replace(/\d+$/, '99');
    for (const cursor of [another, unknownEpoch, ahead, 'garbage', '', `${mine}0 `]) {
      const read = await events.readAfter('agent', cursor);
      expect(read).toEqual({ honoured: false, head: mine });
    }
  });

  it('gives a stream it never saw a head that the first event then follows', async () => {
    const events = log({});
    const read = await events.readAfter('agent', 'unknown');
    if (read.honoured) throw new Error('honoured an unknown cursor');
    expect(await events.hasHistory('agent')).toBe(false);
    await events.append('agent', 'a');
    expect(entriesOf(await events.readAfter('agent', read.head))).toEqual(['a']);
    expect(await events.hasHistory('agent')).toBe(true);
  });

  it('holds the newest entries per stream; a cursor older than they are is too old', async () => {
    const events = log({ entriesPerStream: 3 });
    const cursors = [];
    for (const event of ['a', 'b', 'c', 'd', 'e'])
      cursors.push(await events.append('agent', event));
    expect(entriesOf(await events.readAfter('agent', cursors[1] as string))).toEqual([
      'c',
      'd',
      'e',
    ]);
    expect(await events.readAfter('agent', cursors[0] as string)).toEqual({
      honoured: false,
      head: cursors[4],
    });
  });

  it('with no entries held, honours only the newest cursor', async () => {
    const events = log({ entriesPerStream: 0 });
    const first = await events.append('agent', 'a');
    const second = await events.append('agent', 'b');
    expect(entriesOf(await events.readAfter('agent', second))).toEqual([]);
    expect((await events.readAfter('agent', first)).honoured).toBe(false);
  });

  it('forgets entries past their age, and a stream with nothing newer', async () => {
    const events = log({ maxAgeMs: 1_000 });
    const first = await events.append('agent', 'a');
    const second = await events.append('agent', 'b');
    clock += 600;
    const third = await events.append('agent', 'c');
    clock += 600;
    expect((await events.readAfter('agent', first)).honoured).toBe(false);
    expect(entriesOf(await events.readAfter('agent', second))).toEqual(['c']);
    expect(entriesOf(await events.readAfter('agent', third))).toEqual([]);
    clock += 1_000;
    expect(await events.hasHistory('agent')).toBe(false);
    expect((await events.readAfter('agent', third)).honoured).toBe(false);
  });

  it('holds at most maxStreams streams, forgetting the least recently appended', async () => {
    const events = log({ maxStreams: 2 });
    const first = await events.append('agent1', 'a');
    const second = await events.append('agent2', 'b');
    await events.append('agent1', 'c');
    await events.append('agent3', 'd');
    expect(events.streamCount).toBe(2);
    expect(entriesOf(await events.readAfter('agent1', first))).toEqual(['c']);
    expect((await events.readAfter('agent2', second)).honoured).toBe(false);
    // A stream that comes back is a new log: its old cursors are not mistaken for new positions.
    await events.append('agent2', 'e');
    await events.append('agent2', 'f');
    expect((await events.readAfter('agent2', second)).honoured).toBe(false);
  });
});
