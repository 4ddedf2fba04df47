import { performance } from 'node:perf_hooks';
import type { EventLog, LogEntry, LogRead } from '../fanout/index.js';
import type { RedisConnection } from './connection.js';
import { RedisKeys } from './keys.js';

export interface RedisEventLogOptions<TEvent> {
  /** Entries kept per agent, about: Redis trims whole blocks of a stream, so a few more stay. */
  entriesPerStream: number;
  /** An agent's log is dropped this long after its last append, in ms. */
  maxAgeMs: number;
  /** Where events go, and are read from, while Redis is unreachable. */
  fallback: EventLog<TEvent>;
}

/** A Redis stream entry id, which is the cursor: `<ms>-<sequence>`. */
const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;
/** The field of an entry holding an event, as JSON. */
const EVENT_FIELD = 'e';
/**
 * The field of an entry that holds no event: a position written into an empty log so a client
 * given the log's head has a cursor that names an entry.
 */
const MARK_FIELD = 'm';
/**
 * The field of an entry that holds no event and marks a gap: events were logged, in this
 * replica's fallback only, that should have come before it. No cursor before a gap is honoured.
 */
const GAP_FIELD = 'g';
/** Entries read per round trip. */
const READ_BATCH = 200;

type StreamEntry = [id: string, fields: string[]];

/**
 * What this replica is to one agent's log in Redis, as the agent's lease decides. Only the lease's
 * holder writes there, so that one notification is never logged twice by two replicas that each
 * hold a stream for a while (Redis just back, a holder's lease lapsed unnoticed, a role changing
 * with events still on their way to the log).
 */
export type SharedLogRole =
  /** Holds the agent's stream without the lease, Redis being unreachable when it last asked. */
  | { kind: 'alone' }
  /** Holds the lease, surely until `until` (a `performance.now()` reading). */
  | { kind: 'holding'; until: number }
  /** Another replica holds the lease and writes the log. */
  | { kind: 'following' };

/**
 * The agents' event logs as capped Redis streams, so a cursor is honoured by every replica: it is
 * the id of its entry, honoured while that entry is still held (everything after it is then).
 * Appends also tell the agent's channel, for the replicas that follow the agent's events. While
 * Redis is unreachable, and for the agents this replica serves alone, the fallback log serves;
 * its cursors are refused once Redis is back.
 */
export class RedisEventLog<TEvent> implements EventLog<TEvent> {
  /**
   * The streams with events logged in the fallback only since their last gap mark: at most one
   * name per agent this replica held a stream for, emptied as Redis answers again.
   */
  private readonly gapped = new Set<string>();
  /** This replica's role for each agent it takes part for; one without is written as a holder. */
  private readonly roles = new Map<string, SharedLogRole>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisEventLogOptions<TEvent>,
  ) {}

  /**
   * Sets this replica's role for the stream; undefined when it takes part no more. Alone, it logs
   * and reads the stream's events in the fallback until it claims the lease or follows: Redis may
   * answer again before it learns which, and another replica may hold the lease by then.
   */
  setRole(stream: string, role: SharedLogRole | undefined): void {
    if (role) this.roles.set(stream, role);
    else this.roles.delete(stream);
  }

  /**
   * Appends in Redis while this replica holds the stream's lease, else in the fallback. Events a
   * follower logs (its stream's last, still on their way) are the holder's to log: they leave no
   * gap. Any other logged in the fallback only may be missing from Redis: they leave a gap there.
   */
  async append(stream: string, event: TEvent): Promise<string> {
    const role = this.roles.get(stream);
    if (role?.kind === 'following') return this.options.fallback.append(stream, event);
    const leaseHeld =
      role === undefined || (role.kind === 'holding' && performance.now() < role.until);
    if (leaseHeld && this.redis.commandsReady) {
      try {
        await this.closeGap(stream);
        return await this.add(stream, EVENT_FIELD, JSON.stringify(event));
      } catch {
        // Logged below, in the fallback only: the gap is marked in Redis once it answers again.
      }
    }
    this.gapped.add(stream);
    return this.options.fallback.append(stream, event);
  }

  /**
   * Marks the gap the stream's events logged in the fallback left in the Redis log, if any, so
   * every follower resyncs and no cursor before it is honoured; rejects while Redis cannot be
   * written, leaving the gap to mark later.
   *
   * A holder whose appends fail while its lease renewals succeed (its XADD refused, say) keeps
   * the lease and its upstream stream: a mark, rather than giving the lease up, reaches every
   * reader of the log (followers and resuming subscribers alike) without a new upstream stream
   * elsewhere, and without a race for the lease the holder could win again at once.
   */
  async closeGap(stream: string): Promise<void> {
    if (!this.gapped.delete(stream)) return;
    try {
      await this.add(stream, GAP_FIELD, '');
    } catch (error) {
      this.gapped.add(stream);
      throw error;
    }
  }

  async readAfter(stream: string, cursor: string): Promise<LogRead<TEvent>> {
    if (!this.shared(stream)) return this.options.fallback.readAfter(stream, cursor);
    try {
      return await this.readShared(stream, cursor);
    } catch {
      // The fallback honours none of Redis's cursors: the subscriber gets snapshots, not an error.
      return this.options.fallback.readAfter(stream, cursor);
    }
  }

  async hasHistory(stream: string): Promise<boolean> {
    if (!this.shared(stream)) return this.options.fallback.hasHistory(stream);
    try {
      return (await this.redis.commands.exists(RedisKeys.events(stream))) === 1;
    } catch {
      return this.options.fallback.hasHistory(stream);
    }
  }

  /** Entry ids in the order of their (ms, sequence); the fallback's cursors as it orders them. */
  isAfter(cursor: string, previous: string): boolean {
    if (ENTRY_ID.test(cursor) && ENTRY_ID.test(previous)) return entryIdAfter(cursor, previous);
    return this.options.fallback.isAfter(cursor, previous);
  }

  /**
   * The entries after `cursor`, marks included (a follower moves past them too), oldest first, or
   * the head when the cursor's entry is no longer held or a gap follows it.
   */
  async readHeld(stream: string, cursor: string): Promise<RawRead<TEvent>> {
    if (ENTRY_ID.test(cursor)) {
      // Inclusive of the cursor's own entry: while it is held, nothing after it was trimmed.
      const [first, ...after] = await this.range(RedisKeys.events(stream), cursor);
      if (first?.cursor === cursor) {
        const more = after.length === READ_BATCH - 1;
        const rest = more ? await this.readFrom(stream, after.at(-1)?.cursor ?? cursor) : [];
        const entries = [...after, ...rest];
        const newest = entries.at(-1);
        if (!newest || !entries.some((entry) => entry.gap)) return { honoured: true, entries };
        return { honoured: false, head: newest.cursor };
      }
    }
    return { honoured: false, head: await this.head(stream) };
  }

  /**
   * The id of the newest entry; an empty log gets a mark first, so the head names an entry that
   * a later read can find held.
   */
  async head(stream: string): Promise<string> {
    const key = RedisKeys.events(stream);
    const [newest] = (await this.redis.commands.xrevrange(
      key,
      '+',
      '-',
      'COUNT',
      1,
    )) as StreamEntry[];
    return newest?.[0] ?? (await this.add(stream, MARK_FIELD, ''));
  }

  /** Whether the stream is read from Redis now: Redis answers, and the stream is not served alone. */
  private shared(stream: string): boolean {
    return this.redis.commandsReady && this.roles.get(stream)?.kind !== 'alone';
  }

  private async readShared(stream: string, cursor: string): Promise<LogRead<TEvent>> {
    const read = await this.readHeld(stream, cursor);
    return read.honoured ? { honoured: true, entries: events(read.entries) } : read;
  }

  /** The entries after `cursor`, oldest first, however many batches they take. */
  private async readFrom(stream: string, cursor: string): Promise<RawEntry<TEvent>[]> {
    const read: RawEntry<TEvent>[] = [];
    for (let from = cursor; ;) {
      const batch = await this.range(RedisKeys.events(stream), `(${from}`);
      read.push(...batch);
      const last = batch.at(-1);
      if (!last || batch.length < READ_BATCH) return read;
      from = last.cursor;
    }
  }

  private async range(key: string, from: string): Promise<RawEntry<TEvent>[]> {
    const entries = (await this.redis.commands.xrange(
      key,
      from,
      '+',
      'COUNT',
      READ_BATCH,
    )) as StreamEntry[];
    return entries.map(([id, fields]) => ({
      cursor: id,
      event: fields[0] === EVENT_FIELD ? (JSON.parse(fields[1] ?? 'null') as TEvent) : undefined,
      gap: fields[0] === GAP_FIELD,
    }));
  }

  /** Appends one entry, keeps the log to its bounds and tells the followers; resolves with its id. */
  private async add(stream: string, field: string, value: string): Promise<string> {
    const key = RedisKeys.events(stream);
    const results = await this.redis.commands
      .multi()
      .xadd(key, 'MAXLEN', '~', String(this.options.entriesPerStream), '*', field, value)
      .pexpire(key, this.options.maxAgeMs)
      .publish(RedisKeys.appended(stream), '')
      .exec();
    const [added] = results ?? [];
    if (!added || added[0] || typeof added[1] !== 'string') {
      throw added?.[0] ?? new Error('Redis did not add the event.');
    }
    return added[1];
  }
}

/** A log entry as stored: a mark holds no event. */
export interface RawEntry<TEvent> {
  cursor: string;
  event: TEvent | undefined;
  /** Whether it marks a gap: events logged elsewhere should have come before it. */
  gap: boolean;
}

/** What follows a cursor in the log as stored, marks included. */
export type RawRead<TEvent> =
  { honoured: true; entries: RawEntry<TEvent>[] } | { honoured: false; head: string };

/** Whether entry id `id` comes after entry id `previous`. */
function entryIdAfter(id: string, previous: string): boolean {
  const [ms, sequence] = id.split('-').map(BigInt) as [bigint, bigint];
  const [previousMs, previousSequence] = previous.split('-').map(BigInt) as [bigint, bigint];
  return ms > previousMs || (ms === previousMs && sequence > previousSequence);
}

/** The entries that hold events. */
export function events<TEvent>(entries: readonly RawEntry<TEvent>[]): LogEntry<TEvent>[] {
  return entries.flatMap(({ cursor, event }) => (event === undefined ? [] : [{ cursor, event }]));
}
