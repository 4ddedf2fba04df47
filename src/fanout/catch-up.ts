import type { Logger } from 'pino';
import { loggedAt, type EventLog, type LoggedEvent } from './event-log.js';
import type { FanOut, RoutedEvent, Subscriber } from './fan-out.js';
import type { SnapshotRead, UpstreamFailure } from './upstream.js';

/** What a resuming subscriber is caught up from. */
export interface CatchUpSource<TEvent, TFailure extends UpstreamFailure> {
  /** The agent's key: its stream in the log, and in the logs. */
  agent: string;
  log: Pick<EventLog<TEvent>, 'readAfter'>;
  /** Settles once this process holds or follows the agent's stream. */
  whenRoleDecided(): Promise<void>;
  /** Reads every session of the agent, and the state of the topics named, as snapshot events. */
  readSnapshot(topics: ReadonlySet<string | undefined>): Promise<SnapshotRead<TEvent, TFailure>>;
  logger: Logger;
}

/**
 * Brings a resuming subscriber up to date, then lets its live events flow: the logged events
 * after its cursor, or, when the log cannot honour the cursor, a snapshot of its sessions that
 * carries the log's head (nothing after the head is missed, as live events wait behind it). The
 * log is read once this process holds or follows the stream, so the two meet without a gap. A
 * subscriber whose sessions cannot be read is ended with the upstream failure.
 */
export async function catchUp<TEvent extends RoutedEvent, TFailure extends UpstreamFailure>(
  source: CatchUpSource<TEvent, TFailure>,
  fanOut: FanOut<TEvent, TFailure>,
  subscriber: Subscriber<TEvent, TFailure>,
  after: string,
): Promise<void> {
  const { agent, log, logger } = source;
  let leading: readonly LoggedEvent<TEvent>[];
  let floor: string;
  try {
    // Read once the role is decided: a follower hands on only what is logged after its start.
    await source.whenRoleDecided();
    const read = await log.readAfter(agent, after);
    if (read.honoured) {
      leading = read.entries.map(({ cursor, event }) => ({ ...event, cursor }));
      floor = read.entries.at(-1)?.cursor ?? after;
    } else {
      const snapshot = await source.readSnapshot(new Set([subscriber.topic]));
      if (snapshot.outcome === 'failed') {
        logger.warn(
          { agent, kind: snapshot.failure.kind },
          'sessions not read for a resuming subscriber; ending it',
        );
        fanOut.end(subscriber, snapshot.failure);
        return;
      }
      leading = loggedAt(snapshot.events, read.head);
      floor = read.head;
    }
  } catch (error) {
    fanOut.end(subscriber);
    logger.error({ agent, err: error }, 'event log not read');
    return;
  }
  fanOut.release(subscriber, leading, floor);
}
