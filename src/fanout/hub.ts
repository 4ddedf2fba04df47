import type { Logger } from 'pino';
import { catchUp, type CatchUpSource } from './catch-up.js';
import type { StreamCoordinator } from './coordinator.js';
import type { EventLog, LoggedEvent } from './event-log.js';
import { FanOut, type FanoutObserver, type RoutedEvent, type SubscribeOptions } from './fan-out.js';
import { FeedLifetime } from './feed-lifetime.js';
import { FeedRecorder } from './recorder.js';
import { FOLLOWED_PATH } from './recent-identities.js';
import type { BacklogLimits, HubSubscription } from './subscription.js';
import type { AgentRef, AgentStreamState, AgentUpstream, UpstreamFailure } from './upstream.js';

export interface NotificationHubOptions<
  TEvent extends RoutedEvent,
  TAgent extends AgentRef,
  TFailure extends UpstreamFailure,
> {
  /** Opens the agents' upstream streams, and reads their sessions after a gap. */
  upstream: AgentUpstream<TAgent, TEvent, TFailure>;
  /**
   * What identifies the upstream notification an event carries, alike for every copy of it
   * (whichever process's stream it came in, whichever log it was read from); undefined for an
   * event that copies nothing upstream, such as a snapshot, which is never dropped. With a
   * coordinator, an event whose identity came by another path within a window of the agent's
   * recent events is a copy, and is dropped. Default: none is dropped.
   */
  identify?(event: TEvent): string | undefined;
  /**
   * Events a subscriber may leave untaken however long; more may wait only `catchUpMs` (see
   * {@link BacklogLimits}). Also bounds an agent's events waiting to be logged: beyond it they are
   * left out, and its sessions re-sent.
   */
  queueCapacity: number;
  /** How long a subscriber's events beyond `queueCapacity` may wait untaken, in ms. */
  catchUpMs: number;
  /** An agent's upstream stream stays open this long after its last subscriber leaves, in ms. */
  graceMs: number;
  /**
   * Every event sent to an agent's subscribers, RESYNC snapshots included, in the order sent, so a
   * subscriber that resumes after a cursor receives exactly what it would have received.
   */
  log: EventLog<TEvent>;
  /**
   * Shares each agent's upstream stream with other processes: only the one it names the holder
   * opens it, the others receive its logged events. Default: none, every agent's stream is here.
   */
  coordinator?: StreamCoordinator<TEvent> | undefined;
  logger: Logger;
  /** Told of deliveries and drops, e.g. for metrics. */
  observer?: FanoutObserver | undefined;
}

/** Counts for tests and metrics; streams in their grace period count as open. */
export interface HubStats {
  agentStreams: number;
  agentStreamsByState: Record<AgentStreamState, number>;
  /** Agents whose events come from the process that holds their stream. */
  followedAgents: number;
  subscribers: number;
  queuedEvents: number;
}

/** One agent's events, from its upstream stream or another process's, and everyone listening. */
interface AgentFeed<
  TEvent extends RoutedEvent,
  TAgent extends AgentRef,
  TFailure extends UpstreamFailure,
> {
  readonly agent: TAgent;
  readonly lifetime: FeedLifetime<TAgent, TEvent, TFailure>;
  readonly fanOut: FanOut<TEvent, TFailure>;
  /** What a resuming subscriber is caught up from. */
  readonly resumeFrom: CatchUpSource<TEvent, TFailure>;
}

/**
 * Shares one upstream stream per agent among all of that agent's subscribers, each with its own
 * bounded queue and session filter. Knows nothing of what the events are, nor of the upstream
 * but what {@link AgentUpstream} tells.
 */
export class NotificationHub<
  TEvent extends RoutedEvent,
  TAgent extends AgentRef,
  TFailure extends UpstreamFailure,
> {
  private readonly feeds = new Map<string, AgentFeed<TEvent, TAgent, TFailure>>();
  /** Streams being closed and streams being given up, so close() can wait for them. */
  private readonly closing = new Set<Promise<void>>();
  private closed = false;
  private readonly backlog: BacklogLimits;

  constructor(private readonly options: NotificationHubOptions<TEvent, TAgent, TFailure>) {
    this.backlog = { capacity: options.queueCapacity, catchUpMs: options.catchUpMs };
  }

  /**
   * Subscribes to the agent's events, opening the agent's upstream stream if none is open.
   * @throws Error when the hub is closed.
   */
  subscribe(
    agent: TAgent,
    options: SubscribeOptions<TFailure>,
  ): HubSubscription<LoggedEvent<TEvent>> {
    if (this.closed) throw new Error('The notification hub is closed.');
    const feed = this.feeds.get(agent.key) ?? this.openFeed(agent);
    feed.lifetime.attend();
    const subscriber = feed.fanOut.add(options);
    if (options.after !== undefined) {
      void catchUp(feed.resumeFrom, feed.fanOut, subscriber, options.after);
    }
    return subscriber.queue;
  }

  /**
   * Resolves true once the agent's upstream stream is subscribed (at once if it is now), so nothing
   * published upstream from then on is missed; false when the agent has no stream or it ends first.
   */
  whenConnected(agent: TAgent): Promise<boolean> {
    const feed = this.feeds.get(agent.key);
    return feed ? feed.lifetime.whenConnected() : Promise.resolve(false);
  }

  stats(): HubStats {
    let subscribers = 0;
    let queuedEvents = 0;
    let agentStreams = 0;
    const agentStreamsByState = { connecting: 0, connected: 0, reconnecting: 0, closed: 0 };
    for (const feed of this.feeds.values()) {
      subscribers += feed.fanOut.size;
      queuedEvents += feed.fanOut.queuedEvents;
      const { phase } = feed.lifetime;
      if (phase.phase === 'holding') {
        agentStreams += 1;
        agentStreamsByState[phase.stream.state] += 1;
      }
    }
    return {
      agentStreams,
      agentStreamsByState,
      followedAgents: this.feeds.size - agentStreams,
      subscribers,
      queuedEvents,
    };
  }

  /** Ends every subscription and closes every upstream stream. */
  async close(): Promise<void> {
    this.closed = true;
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    for (const feed of feeds) {
      feed.lifetime.end();
      feed.fanOut.endAll();
    }
    await Promise.all(this.closing);
  }

  private openFeed(agent: TAgent): AgentFeed<TEvent, TAgent, TFailure> {
    const { options } = this;
    const { log, logger } = options;

    const fanOut = new FanOut<TEvent, TFailure>({
      agent: agent.key,
      log,
      backlog: this.backlog,
      coordinated: options.coordinator !== undefined,
      identify: options.identify,
      observer: options.observer,
      logger,
      onEmpty: () => lifetime.startGrace(),
    });
    const lifetime: FeedLifetime<TAgent, TEvent, TFailure> = new FeedLifetime({
      agent,
      upstream: options.upstream,
      coordinator: options.coordinator,
      log,
      graceMs: options.graceMs,
      track: (work) => this.untilDone(work),
      logger,
      listener: {
        streamEvents: (events, path) => recorder.publish(events, path),
        streamGap: () => void recorder.resync(),
        followed: () => recorder.dropResync(),
        followedEvent: ({ cursor, event }) => {
          if (fanOut.admit(event, FOLLOWED_PATH)) fanOut.dispatch({ ...event, cursor });
        },
        followedGap: (head) => recorder.resyncFollowed(head),
        graceOver: () => this.forget(feed),
        failed: (failure) => this.failed(feed, failure),
      },
    });
    const recorder: FeedRecorder<TEvent> = new FeedRecorder({
      agent: agent.key,
      log,
      backlog: this.backlog,
      feed: lifetime,
      sink: fanOut,
      // Re-sent to everyone listening: the state of each topic someone subscribes to.
      readSnapshot: () => options.upstream.readSnapshot(agent, fanOut.topics()),
      logger,
    });
    const feed: AgentFeed<TEvent, TAgent, TFailure> = {
      agent,
      lifetime,
      fanOut,
      resumeFrom: {
        agent: agent.key,
        log,
        whenRoleDecided: () => lifetime.whenRoleDecided(),
        readSnapshot: (topics) => options.upstream.readSnapshot(agent, topics),
        logger,
      },
    };
    this.feeds.set(agent.key, feed);
    lifetime.start();
    return feed;
  }

  /** The agent's stream failed for good: its subscribers end with the failure. */
  private failed(feed: AgentFeed<TEvent, TAgent, TFailure>, failure: TFailure): void {
    this.forget(feed);
    this.options.logger.warn(
      { agent: feed.agent.key, kind: failure.kind, subscribers: feed.fanOut.size },
      'upstream notification stream failed; ending its subscribers',
    );
    feed.fanOut.endAll(failure);
  }

  private forget(feed: AgentFeed<TEvent, TAgent, TFailure>): void {
    if (this.feeds.get(feed.agent.key) === feed) this.feeds.delete(feed.agent.key);
  }

  /** Work that close() waits for. */
  private untilDone(work: Promise<void>): void {
    const done = work.finally(() => this.closing.delete(done));
    this.closing.add(done);
  }
}
