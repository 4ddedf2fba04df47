import { randomBytes } from 'node:crypto';

/** One logged event and the cursor a client resumes after. */
export interface LogEntry<TEvent> {
  readonly cursor: string;
  readonly event: TEvent;
}

/** An event as subscribers receive it: with the cursor of its place in the agent's event log. */
export type LoggedEvent<TEvent> = TEvent & { readonly cursor: string };

/** The events, each carrying `cursor`: state read at a place in the log, which nothing after it misses. */
export function loggedAt<TEvent>(events: readonly TEvent[], cursor: string): LoggedEvent<TEvent>[] {
  return events.map((event) => ({ ...event, cursor }));
}

/** What follows a cursor: every entry after it, or, when it cannot be honoured, where the log is now. */
export type LogRead<TEvent> =
  | { readonly honoured: true; readonly entries: readonly LogEntry<TEvent>[] }
  | {
      readonly honoured: false;
      /** The newest position: state read from now on may carry it, as nothing after it is missed. */
      readonly head: string;
    };

/**
 * A bounded log of each stream's events (a stream is one agent's). Cursors are opaque strings that
 * name the log instance they come from, so a cursor of another process, or of a log forgotten since,
 * is never mistaken for a position in this one. Asynchronous, so a shared store can back it.
 */
export interface EventLog<TEvent> {
  /** Appends an event to the stream; resolves with its cursor. Appends of one stream keep their order. */
  append(stream: string, event: TEvent): Promise<string>;
  /**
   * Appends at once and returns the cursor, as {@link append} would resolve; only a log that needs
   * no I/O has it. With it, an agent's events are sent as they come, without a promise each.
   */
  appendNow?(stream: string, event: TEvent): string;
  /** The stream's entries after `cursor`, oldest first, or the head when the cursor cannot be honoured. */
  readAfter(stream: string, cursor: string): Promise<LogRead<TEvent>>;
  /** Whether anything was ever appended to the stream's log as it is held now. */
  hasHistory(stream: string): Promise<boolean>;
  /**
   * Whether `cursor` names a later place in a stream's log than `previous`. True when the two
   * cannot be compared (of different log instances, or no cursors): only an event proven to be a
   * duplicate is ever dropped.
   */
  isAfter(cursor: string, previous: string): boolean;
}

export interface MemoryEventLogOptions {
  /** Entries held per stream; the oldest go first. 0 keeps none: only the newest cursor is honoured. */
  entriesPerStream: number;
  /** Streams held; the one appended to least recently is forgotten first. */
  maxStreams: number;
  /** Entries older than this are forgotten, and a stream with nothing newer with them, in ms. */
  maxAgeMs: number;
  /** The clock, in ms; `Date.now` unless a test sets it. */
  now?: () => number;
}

/** Random bytes naming one stream's log instance inside its cursors. */
const LOG_ID_BYTES = 9;
/** `<log id>.<sequence>`: the log id is base64url, the sequence a decimal counted from 1. */
const CURSOR = /^([A-Za-z0-9_-]{12})\.([1-9]\d{0,14}|0)$/;

interface TimedEntry<TEvent> extends LogEntry<TEvent> {
  readonly sequence: number;
  readonly at: number;
}

/** One stream's log: a window of its newest entries. */
interface StreamLog<TEvent> {
  readonly id: string;
  /** The sequence of the newest entry ever appended; 0 before the first. */
  lastSequence: number;
  /** When the newest entry was appended (or the log created). */
  lastAppendAt: number;
  readonly entries: TimedEntry<TEvent>[];
}

/** The event log of one process, in memory: bounded by streams, entries per stream and age. */
export class MemoryEventLog<TEvent> implements EventLog<TEvent> {
  /** In order of last append, least recent first. */
  private readonly streams = new Map<string, StreamLog<TEvent>>();
  private readonly now: () => number;

  constructor(private readonly options: MemoryEventLogOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Streams held now, for tests and metrics. */
  get streamCount(): number {
    return this.streams.size;
  }

  append(stream: string, event: TEvent): Promise<string> {
    return Promise.resolve(this.appendNow(stream, event));
  }

  appendNow(stream: string, event: TEvent): string {
    const log = this.current(stream) ?? this.create(stream);
    const at = this.now();
    log.lastSequence += 1;
    log.lastAppendAt = at;
    const cursor = `${log.id}.${log.lastSequence}`;
    log.entries.push({ cursor, event, sequence: log.lastSequence, at });
    if (log.entries.length > this.options.entriesPerStream) log.entries.shift();
    // Re-inserting moves the stream to the most recently appended end.
    this.streams.delete(stream);
    this.streams.set(stream, log);
    return cursor;
  }

  readAfter(stream: string, cursor: string): Promise<LogRead<TEvent>> {
    const log = this.current(stream);
    const position = CURSOR.exec(cursor);
    const sequence = Number(position?.[2]);
    if (log && position?.[1] === log.id && sequence <= log.lastSequence) {
      const oldestHeld = log.entries[0]?.sequence ?? log.lastSequence + 1;
      // Honoured when every entry after the cursor is still held.
      if (sequence >= oldestHeld - 1) {
        const entries = log.entries.filter((entry) => entry.sequence > sequence);
        return Promise.resolve({
          honoured: true,
          entries: entries.map(({ cursor: entryCursor, event }) => ({
            cursor: entryCursor,
            event,
          })),
        });
      }
    }
    const head = log ?? this.create(stream);
    return Promise.resolve({ honoured: false, head: `${head.id}.${head.lastSequence}` });
  }

  hasHistory(stream: string): Promise<boolean> {
    return Promise.resolve((this.current(stream)?.lastSequence ?? 0) > 0);
  }

  isAfter(cursor: string, previous: string): boolean {
    const [place, previousPlace] = [CURSOR.exec(cursor), CURSOR.exec(previous)];
    if (!place || !previousPlace || place[1] !== previousPlace[1]) return true;
    return Number(place[2]) > Number(previousPlace[2]);
  }

  /** The stream's log with entries past their age dropped; undefined when none is held. */
  private current(stream: string): StreamLog<TEvent> | undefined {
    const log = this.streams.get(stream);
    if (!log) return undefined;
    const oldest = this.now() - this.options.maxAgeMs;
    if (log.lastAppendAt < oldest) {
      this.streams.delete(stream);
      return undefined;
    }
    const firstFresh = log.entries.findIndex((entry) => entry.at >= oldest);
    log.entries.splice(0, firstFresh === -1 ? log.entries.length : firstFresh);
    return log;
  }

  private create(stream: string): StreamLog<TEvent> {
    const log: StreamLog<TEvent> = {
      id: randomBytes(LOG_ID_BYTES).toString('base64url'),
      lastSequence: 0,
      lastAppendAt: this.now(),
      entries: [],
    };
    this.streams.set(stream, log);
    this.evict();
    return log;
  }

  /** Forgets the least recently appended streams beyond the bound, and any gone past their age. */
  private evict(): void {
    const oldest = this.now() - this.options.maxAgeMs;
    for (const [stream, log] of this.streams) {
      if (this.streams.size <= this.options.maxStreams && log.lastAppendAt >= oldest) break;
      this.streams.delete(stream);
    }
  }
}
