import type { Logger } from 'pino';
import type { StreamCoordinator, StreamMembership } from './coordinator.js';
import type { EventLog, LogEntry } from './event-log.js';
import { FOLLOWED_PATH } from './recent-identities.js';
import type { AgentRef, AgentStream, AgentUpstream, UpstreamFailure } from './upstream.js';

/** How the stream held here stands with the upstream. */
type Connection =
  /**
   * Not yet subscribed upstream. `gapBefore`: whether subscribers may have missed events before
   * it opened (the agent's log held events then, or the feed followed another process's stream).
   */
  | { readonly state: 'opening'; readonly gapBefore: Promise<boolean> }
  /** Subscribed: nothing published upstream from now on is missed. */
  | { readonly state: 'connected' }
  /** Broke after it was subscribed, and is connecting again. */
  | { readonly state: 'interrupted' };

/** Where one agent's feed stands with the agent's upstream stream. */
export type FeedPhase =
  /** Joined the coordinator, which has not yet said whether this process holds the stream. */
  | { readonly phase: 'deciding'; readonly decided: Promise<void>; readonly decide: () => void }
  /** This process holds the agent's upstream stream and logs its events. */
  | {
      readonly phase: 'holding';
      readonly stream: AgentStream;
      /** The path its events come by: every stream opened here is a path of its own. */
      readonly path: number;
      readonly connection: Connection;
    }
  /** Another process holds it; the events it logged come through the coordinator. */
  | { readonly phase: 'following' }
  /** Over: its grace period passed, its stream failed, or the hub closed. */
  | { readonly phase: 'ended' };

const CONNECTED: Connection = { state: 'connected' };
const INTERRUPTED: Connection = { state: 'interrupted' };
const FOLLOWING: FeedPhase = { phase: 'following' };
const ENDED: FeedPhase = { phase: 'ended' };
const SETTLED = Promise.resolve();

/** What a feed's lifetime tells the rest of the feed. */
export interface FeedListener<TEvent, TFailure extends UpstreamFailure> {
  /** Events of the stream held here, come by `path`. */
  streamEvents(events: TEvent[], path: number): void;
  /** The stream held here may have missed events: every session is to be re-read. */
  streamGap(): void;
  /** This process follows another's stream from now on: a re-read of its own stream is void. */
  followed(): void;
  /** An event the holder logged, in log order. */
  followedEvent(entry: LogEntry<TEvent>): void;
  /** The followed events have a gap: state is re-sent carrying `head` before later events. */
  followedGap(head: string): Promise<void>;
  /** The grace period after the last subscriber passed: the feed has ended. */
  graceOver(): void;
  /** The stream failed for good: the feed has ended. */
  failed(failure: TFailure): void;
}

export interface FeedLifetimeOptions<
  TAgent extends AgentRef,
  TEvent,
  TFailure extends UpstreamFailure,
> {
  agent: TAgent;
  upstream: AgentUpstream<TAgent, TEvent, TFailure>;
  /** Decides whether this process holds the stream; without one it always does. */
  coordinator: StreamCoordinator<TEvent> | undefined;
  /** Asked whether it holds the agent's events already when a stream opens first. */
  log: Pick<EventLog<TEvent>, 'hasHistory'>;
  /** The stream stays open this long after the last subscriber leaves, in ms. */
  graceMs: number;
  /** Takes work that the hub's close waits for: streams closing, streams given up. */
  track(work: Promise<void>): void;
  listener: FeedListener<TEvent, TFailure>;
  logger: Logger;
}

/**
 * One agent's feed from the first subscriber to its end: whether this process holds the agent's
 * upstream stream or follows another's, how that stream is connected, and the grace period after
 * the last subscriber leaves.
 */
export class FeedLifetime<TAgent extends AgentRef, TEvent, TFailure extends UpstreamFailure> {
  private current: FeedPhase;
  /** Told whether the feed got connected (true) or ended first (false). */
  private readonly connectWaiters = new Set<(connected: boolean) => void>();
  /** This process's part in the coordinator's decision, until the feed ends. */
  private membership: StreamMembership | undefined;
  /** Runs while the feed has no subscriber, and ends it when it fires. */
  private grace: NodeJS.Timeout | undefined;
  private streamsOpened = 0;

  constructor(private readonly options: FeedLifetimeOptions<TAgent, TEvent, TFailure>) {
    let decide = () => undefined as void;
    const decided = new Promise<void>((resolve) => (decide = resolve));
    this.current = { phase: 'deciding', decided, decide };
  }

  get phase(): FeedPhase {
    return this.current;
  }

  get ended(): boolean {
    return this.current.phase === 'ended';
  }

  /** The path of the stream held here; undefined when none is. */
  get heldPath(): number | undefined {
    return this.current.phase === 'holding' ? this.current.path : undefined;
  }

  /** Opens the agent's stream, or, with a coordinator, joins it to learn whether to. */
  start(): void {
    const { coordinator, agent, listener } = this.options;
    if (!coordinator) {
      this.hold();
      return;
    }
    // A role or an event may come after the feed has ended: it is then ignored.
    this.membership = coordinator.join(agent.key, {
      hold: () => this.hold(),
      follow: () => this.follow(),
      event: (entry) => {
        if (!this.ended) listener.followedEvent(entry);
      },
      resync: (head) => (this.ended ? SETTLED : listener.followedGap(head)),
    });
  }

  /** Settles once this process holds or follows the stream, or the feed has ended. */
  whenRoleDecided(): Promise<void> {
    return this.current.phase === 'deciding' ? this.current.decided : SETTLED;
  }

  /**
   * Resolves true once nothing published upstream from then on is missed (at once if so now):
   * the stream held here is subscribed, or another process's is followed; false if the feed
   * ends first.
   */
  whenConnected(): Promise<boolean> {
    const phase = this.current;
    if (phase.phase === 'following') return Promise.resolve(true);
    if (phase.phase === 'holding' && phase.connection.state === 'connected') {
      return Promise.resolve(true);
    }
    if (phase.phase === 'ended') return Promise.resolve(false);
    return new Promise((resolve) => this.connectWaiters.add(resolve));
  }

  /** The last subscriber left: the feed ends unless another comes within the grace period. */
  startGrace(): void {
    if (this.ended) return;
    this.grace = setTimeout(() => {
      this.grace = undefined;
      this.end();
      this.options.listener.graceOver();
    }, this.options.graceMs);
  }

  /** A subscriber came: the feed goes on. */
  attend(): void {
    clearTimeout(this.grace);
    this.grace = undefined;
  }

  /** Closes the stream held here and gives it up to other processes; nothing more is told. */
  end(): void {
    const phase = this.current;
    if (phase.phase === 'ended') return;
    this.current = ENDED;
    clearTimeout(this.grace);
    this.grace = undefined;
    if (phase.phase === 'holding') this.options.track(phase.stream.close());
    if (phase.phase === 'deciding') phase.decide();
    this.leaveCoordinator();
    this.settleConnectWaiters(false);
  }

  /** Opens the agent's upstream stream here, unless it is open; one opened after a gap resyncs. */
  private hold(): void {
    const phase = this.current;
    switch (phase.phase) {
      case 'deciding':
        this.current = this.open(this.logHeldEvents());
        phase.decide();
        return;
      case 'following':
        this.current = this.open(Promise.resolve(true));
        return;
      case 'holding':
      case 'ended':
        return;
    }
  }

  /**
   * Another process holds the agent's stream: this one's closes, and the holder's events, which
   * the coordinator hands on from now on, are all that subscribers receive.
   */
  private follow(): void {
    const phase = this.current;
    if (phase.phase === 'ended') return;
    if (phase.phase === 'holding') this.options.track(phase.stream.close());
    this.current = FOLLOWING;
    if (phase.phase === 'deciding') phase.decide();
    this.options.listener.followed();
    this.settleConnectWaiters(true);
  }

  private open(gapBefore: Promise<boolean>): FeedPhase {
    this.streamsOpened += 1;
    const path = FOLLOWED_PATH + this.streamsOpened;
    const { listener } = this.options;
    const stream = this.options.upstream.openStream(this.options.agent, {
      onEvents: (events) => {
        if (this.holds(path)) listener.streamEvents(events, path);
      },
      onConnected: () => this.connected(path),
      onInterrupted: () => {
        const phase = this.current;
        if (phase.phase !== 'holding' || phase.path !== path) return;
        if (phase.connection.state === 'connected') {
          this.current = { ...phase, connection: INTERRUPTED };
        }
      },
      onReconnected: () => {
        if (this.holds(path)) listener.streamGap();
      },
      onFailure: (failure) => {
        if (!this.holds(path)) return;
        this.end();
        listener.failed(failure);
      },
    });
    return { phase: 'holding', stream, path, connection: { state: 'opening', gapBefore } };
  }

  private holds(path: number): boolean {
    return this.current.phase === 'holding' && this.current.path === path;
  }

  private connected(path: number): void {
    const phase = this.current;
    if (phase.phase !== 'holding' || phase.path !== path) return;
    this.current = { ...phase, connection: CONNECTED };
    this.settleConnectWaiters(true);
    if (phase.connection.state !== 'opening') return;
    // GWS's notifications while no stream was open here are lost: sessions are re-read as after
    // a reconnect, so no subscriber is left stale.
    void phase.connection.gapBefore.then((gapBefore) => {
      if (gapBefore && this.current.phase === 'holding') this.options.listener.streamGap();
    });
  }

  /** Whether the agent's log held events before this process first opened its stream. */
  private logHeldEvents(): Promise<boolean> {
    const { agent, log, logger } = this.options;
    return log.hasHistory(agent.key).catch((error: unknown) => {
      logger.error({ agent: agent.key, err: error }, 'event log not read');
      return false;
    });
  }

  private leaveCoordinator(): void {
    const { membership } = this;
    if (!membership) return;
    this.membership = undefined;
    this.options.track(
      membership.leave().catch((error: unknown) => {
        this.options.logger.warn(
          { agent: this.options.agent.key, err: error },
          'stream not given up',
        );
      }),
    );
  }

  private settleConnectWaiters(connected: boolean): void {
    for (const waiter of this.connectWaiters) waiter(connected);
    this.connectWaiters.clear();
  }
}
