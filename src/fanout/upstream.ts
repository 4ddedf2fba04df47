/**
 * What the hub asks of the upstream, in its own terms: an agent's stream of events and a snapshot
 * of the agent's state. The caller adapts its upstream protocol to these.
 */

/** An agent as the hub knows it: a key it is told apart by, otherwise opaque. */
export interface AgentRef {
  readonly key: string;
}

/** Why the upstream failed an agent: a kind subscribers can act on, and what happened. */
export interface UpstreamFailure {
  readonly kind: string;
  readonly message: string;
}

/** Where an agent's upstream stream is: counted by {@link NotificationHub.stats}. */
export type AgentStreamState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** One agent's upstream stream, open until `close()` or a failure. */
export interface AgentStream {
  readonly state: AgentStreamState;
  /** Ends the stream; resolves once nothing of it is left running. */
  close(): Promise<void>;
}

/** What an agent's upstream stream tells; never called before `openStream` has returned. */
export interface AgentStreamHandlers<TEvent, TFailure extends UpstreamFailure> {
  /** The events of one upstream notification, in order. */
  onEvents(events: TEvent[]): void;
  /** Subscribed upstream, the first time and after every break: nothing is missed from now on. */
  onConnected(): void;
  /** The stream broke and is connecting again: events may be missed until `onConnected`. */
  onInterrupted(): void;
  /** Back after a break (told after `onConnected`): events may have been missed meanwhile. */
  onReconnected(): void;
  /** The stream ended for good, and is closed. */
  onFailure(failure: TFailure): void;
}

/** An agent's state as events, or why the upstream could not say. */
export type SnapshotRead<TEvent, TFailure extends UpstreamFailure> =
  | { readonly outcome: 'read'; readonly events: readonly TEvent[] }
  | { readonly outcome: 'failed'; readonly failure: TFailure };

/** The upstream of every agent's events. */
export interface AgentUpstream<TAgent extends AgentRef, TEvent, TFailure extends UpstreamFailure> {
  /** Opens the agent's stream; its events and changes come through `handlers`. */
  openStream(agent: TAgent, handlers: AgentStreamHandlers<TEvent, TFailure>): AgentStream;
  /**
   * A snapshot event of each of the agent's sessions, re-sent after a gap, and of the other topics
   * `topics` names (those someone subscribes to; undefined is the default topic). An upstream
   * failure is answered as data; a rejection is a fault of the caller's, logged as such.
   */
  readSnapshot(
    agent: TAgent,
    topics: ReadonlySet<string | undefined>,
  ): Promise<SnapshotRead<TEvent, TFailure>>;
}
