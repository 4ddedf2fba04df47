import { jest } from '@jest/globals';
import { pino } from 'pino';
import type {
  AgentStream,
  AgentStreamHandlers,
  AgentStreamState,
  StreamCoordinator,
  StreamRoleHandlers,
  UpstreamFailure,
} from '../../src/fanout/index.js';
import { FeedLifetime } from '../../src/fanout/feed-lifetime.js';
import { waitFor } from '../support/wait.js';

interface Agent {
  key: string;
}

/** One stream the scripted upstream opened: the test plays the upstream through its handlers. */
interface OpenedStream extends AgentStream {
  readonly handlers: AgentStreamHandlers<string, UpstreamFailure>;
  closed: boolean;
}

/** Decides the roles when the test says, as another process's lease would. */
class ScriptedCoordinator implements StreamCoordinator<string> {
  roles: StreamRoleHandlers<string> | undefined;
  left = 0;
  join(_agent: string, handlers: StreamRoleHandlers<string>) {
    this.roles = handlers;
    return { leave: async () => void (this.left += 1) };
  }
  get only(): StreamRoleHandlers<string> {
    if (!this.roles) throw new Error('nobody joined');
    return this.roles;
  }
}

const AGENT: Agent = { key: 'agent1' };
const FAILURE: UpstreamFailure = { kind: 'unauthenticated', message: 'refused' };
/** Lets promise callbacks queued now run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function lifetime(
  options: { coordinator?: StreamCoordinator<string>; logHeld?: boolean; graceMs?: number } = {},
) {
  const streams: OpenedStream[] = [];
  const told: string[] = [];
  const feed = new FeedLifetime<Agent, string, UpstreamFailure>({
    agent: AGENT,
    upstream: {
      openStream: (_agent, handlers) => {
        const stream: OpenedStream = {
          handlers,
          closed: false,
          state: 'connecting' as AgentStreamState,
          close: async () => void (stream.closed = true),
        };
        streams.push(stream);
        return stream;
      },
      readSnapshot: () => Promise.resolve({ outcome: 'read', events: [] }),
    },
    coordinator: options.coordinator,
    log: { hasHistory: () => Promise.resolve(options.logHeld ?? false) },
    graceMs: options.graceMs ?? 60_000,
    track: () => undefined,
    logger: pino({ level: 'silent' }),
    listener: {
      streamEvents: (events, path) => told.push(`events ${events.join(',')} by ${path}`),
      streamGap: () => told.push('gap'),
      followed: () => told.push('followed'),
      followedEvent: ({ event }) => told.push(`followed ${event}`),
      followedGap: async (head) => void told.push(`followed gap ${head}`),
      graceOver: () => told.push('grace over'),
      failed: (failure) => told.push(`failed ${failure.kind}`),
    },
  });
  return { feed, streams, told };
}

/** Whether the promise has settled, and with what, without waiting for it. */
function watch<T>(promise: Promise<T>): { settled: boolean; value: T | undefined } {
  const state = { settled: false, value: undefined as T | undefined };
  void promise.then((value) => Object.assign(state, { settled: true, value }));
  return state;
}

describe('FeedLifetime', () => {
  it('holds the stream at once without a coordinator, connected only once it is subscribed', async () => {
    const { feed, streams, told } = lifetime({ logHeld: true });
    feed.start();
    expect(feed.phase).toMatchObject({ phase: 'holding', path: 1 });
    const connected = watch(feed.whenConnected());
    // A break before the first subscription: still opening, and the gap before it still counts.
    streams[0]?.handlers.onInterrupted();
    await settled();
    expect(connected.settled).toBe(false);

    streams[0]?.handlers.onConnected();
    await waitFor(() => connected.settled && told.includes('gap'));
    expect(connected.value).toBe(true);
    streams[0]?.handlers.onEvents(['e1', 'e2']);
    expect(told).toEqual(['gap', 'events e1,e2 by 1']);
  });

  it('re-reads nothing on the first subscription when the log held nothing before it', async () => {
    const { feed, streams, told } = lifetime({ logHeld: false });
    feed.start();
    streams[0]?.handlers.onConnected();
    expect(await feed.whenConnected()).toBe(true);
    await settled();
    expect(told).toEqual([]);
  });

  it('after a break, tells connected again only once subscribed, and the reconnect is a gap', async () => {
    const { feed, streams, told } = lifetime();
    feed.start();
    const handlers = streams[0]!.handlers;
    handlers.onConnected();
    handlers.onInterrupted();
    expect(feed.phase).toMatchObject({ phase: 'holding', connection: { state: 'interrupted' } });
    const connected = watch(feed.whenConnected());
    await settled();
    expect(connected.settled).toBe(false);

    handlers.onConnected();
    handlers.onReconnected();
    await waitFor(() => connected.settled);
    expect(connected.value).toBe(true);
    expect(told).toEqual(['gap']);
  });

  it('follows without a stream, and a stream opened after following waits for its own subscription and re-reads', async () => {
    const coordinator = new ScriptedCoordinator();
    const { feed, streams, told } = lifetime({ coordinator });
    feed.start();
    const decided = watch(feed.whenRoleDecided());
    const connected = watch(feed.whenConnected());
    await settled();
    expect(feed.phase.phase).toBe('deciding');
    expect(decided.settled || connected.settled).toBe(false);

    coordinator.only.hold();
    streams[0]?.handlers.onConnected();
    await waitFor(() => decided.settled && connected.settled);
    coordinator.only.follow();
    expect(streams[0]?.closed).toBe(true);
    expect(feed.phase.phase).toBe('following');
    expect(await feed.whenConnected()).toBe(true);
    // The closed stream's late word is not taken.
    streams[0]?.handlers.onEvents(['late']);
    streams[0]?.handlers.onFailure(FAILURE);
    coordinator.only.event({ cursor: 'c1', event: 'logged' });

    coordinator.only.hold();
    expect(feed.phase).toMatchObject({ phase: 'holding', path: 2 });
    const reconnected = watch(feed.whenConnected());
    await settled();
    expect(reconnected.settled).toBe(false);
    streams[1]?.handlers.onConnected();
    await waitFor(() => reconnected.settled && told.includes('gap'));
    streams[1]?.handlers.onEvents(['e1']);
    expect(told).toEqual(['followed', 'followed logged', 'gap', 'events e1 by 2']);
  });

  it('ends when its stream fails: told once, waiters answered false, the coordinator left', async () => {
    const coordinator = new ScriptedCoordinator();
    const { feed, streams, told } = lifetime({ coordinator });
    feed.start();
    coordinator.only.hold();
    const connected = feed.whenConnected();
    streams[0]?.handlers.onFailure(FAILURE);
    expect(await connected).toBe(false);
    expect(feed.ended).toBe(true);
    expect(streams[0]?.closed).toBe(true);
    expect(coordinator.left).toBe(1);
    // Roles and events after the end are ignored.
    coordinator.only.hold();
    coordinator.only.event({ cursor: 'c1', event: 'logged' });
    await coordinator.only.resync('c2');
    expect(streams).toHaveLength(1);
    expect(told).toEqual(['failed unauthenticated']);
    expect(await feed.whenConnected()).toBe(false);
  });

  it('ends once the grace period passes without a subscriber, and goes on if one comes', async () => {
    jest.useFakeTimers();
    try {
      const { feed, streams, told } = lifetime({ graceMs: 20 });
      feed.start();
      feed.startGrace();
      feed.attend();
      jest.advanceTimersByTime(100);
      expect(feed.ended).toBe(false);

      feed.startGrace();
      jest.advanceTimersByTime(20);
      expect(told).toEqual(['grace over']);
      expect(feed.ended).toBe(true);
      expect(streams[0]?.closed).toBe(true);
      feed.startGrace();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
