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

/**
 * The form a log holds its events in, apart from the form they are sent in: what delivery needs
 * and the event itself tells again (derived ids, formatted text) is made once more only for the
 * resuming subscribers that read it.
 */
export interface HeldForm<TEvent, THeld> {
  /**
   * The form `event` is held in; it may share parts with `held`, the stream's entries held
   * before it, oldest first.
   */
  hold(event: TEvent, held: readonly THeld[]): THeld;
  /** The event as it was appended, field by field. */
  restore(held: THeld): TEvent;
}

/** Events held as they were appended. */
function asAppended<TEvent>(): HeldForm<TEvent, TEvent> {
  return { hold: (event) => event, restore: (held) => held };
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

function cursorAt(logId: string, sequence: number): string {
  return `${logId}.${sequence}`;
}

/**
 * One stream's log: a window of its newest entries. An entry's sequence is its place from the
 * newest, and its cursor is formatted when it is read, so an entry holds only its event and time.
 */
interface StreamLog {
  readonly id: string;
  /** The sequence of the newest entry ever appended; 0 before the first. */
  lastSequence: number;
  /** When the newest entry was appended (or the log created). */
  lastAppendAt: number;
  /** The entries' events in their held form, oldest first; the last is `lastSequence`'s. */
  readonly events: unknown[];
  /** When each entry was appended, in ms, alongside `events`. */
  readonly times: number[];
}

/** The event log of one process, in memory: bounded by streams, entries per stream and age. */
export class MemoryEventLog<TEvent> implements EventLog<TEvent> {
  /** In order of last append, least recent first. */
  private readonly streams = new Map<string, StreamLog>();
  private readonly now: () => number;

  /** @param form what an entry holds of its event; the event itself unless given. */
  constructor(
    private readonly options: MemoryEventLogOptions,
    private readonly form: HeldForm<TEvent, unknown> = asAppended<TEvent>(),
  ) {
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
    log.events.push(this.form.hold(event, log.events));
    log.times.push(at);
    if (log.events.length > this.options.entriesPerStream) {
      log.events.shift();
      log.times.shift();
    }
    // Re-inserting moves the stream to the most recently appended end.
    this.streams.delete(stream);
    this.streams.set(stream, log);
    return cursorAt(log.id, log.lastSequence);
  }

  readAfter(stream: string, cursor: string): Promise<LogRead<TEvent>> {
    const log = this.current(stream);
    const position = CURSOR.exec(cursor);
    const sequence = Number(position?.[2]);
    if (log && position?.[1] === log.id && sequence <= log.lastSequence) {
      const oldestHeld = log.lastSequence - log.events.length + 1;
      // Honoured when every entry after the cursor is still held.
      if (sequence >= oldestHeld - 1) {
        const entries: LogEntry<TEvent>[] = [];
        for (let next = sequence + 1; next <= log.lastSequence; next += 1) {
          const event = this.form.restore(log.events[next - oldestHeld]);
          entries.push({ cursor: cursorAt(log.id, next), event });
        }
        return Promise.resolve({ honoured: true, entries });
      }
    }
    const head = log ?? this.create(stream);
    return Promise.resolve({ honoured: false, head: cursorAt(head.id, head.lastSequence) });
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
  private current(stream: string): StreamLog | undefined {
    const log = this.streams.get(stream);
    if (!log) return undefined;
    const oldest = this.now() - this.options.maxAgeMs;
    if (log.lastAppendAt < oldest) {
      this.streams.delete(stream);
      return undefined;
    }
    const firstFresh = log.times.findIndex((at) => at >= oldest);
    const stale = firstFresh === -1 ? log.times.length : firstFresh;
    log.events.splice(0, stale);
    log.times.splice(0, stale);
    return log;
  }

  private create(stream: string): StreamLog {
    const log: StreamLog = {
      id: randomBytes(LOG_ID_BYTES).toString('base64url'),
      lastSequence: 0,
      lastAppendAt: this.now(),
      events: [],
      times: [],
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
