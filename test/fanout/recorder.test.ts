import { Writable } from 'node:stream';
import { pino } from 'pino';
import {
  MemoryEventLog,
  type EventLog,
  type LoggedEvent,
  type SnapshotRead,
  type UpstreamFailure,
} from '../../src/fanout/index.js';
import { FeedRecorder } from '../../src/fanout/recorder.js';
import { waitFor } from '../support/wait.js';

interface TestEvent {
  sessionId: string;
  kind: 'update' | 'snapshot';
}

const AGENT = 'agent1';
const update = (sessionId: string): TestEvent => ({ sessionId, kind: 'update' });
const snapshot = (sessionId: string): TestEvent => ({ sessionId, kind: 'snapshot' });
const named = (events: readonly TestEvent[]) =>
  events.map((event) => `${event.kind} ${event.sessionId}`);

/** A gate a test opens when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function recorder(
  options: {
    capacity?: number;
    catchUpMs?: number;
    snapshots?: () => Promise<SnapshotRead<TestEvent, UpstreamFailure>>;
    /** Replaces the memory log's appends, e.g. to hold them back. */
    log?: Pick<EventLog<TestEvent>, 'append' | 'appendNow'>;
  } = {},
) {
  const sent: LoggedEvent<TestEvent>[] = [];
  const resent: { head: string; events: readonly LoggedEvent<TestEvent>[] }[] = [];
  const warnings: string[] = [];
  const feed = { heldPath: 1 as number | undefined, ended: false };
  const log = new MemoryEventLog<TestEvent>({
    entriesPerStream: 100,
    maxStreams: 10,
    maxAgeMs: 60_000,
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      warnings.push((JSON.parse(chunk.toString('utf8')) as { msg: string }).msg);
      callback();
    },
  });
  const recording = new FeedRecorder<TestEvent>({
    agent: AGENT,
    log: options.log ?? log,
    backlog: { capacity: options.capacity ?? 16, catchUpMs: options.catchUpMs ?? 60_000 },
    feed,
    sink: {
      admit: () => true,
      dispatch: (event) => sent.push(event),
      resendAt: (head, events) => resent.push({ head, events }),
    },
    readSnapshot:
      options.snapshots ??
      (() => Promise.resolve({ outcome: 'read', events: [snapshot('s1'), snapshot('s2')] })),
    logger: pino({ level: 'warn' }, sink),
  });
  return { recording, sent, resent, warnings, feed, log };
}

/** A snapshot read held until the test opens the returned gate. */
function heldSnapshot(events: TestEvent[]) {
  const reading = gate();
  let reads = 0;
  return {
    reading,
    reads: () => reads,
    snapshots: async (): Promise<SnapshotRead<TestEvent, UpstreamFailure>> => {
      reads += 1;
      await reading.opened;
      return { outcome: 'read', events };
    },
  };
}

describe('FeedRecorder', () => {
  it('logs and sends events as they come, in order, with their cursors', () => {
    const { recording, sent, log } = recorder();
    recording.publish([update('s1'), update('s2')], 1);
    recording.publish([update('s3')], 1);
    expect(named(sent)).toEqual(['update s1', 'update s2', 'update s3']);
    const [first, second] = sent;
    expect(log.isAfter(second!.cursor, first!.cursor)).toBe(true);
  });

  it('holds live events while sessions are re-read, and sends them after the snapshots', async () => {
    const held = heldSnapshot([snapshot('s1')]);
    const { recording, sent } = recorder({ snapshots: held.snapshots });
    const resync = recording.resync();
    recording.publish([update('s1')], 1);
    expect(sent).toEqual([]);
    held.reading.open();
    await resync;
    expect(named(sent)).toEqual(['snapshot s1', 'update s1']);
  });

  it('lets held events flow in order once more than a queue’s worth wait', () => {
    const held = heldSnapshot([]);
    const { recording, sent } = recorder({ capacity: 2, snapshots: held.snapshots });
    void recording.resync();
    recording.publish([update('s1'), update('s2')], 1);
    expect(sent).toEqual([]);
    recording.publish([update('s3')], 1);
    expect(named(sent)).toEqual(['update s1', 'update s2', 'update s3']);
    recording.publish([update('s4')], 1);
    expect(sent).toHaveLength(3);
  });

  it('sends nothing of a re-read made void by following, nor of one a newer re-read replaced', async () => {
    const held = heldSnapshot([snapshot('s1')]);
    const { recording, sent } = recorder({ snapshots: held.snapshots });
    const voided = recording.resync();
    recording.publish([update('s1')], 1);
    recording.dropResync();
    held.reading.open();
    await voided;
    expect(sent).toEqual([]);

    const older = recording.resync();
    recording.publish([update('s2')], 1);
    const newer = recording.resync();
    await Promise.all([older, newer]);
    expect(named(sent)).toEqual(['snapshot s1', 'update s2']);
  });

  it('sends nothing of a re-read that ends after the stream is no longer held here', async () => {
    const held = heldSnapshot([snapshot('s1')]);
    const { recording, sent, feed } = recorder({ snapshots: held.snapshots });
    const resync = recording.resync();
    feed.heldPath = undefined;
    held.reading.open();
    await resync;
    expect(sent).toEqual([]);
  });

  it('re-sends every session at the log’s head after a gap in the followed events, or nothing it could not read', async () => {
    const { recording, resent, warnings } = recorder();
    await recording.resyncFollowed('head-1');
    expect(resent).toEqual([
      {
        head: 'head-1',
        events: [
          { ...snapshot('s1'), cursor: 'head-1' },
          { ...snapshot('s2'), cursor: 'head-1' },
        ],
      },
    ]);

    const failing = recorder({
      snapshots: () =>
        Promise.resolve({ outcome: 'failed', failure: { kind: 'unavailable', message: 'down' } }),
    });
    await failing.recording.resyncFollowed('head-2');
    expect(failing.resent).toEqual([{ head: 'head-2', events: [] }]);
    expect(failing.warnings).toEqual(['sessions not re-read after a gap in the followed events']);
    expect(warnings).toEqual([]);
  });

  it('logs a burst of any size whole while the log makes progress', async () => {
    const memory = new MemoryEventLog<TestEvent>({
      entriesPerStream: 1_000,
      maxStreams: 10,
      maxAgeMs: 60_000,
    });
    const { recording, sent, warnings } = recorder({
      capacity: 2,
      catchUpMs: 5_000,
      log: {
        // A log across the network: every append answers a little later.
        append: async (stream, event) => {
          await new Promise((resolve) => setImmediate(resolve));
          return memory.append(stream, event);
        },
      },
    });
    const burst = Array.from({ length: 600 }, (_, index) => update(`s${index}`));
    recording.publish(burst, 1);
    await waitFor(() => sent.length === 600);
    expect(named(sent)).toEqual(named(burst));
    expect(warnings).toEqual([]);
  });

  it('leaves events out once the log has not kept up for catchUpMs, and re-reads once it has caught up', async () => {
    const appending = gate();
    const held = heldSnapshot([snapshot('s9')]);
    const memory = new MemoryEventLog<TestEvent>({
      entriesPerStream: 100,
      maxStreams: 10,
      maxAgeMs: 60_000,
    });
    const { recording, sent, warnings } = recorder({
      capacity: 2,
      catchUpMs: 20,
      snapshots: held.snapshots,
      log: {
        append: async (stream, event) => {
          await appending.opened;
          return memory.append(stream, event);
        },
      },
    });
    for (const id of ['s1', 's2', 's3']) recording.publish([update(id)], 1);
    await waitFor(() => warnings.length === 1);
    expect(warnings).toEqual(['event log fell behind; resyncing once it catches up']);
    recording.publish([update('s4')], 1);

    appending.open();
    await waitFor(() => held.reads() === 1);
    recording.publish([update('s5')], 1);
    held.reading.open();
    await waitFor(() => sent.length === 5);
    expect(named(sent)).toEqual([
      'update s1',
      'update s2',
      'update s3',
      'snapshot s9',
      'update s5',
    ]);
  });
});
