import type { LogEntry } from './event-log.js';

/** What a process does about one agent's upstream stream, as its coordinator decides. */
export interface StreamRoleHandlers<TEvent> {
  /** This process holds the agent's upstream stream from now on: it opens it and logs its events. */
  hold(): void;
  /**
   * Another process holds it: this one closes its own, if open, and receives the agent's events
   * through `event`. Called once every event logged from then on is sure to arrive.
   */
  follow(): void;
  /** An event the holder logged, in log order; only while following. */
  event(entry: LogEntry<TEvent>): void;
  /**
   * The log no longer holds the events after the last one handed on (they were trimmed while this
   * process fell behind): the agent's state is re-sent carrying `head`, the log's newest position.
   * Events after `head` are handed on once the returned promise settles.
   */
  resync(head: string): Promise<void>;
}

/** One process's part in deciding who holds an agent's upstream stream. */
export interface StreamMembership {
  /** Stops taking part; gives the stream up if this process held it. */
  leave(): Promise<void>;
}

/**
 * Decides, among the processes that serve an agent, which one holds the agent's upstream stream,
 * and carries the holder's events to the others. Without one, every process holds its own.
 */
export interface StreamCoordinator<TEvent> {
  /** Takes part for this agent until `leave()`; the first role comes through `handlers`. */
  join(agent: string, handlers: StreamRoleHandlers<TEvent>): StreamMembership;
}
