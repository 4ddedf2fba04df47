import type { Logger } from 'pino';
import { loggedAt, type EventLog, type LoggedEvent } from './event-log.js';
import { carriedAlong } from '../telemetry/index.js';
import type { BacklogLimits } from './subscription.js';
import type { SnapshotRead, UpstreamFailure } from './upstream.js';

/** Where recorded events go once logged. */
export interface RecordedEventSink<TEvent> {
  /** Whether the event, come by `path`, is no copy of one already sent; asked before it is logged. */
  admit(event: TEvent, path: number): boolean;
  /** Sends a logged event. */
  dispatch(event: LoggedEvent<TEvent>): void;
  /** Sends snapshots carrying the log's head `head`, past which nothing logged is missed. */
  resendAt(head: string, snapshots: readonly LoggedEvent<TEvent>[]): void;
}

export interface FeedRecorderOptions<TEvent> {
  /** The agent's key: its stream in the log, and in the logs. */
  agent: string;
  log: Pick<EventLog<TEvent>, 'append' | 'appendNow'>;
  /**
   * The bound of events waiting to be logged, judged as a subscriber is: `capacity` may wait
   * however long, more only while the log makes progress (a burst from GWS, a backlog of any size,
   * is logged whole). A log that has not taken all but `capacity` of what waited `catchUpMs`
   * before is behind: events are then left out, and every session is re-sent once it has caught
   * up. `capacity` also bounds the live events held back during a re-read.
   */
  backlog: BacklogLimits;
  /** Whether the feed still holds the agent's stream here, or has ended. */
  feed: { readonly heldPath: number | undefined; readonly ended: boolean };
  sink: RecordedEventSink<TEvent>;
  /** Reads every session of the agent as snapshot events. */
  readSnapshot(): Promise<SnapshotRead<TEvent, UpstreamFailure>>;
  logger: Logger;
}

/** Whether the log keeps up with the agent's events, or some were left out. */
type LogPace =
  | { readonly phase: 'keeping-up' }
  /** More than the capacity wait to be logged: how many, and how many were logged by then. */
  | {
      readonly phase: 'slow';
      readonly waiting: number;
      readonly logged: number;
      readonly check: NodeJS.Timeout;
    }
  /** Events are left out until the log has caught up. */
  | { readonly phase: 'behind' };

const KEEPING_UP: LogPace = { phase: 'keeping-up' };

/** Whether sessions are being re-read, and the live events held back meanwhile. */
type Reread<TEvent> =
  | { readonly state: 'idle' }
  /** A newer re-read replaces this object: an older one finishing then sends nothing. */
  | { readonly state: 'reading'; held: TEvent[] };

const IDLE = { state: 'idle' } as const;

/**
 * Logs one agent's events in order, then sends them; the chain keeps the order for both. Bounded
 * (see `backlog`): when the log falls behind for good, events are left out and every session is
 * re-read and re-sent once it has caught up. Re-reads after a gap send a snapshot of every session,
 * with live events held back behind them.
 */
export class FeedRecorder<TEvent> {
  /** The tail of the chain that logs events one after another, then sends them. */
  private chain: Promise<void> = Promise.resolve();
  /** Events in that chain not yet sent. */
  private pending = 0;
  /** Events the chain has finished with, logged or failed: the log's progress. */
  private logged = 0;
  private pace: LogPace = KEEPING_UP;
  private reread: Reread<TEvent> = IDLE;

  constructor(private readonly options: FeedRecorderOptions<TEvent>) {}

  /** Records the events of one notification of the stream held here, come by `path`. */
  publish(events: TEvent[], path: number): void {
    // The log is slower than the agent's events: rather than queue them without bound, they are
    // left out, and every session is re-sent once the log has caught up.
    if (this.pace.phase === 'behind') return;
    const { capacity } = this.options.backlog;
    let recorded = events;
    const { reread } = this;
    if (reread.state === 'reading') {
      reread.held.push(...events);
      if (reread.held.length <= capacity) return;
      // Too many to hold: send them in order now, and hold what comes next.
      recorded = reread.held;
      reread.held = [];
    }
    for (const event of recorded) this.record(event, path);
    if (this.pending > capacity && this.pace.phase === 'keeping-up') this.checkPaceLater();
  }

  /** Judges the log's progress once `catchUpMs` has passed, while more than the capacity wait. */
  private checkPaceLater(): void {
    const check = setTimeout(() => this.judgePace(), this.options.backlog.catchUpMs);
    check.unref();
    this.pace = { phase: 'slow', waiting: this.pending, logged: this.logged, check };
  }

  private judgePace(): void {
    const { pace } = this;
    if (pace.phase !== 'slow') return;
    const { capacity } = this.options.backlog;
    const stillWaiting = pace.waiting - (this.logged - pace.logged);
    if (stillWaiting > capacity) {
      this.options.logger.warn(
        { agent: this.options.agent, queueCapacity: capacity, waiting: this.pending },
        'event log fell behind; resyncing once it catches up',
      );
      this.pace = { phase: 'behind' };
    } else if (this.pending > capacity) {
      this.checkPaceLater();
    } else {
      this.pace = KEEPING_UP;
    }
  }

  /**
   * After an upstream reconnect or a gap: notifications may have been missed, so every session is
   * re-sent. Live events that arrive while the sessions are read are held and sent after the
   * snapshots, so an older snapshot never overwrites a newer change (up to a queue's worth, then
   * they flow).
   */
  async resync(): Promise<void> {
    const previous = this.reread;
    const reading = {
      state: 'reading' as const,
      held: previous.state === 'reading' ? previous.held : [],
    };
    this.reread = reading;
    const snapshots = await this.readSessions('sessions not re-read after an upstream reconnect');
    const path = this.options.feed.heldPath;
    if (this.reread !== reading || path === undefined) return;
    this.reread = IDLE;
    for (const event of [...snapshots, ...reading.held]) this.record(event, path);
  }

  /** This process follows another's stream now: a re-read under way is not sent, the holder sends its own. */
  dropResync(): void {
    this.reread = IDLE;
  }

  /**
   * The followed events have a gap the log no longer holds: every session is re-sent carrying the
   * log's head, as to a resuming subscriber whose cursor cannot be honoured.
   */
  async resyncFollowed(head: string): Promise<void> {
    const snapshots = await this.readSessions(
      'sessions not re-read after a gap in the followed events',
    );
    if (this.options.feed.ended) return;
    this.options.sink.resendAt(head, loggedAt(snapshots, head));
  }

  /** Every session as a snapshot; none when they cannot be read, which is logged as `unread`. */
  private async readSessions(unread: string): Promise<readonly TEvent[]> {
    let reason: string;
    try {
      const read = await this.options.readSnapshot();
      if (read.outcome === 'read') return read.events;
      reason = read.failure.message;
    } catch (error) {
      reason = (error as Error).message;
    }
    this.options.logger.warn({ agent: this.options.agent, err: reason }, unread);
    return [];
  }

  /**
   * Logs an event of the stream held here, then sends it. A copy of one already sent is neither
   * logged nor sent. Asked here, not as the notification comes: one held back during a re-read
   * and given up is not seen.
   */
  private record(event: TEvent, path: number): void {
    const { agent, log, sink, logger } = this.options;
    if (!sink.admit(event, path)) return;
    if (log.appendNow && this.pending === 0) {
      // A log in memory appends at once: with nothing ahead of it in the chain, the event is sent
      // now, and the chain (a few promises per event, a thousand agents' worth a round) is skipped.
      try {
        sink.dispatch(withCursor(event, log.appendNow(agent, event)));
      } catch (error) {
        logger.error({ agent, err: error }, 'event not sent');
      }
      return;
    }
    this.pending += 1;
    this.chain = this.chain
      .then(() => log.append(agent, event))
      .then((cursor) => sink.dispatch(withCursor(event, cursor)))
      .catch((error: unknown) => logger.error({ agent, err: error }, 'event not sent'))
      .finally(() => {
        this.pending -= 1;
        this.logged += 1;
        const { pace } = this;
        if (pace.phase === 'slow' && this.pending <= this.options.backlog.capacity) {
          clearTimeout(pace.check);
          this.pace = KEEPING_UP;
        }
        if (this.pending > 0 || pace.phase !== 'behind') return;
        this.pace = KEEPING_UP;
        if (this.options.feed.heldPath !== undefined) void this.resync();
      });
  }
}

/** The event as sent, with its place in the log; it keeps the trace link of the notification. */
function withCursor<TEvent>(event: TEvent, cursor: string): LoggedEvent<TEvent> {
  const logged = { ...event, cursor };
  carriedAlong(event, [logged]);
  return logged;
}
