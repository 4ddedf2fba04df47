import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import {
  LeaseCoordinator,
  RedisConnection,
  RedisEventLog,
  RedisRateLimitStore,
} from '../../src/cluster/index.js';
import { RedisKeys } from '../../src/cluster/keys.js';
import { MemoryEventLog, type LogEntry, type StreamRoleHandlers } from '../../src/fanout/index.js';
import { MemoryRateLimitStore } from '../../src/graphql/index.js';
import { describeIfRedisAnswers, TEST_REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait.js';

const describeWithRedis = await describeIfRedisAnswers();
const logger = pino({ level: 'silent' });

interface Note {
  text: string;
}

const connections: RedisConnection[] = [];
async function connect(): Promise<RedisConnection> {
  const connection = new RedisConnection({ url: TEST_REDIS_URL, commandTimeoutMs: 2_000, logger });
  connections.push(connection);
  expect(await connection.firstConnection()).toBe(true);
  return connection;
}

function eventLog(redis: RedisConnection, entriesPerStream = 50): RedisEventLog<Note> {
  return new RedisEventLog<Note>(redis, {
    entriesPerStream,
    maxAgeMs: 60_000,
    fallback: new MemoryEventLog<Note>({ entriesPerStream, maxStreams: 10, maxAgeMs: 60_000 }),
  });
}

/** A stream name no other test run uses. */
const agent = () => randomBytes(12).toString('hex');

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

describeWithRedis('RedisEventLog', () => {
  it('honours a cursor on every replica, replaying what followed it', async () => {
    const [mine, theirs] = [eventLog(await connect()), eventLog(await connect())];
    const stream = agent();
    expect(await theirs.hasHistory(stream)).toBe(false);
    const first = await mine.append(stream, { text: 'one' });
    const second = await mine.append(stream, { text: 'two' });
    expect(await theirs.hasHistory(stream)).toBe(true);
    expect(await theirs.readAfter(stream, first)).toEqual({
      honoured: true,
      entries: [{ cursor: second, event: { text: 'two' } }],
    });
    expect(await theirs.readAfter(stream, second)).toEqual({ honoured: true, entries: [] });
  });

  it('answers a cursor it does not hold with its head, which it honours from then on', async () => {
    const log = eventLog(await connect());
    const stream = agent();
    const empty = await log.readAfter(stream, '12-0');
    expect(empty.honoured).toBe(false);
    const head = (empty as { head: string }).head;
    const next = await log.append(stream, { text: 'after the head' });
    expect(await log.readAfter(stream, head)).toEqual({
      honoured: true,
      entries: [{ cursor: next, event: { text: 'after the head' } }],
    });
    for (const foreign of ['AAAAAAAAAAAA.1', 'garbage', '1-0', `${Number.MAX_SAFE_INTEGER}-0`]) {
      expect(await log.readAfter(stream, foreign)).toEqual({ honoured: false, head: next });
    }
  });

  it('refuses a cursor whose entry was trimmed, and reads past a batch', async () => {
    const log = eventLog(await connect(), 10);
    const stream = agent();
    const cursors: string[] = [];
    for (let i = 0; i < 500; i += 1) cursors.push(await log.append(stream, { text: `${i}` }));
    const newest = cursors.at(-1) as string;
    expect(await log.readAfter(stream, cursors[0] as string)).toEqual({
      honoured: false,
      head: newest,
    });
    const kept = await log.readAfter(stream, cursors[495] as string);
    expect(kept).toMatchObject({ honoured: true, entries: [{}, {}, {}, {}] });

    const long = eventLog(await connect(), 1_000);
    const longStream = agent();
    const start = await long.append(longStream, { text: 'start' });
    for (let i = 0; i < 450; i += 1) await long.append(longStream, { text: `${i}` });
    const read = await long.readAfter(longStream, start);
    expect(read.honoured && read.entries.map((entry) => entry.event.text)).toEqual(
      Array.from({ length: 450 }, (_, i) => `${i}`),
    );
  });

  it('writes Redis only while holding the lease, and marks the gap its events left there', async () => {
    const [mine, theirs] = [eventLog(await connect()), eventLog(await connect())];
    const stream = agent();
    const isEntryId = (cursor: string) => /^\d+-\d+$/.test(cursor);
    mine.setRole(stream, { kind: 'holding', until: performance.now() + 60_000 });
    const held = await mine.append(stream, { text: 'held' });
    expect(isEntryId(held)).toBe(true);

    // A follower's last events are the holder's to log: no gap.
    mine.setRole(stream, { kind: 'following' });
    expect(isEntryId(await mine.append(stream, { text: 'on its way' }))).toBe(false);
    expect(await theirs.readAfter(stream, held)).toEqual({ honoured: true, entries: [] });

    // Alone, the replica reads its own fallback too.
    mine.setRole(stream, { kind: 'alone' });
    const alone = await mine.append(stream, { text: 'alone' });
    expect(isEntryId(alone)).toBe(false);
    expect(await mine.readAfter(stream, alone)).toEqual({ honoured: true, entries: [] });
    expect(await theirs.readAfter(stream, held)).toEqual({ honoured: true, entries: [] });

    mine.setRole(stream, { kind: 'holding', until: performance.now() + 60_000 });
    const again = await mine.append(stream, { text: 'held again' });
    expect(await theirs.readAfter(stream, held)).toEqual({ honoured: false, head: again });

    // A lease past its sure lifetime may be another replica's by now.
    mine.setRole(stream, { kind: 'holding', until: performance.now() - 1 });
    expect(isEntryId(await mine.append(stream, { text: 'lapsed' }))).toBe(false);
    expect(await theirs.readAfter(stream, again)).toEqual({ honoured: true, entries: [] });
  });
});

describeWithRedis('RedisRateLimitStore', () => {
  it('counts one window across replicas', async () => {
    const key = agent();
    const stores = [await connect(), await connect()].map(
      (redis) => new RedisRateLimitStore(redis, new MemoryRateLimitStore(10)),
    );
    const now = Date.now();
    const hits = [];
    for (const store of [...stores, ...stores]) hits.push(await store.hit(key, 60_000, now));
    expect(hits.map((hit) => hit.hits)).toEqual([1, 2, 3, 4]);
    for (const hit of hits) {
      expect(hit.resetAt).toBeGreaterThan(now + 59_000);
      expect(hit.resetAt).toBeLessThanOrEqual(now + 60_000);
    }
  });
});

describeWithRedis('LeaseCoordinator', () => {
  const LEASE_TTL_MS = 1_000;

  class Member implements StreamRoleHandlers<Note> {
    role: 'none' | 'holding' | 'following' = 'none';
    readonly received: LogEntry<Note>[] = [];
    /** The heads of the resyncs asked for. */
    readonly resyncs: string[] = [];
    hold(): void {
      this.role = 'holding';
    }
    follow(): void {
      this.role = 'following';
    }
    event(entry: LogEntry<Note>): void {
      this.received.push(entry);
    }
    resync(head: string): Promise<void> {
      this.resyncs.push(head);
      return Promise.resolve();
    }
  }

  async function replica(entriesPerStream?: number) {
    const redis = await connect();
    const log = eventLog(redis, entriesPerStream);
    return {
      redis,
      log,
      coordinator: new LeaseCoordinator<Note>(redis, { leaseTtlMs: LEASE_TTL_MS, log, logger }),
    };
  }

  /** Two replicas of one agent's stream, the first holding it and the second following it. */
  async function heldAndFollowed(entriesPerStream?: number) {
    const stream = agent();
    const [first, second] = [await replica(entriesPerStream), await replica(entriesPerStream)];
    const [holder, follower] = [new Member(), new Member()];
    const holding = first.coordinator.join(stream, holder);
    await waitFor(() => holder.role === 'holding');
    const following = second.coordinator.join(stream, follower);
    await waitFor(() => follower.role === 'following');
    const leaveBoth = () => Promise.all([holding.leave(), following.leave()]);
    return { stream, first, second, holder, follower, holding, following, leaveBoth };
  }

  it('lets one replica hold an agent’s stream, carries its events to the other, and hands over on leave', async () => {
    const { stream, first, follower, holding, following } = await heldAndFollowed();
    const cursor = await first.log.append(stream, { text: 'from the holder' });
    await waitFor(() => follower.received.length === 1);
    expect(follower.received).toEqual([{ cursor, event: { text: 'from the holder' } }]);

    await holding.leave();
    await waitFor(() => follower.role === 'holding', LEASE_TTL_MS);
    await following.leave();
  });

  it('takes a lease over once its holder stops renewing it', async () => {
    const stream = agent();
    const [first, second] = [await replica(), await replica()];
    const holder = new Member();
    const dead = first.coordinator.join(stream, holder);
    await waitFor(() => holder.role === 'holding');
    const survivor = new Member();
    const joined = second.coordinator.join(stream, survivor);
    await waitFor(() => survivor.role === 'following');
    // The holder's connection dies with it: it renews no more, nor gives the lease up.
    await (connections[0] as RedisConnection).close();
    const diedAt = Date.now();
    await waitFor(() => survivor.role === 'holding', LEASE_TTL_MS * 2);
    expect(Date.now() - diedAt).toBeLessThan(LEASE_TTL_MS * 1.25 + 500);
    await Promise.all([joined.leave(), dead.leave()]);
  });

  it('resyncs a follower that stalled while the entries after its last one were trimmed', async () => {
    const { stream, first, second, follower, leaveBoth } = await heldAndFollowed(10);
    await first.log.append(stream, { text: 'before the stall' });
    await waitFor(() => follower.received.length === 1);

    // The follower's connection is blocked until the holder has logged far more than the log keeps.
    const unblock = agent();
    const stalled = second.redis.commands.blpop(unblock, 0);
    const cursors = await Promise.all(
      Array.from({ length: 500 }, (_, i) => first.log.append(stream, { text: `${i}` })),
    );
    await first.redis.commands.lpush(unblock, 'go');
    await stalled;

    await waitFor(() => follower.resyncs.length === 1);
    const [head] = follower.resyncs;
    expect(cursors.indexOf(head as string)).toBeGreaterThan(400);
    const after = await first.log.append(stream, { text: 'after the resync' });
    await waitFor(() => follower.received.at(-1)?.cursor === after);
    const skipped = cursors.slice(0, cursors.indexOf(head as string) + 1);
    expect(follower.received.filter((entry) => skipped.includes(entry.cursor))).toEqual([]);
    expect(follower.resyncs).toHaveLength(1);
    await leaveBoth();
  });

  it('logs the holder’s events in Redis while only its pub/sub connection is down', async () => {
    const { stream, first, holder, follower, leaveBoth } = await heldAndFollowed();
    first.redis.subscriber.disconnect();
    await waitFor(() => !first.redis.connected);

    const cursor = await first.log.append(stream, { text: 'without pub/sub' });
    await waitFor(() => follower.received.length === 1);
    expect(follower.received).toEqual([{ cursor, event: { text: 'without pub/sub' } }]);
    expect(holder.role).toBe('holding');
    await leaveBoth();
  });

  it('resyncs the followers once Redis answers again after refusing one of the holder’s events', async () => {
    const { stream, first, second, holder, follower, leaveBoth } = await heldAndFollowed();
    const before = await first.log.append(stream, { text: 'before the refusal' });
    await waitFor(() => follower.received.length === 1);

    // The log's key holds a string for a while: Redis refuses the XADD, yet renews the lease.
    const key = RedisKeys.events(stream);
    const aside = `${key}:aside`;
    await first.redis.commands.multi().rename(key, aside).set(key, 'not a stream').exec();
    const refused = await first.log.append(stream, { text: 'refused by Redis' });
    expect(refused).not.toMatch(/^\d+-\d+$/);
    await first.redis.commands.multi().del(key).rename(aside, key).exec();

    // No event follows: the holder's next renewal marks the gap, and the follower resyncs over it.
    await waitFor(() => follower.resyncs.length === 1, LEASE_TTL_MS * 2);
    expect(holder.role).toBe('holding');
    expect(follower.received.map((entry) => entry.cursor)).toEqual([before]);
    expect(await second.log.readAfter(stream, before)).toEqual({
      honoured: false,
      head: follower.resyncs[0],
    });
    const after = await first.log.append(stream, { text: 'after the resync' });
    await waitFor(() => follower.received.at(-1)?.cursor === after);
    expect(follower.resyncs).toHaveLength(1);
    await leaveBoth();
  });

  it('gives the lease up on leave while only the holder’s pub/sub connection is down', async () => {
    const { stream, first, holding, leaveBoth } = await heldAndFollowed();
    first.redis.subscriber.disconnect();
    await waitFor(() => !first.redis.connected);
    await holding.leave();
    expect(await first.redis.commands.get(RedisKeys.lease(stream))).toBeNull();
    await leaveBoth();
  });

  it('orders cursors as entry ids, not as strings', async () => {
    const { log } = await replica();
    expect(log.isAfter('1700000000000-10', '1700000000000-9')).toBe(true);
    expect(log.isAfter('10000000000000-0', '9000000000000-5')).toBe(true);
    expect(log.isAfter('1700000000000-9', '1700000000000-10')).toBe(false);
    expect(log.isAfter('1700000000000-9', '1700000000000-9')).toBe(false);
    // A cursor of the replica's own log while Redis was away is not comparable: it is handed on.
    expect(log.isAfter('AAAAAAAAAAAA.1', '1700000000000-9')).toBe(true);
  });
});
