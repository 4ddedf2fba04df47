import { Writable } from 'node:stream';
import { pino } from 'pino';
import {
  MemoryEventLog,
  NotificationHub,
  type EventLog,
  type HubSubscription,
  type LoggedEvent,
  type StreamCoordinator,
  type StreamRoleHandlers,
} from '../../src/fanout/index.js';
import { gwsUpstream } from '../../src/graphql/gws-upstream.js';
import type { GwsClient, GwsError } from '../../src/gws/index.js';
import { type AgentSession, type WireSmsNotification } from '../../src/gws/index.js';
import { basic, CometdPeer } from '../support/cometd-peer.js';
import { waitFor } from '../support/wait.js';

/** The origin every sign-in of this test comes from. */
const LOOPBACK = '127.0.0.1';

/** Any channel: SMS notifications are recognised by their content. */
const SMS_SESSIONS_CHANNEL = '/v2/me/smssessions';
const USERS = { agent1: 'secret1', agent2: 'secret2' };

interface TestEvent {
  sessionId: string;
  kind: 'update' | 'resync';
  state: string | undefined;
}

const update = (id: string, state = 'Chatting') => ({
  messageType: 'SMSsessionStateChangeMessage',
  notificationType: 'StatusChange',
  smssession: { id, state },
});

/** The hub of these tests: over GWS, as the gateway's. */
type TestHub = NotificationHub<TestEvent, AgentSession, GwsError>;

const memoryLog = () =>
  new MemoryEventLog<TestEvent>({ entriesPerStream: 100, maxStreams: 10, maxAgeMs: 60_000 });

/** A memory log with some of its methods replaced, e.g. to hold an append or a read back. */
function memoryLogWith(
  memory: MemoryEventLog<TestEvent>,
  replaced: Partial<EventLog<TestEvent>>,
): EventLog<TestEvent> {
  return {
    append: (stream, event) => memory.append(stream, event),
    readAfter: (stream, cursor) => memory.readAfter(stream, cursor),
    hasHistory: (stream) => memory.hasHistory(stream),
    isAfter: (cursor, previous) => memory.isAfter(cursor, previous),
    ...replaced,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a subscription to its end in the background; cursors apart from the events. */
function collect(subscription: HubSubscription<LoggedEvent<TestEvent>>) {
  const events: TestEvent[] = [];
  const cursors: string[] = [];
  const ended = (async () => {
    for await (const { cursor, ...event } of subscription) {
      events.push(event);
      cursors.push(cursor);
    }
  })();
  return { events, cursors, ended, ids: () => events.map((event) => event.sessionId) };
}

/** A gate a test opens when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('NotificationHub against a real CometD peer', () => {
  let peer: CometdPeer;
  let gws: GwsClient;
  let hub: TestHub;
  let projections: number;
  let warnings: { msg: string; agent?: string }[];

  async function start(
    options: {
      queueCapacity?: number;
      catchUpMs?: number;
      graceMs?: number;
      log?: EventLog<TestEvent>;
      coordinator?: StreamCoordinator<TestEvent>;
    } = {},
  ) {
    peer = await CometdPeer.start({ users: USERS, timeoutMs: 500 });
    warnings = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        warnings.push(JSON.parse(chunk.toString('utf8')) as { msg: string; agent?: string });
        callback();
      },
    });
    const logger = pino({ level: 'warn' }, sink);
    gws = peer.client(logger);
    projections = 0;
    hub = new NotificationHub({
      upstream: gwsUpstream<TestEvent>({
        gws,
        project: (notification: WireSmsNotification) => {
          projections += 1;
          const session = 'smssession' in notification ? notification.smssession : undefined;
          return session ? [{ sessionId: session.id, kind: 'update', state: session.state }] : [];
        },
        snapshot: (session) => ({ sessionId: session.id, kind: 'resync', state: session.state }),
        logger,
      }),
      queueCapacity: options.queueCapacity ?? 16,
      catchUpMs: options.catchUpMs ?? 60_000,
      graceMs: options.graceMs ?? 50,
      log: options.log ?? memoryLog(),
      coordinator: options.coordinator,
      logger,
    });
  }

  afterEach(async () => {
    await hub.close();
    gws.close();
    await peer.close();
  });

  const agent = (user: keyof typeof USERS): AgentSession =>
    gws.agentSession(basic(user, USERS[user]), LOOPBACK);
  const noOverflow = { onOverflow: () => {} };
  /** Waits until the peer's CometD holds the agent's long-poll: the stream is up. */
  const connected = (user: string) => waitFor(() => peer.suspendedConnects(user) === 1);

  it("shares one upstream stream among an agent's subscribers and projects each notification once", async () => {
    await start();
    const all = [1, 2, 3, 4].map(() => collect(hub.subscribe(agent('agent1'), noOverflow)));
    const onlyS2 = collect(hub.subscribe(agent('agent1'), { ...noOverflow, sessionId: 's2' }));
    await connected('agent1');
    expect(hub.stats()).toMatchObject({ agentStreams: 1, subscribers: 5, queuedEvents: 0 });

    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s2'));
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s3'));
    await waitFor(() => all.every((c) => c.events.length === 3) && onlyS2.events.length === 1);
    for (const subscriber of all) expect(subscriber.ids()).toEqual(['s1', 's2', 's3']);
    expect(onlyS2.events).toEqual([{ sessionId: 's2', kind: 'update', state: 'Chatting' }]);
    expect(projections).toBe(3);
    expect(peer.handshakes).toHaveLength(1);
    expect(peer.subscriptions).toEqual([{ user: 'agent1', channel: '/v2/me/*' }]);
  });

  it('keeps agents apart: one stream each, and events only for their own subscribers', async () => {
    await start();
    const first = collect(hub.subscribe(agent('agent1'), noOverflow));
    const second = collect(hub.subscribe(agent('agent2'), noOverflow));
    await connected('agent1');
    await connected('agent2');
    expect(hub.stats()).toMatchObject({ agentStreams: 2, subscribers: 2 });

    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('a1-session'));
    peer.deliver('agent2', SMS_SESSIONS_CHANNEL, update('a2-session'));
    await waitFor(() => first.events.length === 1 && second.events.length === 1);
    // Both were delivered before either was read: nothing crossed over meanwhile.
    expect(first.ids()).toEqual(['a1-session']);
    expect(second.ids()).toEqual(['a2-session']);
    expect(peer.handshakes.map((handshake) => handshake.user).sort()).toEqual(['agent1', 'agent2']);
  });

  it('sends events as they come, without the asynchronous append, when the log appends at once', async () => {
    const memory = memoryLog();
    let asynchronousAppends = 0;
    await start({
      log: memoryLogWith(memory, {
        appendNow: (stream, event) => memory.appendNow(stream, event),
        append: (stream, event) => {
          asynchronousAppends += 1;
          return memory.append(stream, event);
        },
      }),
    });
    const subscriber = collect(hub.subscribe(agent('agent1'), noOverflow));
    await connected('agent1');
    for (const id of ['s1', 's2', 's3']) peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update(id));
    await waitFor(() => subscriber.events.length === 3);
    expect(subscriber.ids()).toEqual(['s1', 's2', 's3']);
    const [first, second, third] = subscriber.cursors as [string, string, string];
    expect(memory.isAfter(second, first) && memory.isAfter(third, second)).toBe(true);
    expect(asynchronousAppends).toBe(0);
  });

  it('disconnects only the subscriber that leaves more than its queue capacity untaken for the catch-up time', async () => {
    await start({ queueCapacity: 3, catchUpMs: 300 });
    let overflows = 0;
    const slow = hub.subscribe(agent('agent1'), { onOverflow: () => (overflows += 1) });
    const fast = collect(hub.subscribe(agent('agent1'), noOverflow));
    await connected('agent1');

    for (let i = 1; i <= 8; i += 1) {
      peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update(`s${i}`));
      await waitFor(() => fast.events.length === i);
    }
    await waitFor(() => hub.stats().subscribers === 1);
    expect(overflows).toBe(1);
    expect(await slow.next()).toEqual({ value: undefined, done: true });
    expect(fast.ids()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']);
    expect(hub.stats()).toMatchObject({ agentStreams: 1, subscribers: 1, queuedEvents: 0 });
    const warning = warnings.find((w) => /fell behind/.test(w.msg));
    expect(warning?.agent).toBe(agent('agent1').key);
  });

  it('hands a backlog GWS sends in one answer whole to a subscriber that reads it, however far past its queue capacity', async () => {
    await start({ queueCapacity: 3, catchUpMs: 60_000 });
    let overflows = 0;
    const reader = collect(hub.subscribe(agent('agent1'), { onOverflow: () => (overflows += 1) }));
    await connected('agent1');
    const ids = Array.from({ length: 200 }, (_, i) => `s${i}`);

    expect(
      peer.deliverBatch(
        'agent1',
        SMS_SESSIONS_CHANNEL,
        ids.map((id) => update(id)),
      ),
    ).toBe(1);
    await waitFor(() => reader.events.length === ids.length);
    expect(reader.ids()).toEqual(ids);
    expect(overflows).toBe(0);
    expect(hub.stats()).toMatchObject({ subscribers: 1, queuedEvents: 0 });
  });

  it("re-sends every session's state after the upstream stream reconnects", async () => {
    await start();
    peer.smsSessions.set('agent1', [
      { id: 's1', state: 'Chatting' },
      { id: 's2', state: 'Invited' },
    ]);
    const all = collect(hub.subscribe(agent('agent1'), noOverflow));
    const onlyS2 = collect(hub.subscribe(agent('agent1'), { ...noOverflow, sessionId: 's2' }));
    await connected('agent1');

    peer.restart();
    await waitFor(() => all.events.length === 2 && onlyS2.events.length === 1);
    expect(all.events).toEqual([
      { sessionId: 's1', kind: 'resync', state: 'Chatting' },
      { sessionId: 's2', kind: 'resync', state: 'Invited' },
    ]);
    expect(onlyS2.events).toEqual([{ sessionId: 's2', kind: 'resync', state: 'Invited' }]);
    expect(peer.handshakes).toHaveLength(2);

    await connected('agent1');
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s2', 'Completed'));
    await waitFor(() => all.events.length === 3 && onlyS2.events.length === 2);
    expect(onlyS2.events[1]).toEqual({ sessionId: 's2', kind: 'update', state: 'Completed' });
  });

  it('sends live changes that arrive while sessions are re-read after the snapshots, not before', async () => {
    await start();
    peer.smsSessions.set('agent1', [{ id: 's1', state: 'Chatting' }]);
    const subscriber = collect(hub.subscribe(agent('agent1'), noOverflow));
    await connected('agent1');
    let answerList = () => undefined as void;
    peer.sessionListHeld = new Promise((resolve) => (answerList = resolve));

    peer.restart();
    await waitFor(() => peer.subscriptions.length === 2);
    await connected('agent1');
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1', 'Completed'));
    await sleep(100);
    expect(subscriber.events).toEqual([]);
    answerList();
    await waitFor(() => subscriber.events.length === 2);
    expect(subscriber.events).toEqual([
      { sessionId: 's1', kind: 'resync', state: 'Chatting' },
      { sessionId: 's1', kind: 'update', state: 'Completed' },
    ]);
  });

  it('leaves events out once the log has not kept up for catchUpMs, then re-sends every session', async () => {
    const memory = memoryLog();
    const appending = gate();
    const log = memoryLogWith(memory, {
      append: async (stream, event) => {
        await appending.opened;
        return memory.append(stream, event);
      },
    });
    await start({ queueCapacity: 4, catchUpMs: 100, log });
    peer.smsSessions.set('agent1', [{ id: 's9', state: 'Completed' }]);
    const received = collect(hub.subscribe(agent('agent1'), noOverflow));
    await connected('agent1');
    for (let n = 1; n <= 10; n += 1) peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update(`s${n}`));
    await waitFor(() => projections === 10);
    await waitFor(() => warnings.length === 1);
    expect(warnings.map((warning) => warning.msg)).toEqual([
      'event log fell behind; resyncing once it catches up',
    ]);
    // Behind: left out, and covered by the re-sent sessions.
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s11'));
    await waitFor(() => projections === 11);

    appending.open();
    await waitFor(() => received.events.length >= 11);
    expect(received.events).toEqual([
      ...Array.from({ length: 10 }, (_, index) => ({
        sessionId: `s${index + 1}`,
        kind: 'update',
        state: 'Chatting',
      })),
      { sessionId: 's9', kind: 'resync', state: 'Completed' },
    ]);
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s12'));
    await waitFor(() => received.events.length === 12);
    expect(received.ids().at(-1)).toBe('s12');
  });

  it('ends subscribers with the upstream failure when GWS refuses the agent', async () => {
    await start();
    peer.deniedUsers.add('agent1');
    const failures: string[] = [];
    const subscription = hub.subscribe(agent('agent1'), {
      ...noOverflow,
      onUpstreamFailure: (error) => failures.push(error.kind),
    });
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
    expect(failures).toEqual(['unauthenticated']);
    expect(hub.stats()).toMatchObject({ agentStreams: 0, subscribers: 0, queuedEvents: 0 });
  });

  it('tells when the upstream stream is subscribed, so nothing published from then on is missed', async () => {
    await start();
    expect(await hub.whenConnected(agent('agent1'))).toBe(false);
    const subscription = collect(hub.subscribe(agent('agent1'), noOverflow));
    expect(peer.subscriptions).toEqual([]);
    expect(await hub.whenConnected(agent('agent1'))).toBe(true);
    expect(peer.subscriptions).toEqual([{ user: 'agent1', channel: '/v2/me/*' }]);
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    await waitFor(() => subscription.events.length === 1);
    expect(await hub.whenConnected(agent('agent1'))).toBe(true);
  });

  it('after an interruption, tells connected only once the stream is subscribed again', async () => {
    await start();
    hub.subscribe(agent('agent1'), noOverflow);
    expect(await hub.whenConnected(agent('agent1'))).toBe(true);
    peer.restart();
    await waitFor(() => peer.handshakes.length === 2);
    expect(await hub.whenConnected(agent('agent1'))).toBe(true);
    expect(peer.subscriptions).toHaveLength(2);
  });

  it('answers false to whoever waits for a stream that fails instead of connecting', async () => {
    await start();
    peer.deniedUsers.add('agent1');
    hub.subscribe(agent('agent1'), noOverflow);
    expect(await hub.whenConnected(agent('agent1'))).toBe(false);
  });

  it('keeps the stream through the grace period for a returning subscriber, then closes it', async () => {
    await start({ graceMs: 300 });
    const first = hub.subscribe(agent('agent1'), noOverflow);
    await connected('agent1');
    first.close();
    expect(hub.stats()).toMatchObject({ agentStreams: 1, subscribers: 0, queuedEvents: 0 });

    await sleep(100);
    const second = hub.subscribe(agent('agent1'), noOverflow);
    const received = collect(second);
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    await waitFor(() => received.events.length === 1);
    expect(peer.handshakes).toHaveLength(1);

    second.close();
    const leftAt = Date.now();
    await sleep(150);
    expect(hub.stats().agentStreams).toBe(1);
    expect(peer.connectedClients()).toBe(1);
    await waitFor(() => hub.stats().agentStreams === 0);
    expect(Date.now() - leftAt).toBeGreaterThanOrEqual(290);
    await waitFor(() => peer.connectedClients() === 0);
    expect(peer.removals).toEqual([{ user: 'agent1', timeout: false }]);
  });

  it('leaves nothing behind after 1,000 subscribe/unsubscribe cycles', async () => {
    await start({ graceMs: 20 });
    const timersBefore = activeTimers();
    const session = agent('agent1');
    for (let cycle = 0; cycle < 1_000; cycle += 1) {
      const subscription = hub.subscribe(session, {
        ...noOverflow,
        sessionId: cycle % 2 === 0 ? undefined : `s${cycle}`,
      });
      const pending = subscription.next();
      if (cycle % 3 === 0) await subscription.return?.();
      else subscription.close();
      expect(await pending).toEqual({ value: undefined, done: true });
      // Let I/O run now and then, and sometimes long enough for the grace period to pass.
      if (cycle % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (cycle % 200 === 0) await sleep(60);
    }
    await waitFor(() => hub.stats().agentStreams === 0);
    expect(hub.stats()).toMatchObject({ agentStreams: 0, subscribers: 0, queuedEvents: 0 });
    await waitFor(() => peer.connectedClients() === 0);
    const accepted = peer.handshakes.length;
    expect(accepted).toBeGreaterThan(1);
    expect(peer.removals).toHaveLength(accepted);
    expect(peer.removals.every((removal) => !removal.timeout)).toBe(true);
    await waitFor(() => activeTimers() <= timersBefore);
  });

  describe('resuming after a cursor', () => {
    /** Delivers updates of these sessions to agent1, waiting until `watcher` has them all. */
    async function deliverAll(watcher: ReturnType<typeof collect>, ...sessions: string[]) {
      const before = watcher.events.length;
      for (const id of sessions) peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update(id));
      await waitFor(() => watcher.events.length === before + sessions.length);
    }

    it('replays what came after the cursor, also while nobody listened, then goes live', async () => {
      const log = memoryLog();
      await start({ graceMs: 5_000, log });
      const first = hub.subscribe(agent('agent1'), noOverflow);
      const received = collect(first);
      await connected('agent1');
      await deliverAll(received, 's1', 's2');
      first.close();
      const resumeAfter = received.cursors[1] as string;
      peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s3'));
      peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s4'));
      const logged = async () => {
        const read = await log.readAfter(agent('agent1').key, resumeAfter);
        return read.honoured ? read.entries.length : 0;
      };
      await waitFor(async () => (await logged()) === 2);

      const resumed = collect(
        hub.subscribe(agent('agent1'), { ...noOverflow, after: resumeAfter }),
      );
      await waitFor(() => resumed.events.length === 2);
      expect(resumed.ids()).toEqual(['s3', 's4']);
      peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s5'));
      await waitFor(() => resumed.events.length === 3);
      expect(resumed.ids()).toEqual(['s3', 's4', 's5']);
      expect(new Set([...received.cursors, ...resumed.cursors]).size).toBe(5);
      expect(peer.handshakes).toHaveLength(1);
    });

    it('keeps the session filter in the replay', async () => {
      await start();
      const all = collect(hub.subscribe(agent('agent1'), noOverflow));
      await connected('agent1');
      await deliverAll(all, 's1', 's2', 's1', 's3');
      const onlyS1 = collect(
        hub.subscribe(agent('agent1'), { ...noOverflow, sessionId: 's1', after: all.cursors[0] }),
      );
      peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s2'));
      peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1', 'Completed'));
      await waitFor(() => onlyS1.events.length === 2);
      expect(onlyS1.events).toEqual([
        { sessionId: 's1', kind: 'update', state: 'Chatting' },
        { sessionId: 's1', kind: 'update', state: 'Completed' },
      ]);
    });

    it.each([
      ['before the log is read', 'before'],
      ['after the log is read', 'after'],
    ] as const)(
      'loses and repeats nothing of what arrives %s',
      async (_when, readsBeforeEvents) => {
        const memory = memoryLog();
        const reading = gate();
        const slowLog = memoryLogWith(memory, {
          readAfter: async (stream, cursor) => {
            if (readsBeforeEvents === 'after') await reading.opened;
            const read = await memory.readAfter(stream, cursor);
            if (readsBeforeEvents === 'before') await reading.opened;
            return read;
          },
        });
        await start({ log: slowLog });
        const witness = collect(hub.subscribe(agent('agent1'), noOverflow));
        await connected('agent1');
        await deliverAll(witness, 's1', 's2');
        const resumed = collect(
          hub.subscribe(agent('agent1'), { ...noOverflow, after: witness.cursors[0] }),
        );
        await deliverAll(witness, 's3', 's4');
        await sleep(50);
        expect(resumed.events).toEqual([]);
        reading.open();
        await waitFor(() => resumed.events.length >= 3);
        await deliverAll(witness, 's5');
        await waitFor(() => resumed.events.length >= 4);
        expect(resumed.ids()).toEqual(['s2', 's3', 's4', 's5']);
        expect(resumed.cursors).toEqual(witness.cursors.slice(1));
      },
    );

    it('sends nothing twice, nor older than its snapshot, when an event logged before the read is sent after it', async () => {
      const memory = memoryLog();
      const sending = gate();
      // The update of s2 is logged at once, but sent only when the test says.
      const log = memoryLogWith(memory, {
        append: async (stream, event) => {
          const cursor = await memory.append(stream, event);
          if (event.sessionId === 's2') await sending.opened;
          return cursor;
        },
      });
      await start({ log });
      peer.smsSessions.set('agent1', [{ id: 's2', state: 'Chatting' }]);
      const witness = collect(hub.subscribe(agent('agent1'), noOverflow));
      await connected('agent1');
      await deliverAll(witness, 's1');
      peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s2'));
      await waitFor(() => projections === 2);
      const replayed = collect(
        hub.subscribe(agent('agent1'), { ...noOverflow, after: witness.cursors[0] }),
      );
      const snapshot = collect(hub.subscribe(agent('agent1'), { ...noOverflow, after: 'unknown' }));
      await waitFor(() => replayed.events.length === 1 && snapshot.events.length === 1);

      sending.open();
      await waitFor(() => witness.events.length === 2);
      await deliverAll(witness, 's3');
      await waitFor(() => replayed.events.length >= 2 && snapshot.events.length >= 2);
      expect(replayed.cursors).toEqual(witness.cursors.slice(1));
      expect(snapshot.events).toEqual([
        { sessionId: 's2', kind: 'resync', state: 'Chatting' },
        { sessionId: 's3', kind: 'update', state: 'Chatting' },
      ]);
      expect(snapshot.cursors).toEqual(witness.cursors.slice(1));
    });

    it('gives a snapshot of every session for a cursor it cannot honour, with a cursor to resume after', async () => {
      await start();
      peer.smsSessions.set('agent1', [
        { id: 's1', state: 'Chatting' },
        { id: 's2', state: 'Invited' },
      ]);
      const witness = collect(hub.subscribe(agent('agent1'), noOverflow));
      await connected('agent1');
      await deliverAll(witness, 's1');
      const foreign = memoryLog();
      const foreignCursor = await foreign.append(agent('agent1').key, witness.events[0]!);
      const unknown = collect(
        hub.subscribe(agent('agent1'), { ...noOverflow, after: foreignCursor }),
      );
      const malformed = collect(
        hub.subscribe(agent('agent1'), { ...noOverflow, sessionId: 's2', after: 'not a cursor' }),
      );
      await waitFor(() => unknown.events.length === 2 && malformed.events.length === 1);
      expect(unknown.events).toEqual([
        { sessionId: 's1', kind: 'resync', state: 'Chatting' },
        { sessionId: 's2', kind: 'resync', state: 'Invited' },
      ]);
      expect(malformed.events).toEqual([{ sessionId: 's2', kind: 'resync', state: 'Invited' }]);

      await deliverAll(witness, 's2');
      await waitFor(() => unknown.events.length === 3);
      const resumed = collect(
        hub.subscribe(agent('agent1'), { ...noOverflow, after: unknown.cursors[0] }),
      );
      await waitFor(() => resumed.events.length === 1);
      expect(resumed.cursors).toEqual([unknown.cursors[2]]);
    });

    it('re-reads the sessions when a stream opens again over logged events, so the time without a stream is covered', async () => {
      await start({ graceMs: 20 });
      peer.smsSessions.set('agent1', [{ id: 's1', state: 'Completed' }]);
      const first = hub.subscribe(agent('agent1'), noOverflow);
      const received = collect(first);
      await connected('agent1');
      await deliverAll(received, 's1');
      first.close();
      await waitFor(() => hub.stats().agentStreams === 0);

      const resumed = collect(
        hub.subscribe(agent('agent1'), { ...noOverflow, after: received.cursors[0] }),
      );
      await waitFor(() => resumed.events.length === 1);
      expect(resumed.events).toEqual([{ sessionId: 's1', kind: 'resync', state: 'Completed' }]);
      expect(peer.handshakes).toHaveLength(2);
    });

    it('ends a resuming subscriber whose sessions cannot be read', async () => {
      await start();
      const witness = collect(hub.subscribe(agent('agent1'), noOverflow));
      await connected('agent1');
      await deliverAll(witness, 's1');
      peer.sessionListRefusal = 503;
      const failures: string[] = [];
      const subscription = hub.subscribe(agent('agent1'), {
        ...noOverflow,
        after: 'unknown',
        onUpstreamFailure: (error) => failures.push(error.kind),
      });
      expect(await subscription.next()).toEqual({ value: undefined, done: true });
      expect(failures).toEqual(['rejected']);
      // The agent's stream and its other subscribers carry on.
      await deliverAll(witness, 's2');
    });
  });
});

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('NotificationHub with a coordinator', () => {
  /** Decides the roles when the test says, as another process's lease would. */
  class ScriptedCoordinator implements StreamCoordinator<TestEvent> {
    readonly members = new Map<string, StreamRoleHandlers<TestEvent>>();
    readonly left: string[] = [];
    join(agent: string, handlers: StreamRoleHandlers<TestEvent>) {
      this.members.set(agent, handlers);
      return { leave: async () => void this.left.push(agent) };
    }
    only(): StreamRoleHandlers<TestEvent> {
      expect(this.members.size).toBe(1);
      return [...this.members.values()][0] as StreamRoleHandlers<TestEvent>;
    }
  }

  let peer: CometdPeer;
  let gws: GwsClient;
  let hub: TestHub;
  let coordinator: ScriptedCoordinator;
  /** The log shared with the scripted other process, as replicas share theirs. */
  let log: MemoryEventLog<TestEvent>;
  let projections: number;

  beforeEach(async () => {
    peer = await CometdPeer.start({ users: USERS, timeoutMs: 500 });
    const logger = pino({ level: 'silent' });
    gws = peer.client(logger);
    coordinator = new ScriptedCoordinator();
    log = memoryLog();
    projections = 0;
    hub = new NotificationHub({
      upstream: gwsUpstream<TestEvent>({
        gws,
        project: (notification: WireSmsNotification) => {
          projections += 1;
          const session = 'smssession' in notification ? notification.smssession : undefined;
          return session ? [{ sessionId: session.id, kind: 'update', state: session.state }] : [];
        },
        snapshot: (session) => ({ sessionId: session.id, kind: 'resync', state: session.state }),
        logger,
      }),
      identify: ({ kind, sessionId, state }) =>
        kind === 'resync' ? undefined : `${sessionId} ${state}`,
      queueCapacity: 16,
      catchUpMs: 60_000,
      graceMs: 50,
      log,
      coordinator,
      logger,
    });
  });

  afterEach(async () => {
    await hub.close();
    gws.close();
    await peer.close();
  });

  it('opens no stream while following, hands on the holder’s events, and resyncs once it holds', async () => {
    peer.smsSessions.set('agent1', [{ id: 's1', state: 'Chatting' }]);
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const all = collect(hub.subscribe(session, { onOverflow: () => {} }));
    const onlyS2 = collect(hub.subscribe(session, { onOverflow: () => {}, sessionId: 's2' }));
    const roles = coordinator.only();
    roles.follow();
    expect(await hub.whenConnected(session)).toBe(true);
    roles.event({
      cursor: '1',
      event: { sessionId: 's1', kind: 'update', state: 'Invited' },
    });
    roles.event({
      cursor: '2',
      event: { sessionId: 's2', kind: 'update', state: 'Chatting' },
    });
    await waitFor(() => all.cursors.length === 2 && onlyS2.cursors.length === 1);
    expect(all.cursors).toEqual(['1', '2']);
    expect(onlyS2.cursors).toEqual(['2']);
    expect(hub.stats()).toMatchObject({ agentStreams: 0, followedAgents: 1 });
    expect(peer.handshakes).toHaveLength(0);

    roles.hold();
    await waitFor(() => all.events.length === 3);
    expect(all.events[2]).toEqual({ sessionId: 's1', kind: 'resync', state: 'Chatting' });
    expect(hub.stats()).toMatchObject({ agentStreams: 1, followedAgents: 0 });
    expect(peer.handshakes).toHaveLength(1);

    roles.follow();
    await waitFor(() => peer.removals.length === 1);
    expect(hub.stats()).toMatchObject({ agentStreams: 0, followedAgents: 1 });
  });

  it('leaves the coordinator once the grace period after the last subscriber is over', async () => {
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const subscription = hub.subscribe(session, { onOverflow: () => {} });
    coordinator.only().hold();
    await waitFor(() => peer.suspendedConnects('agent1') === 1);
    subscription.close();
    await waitFor(() => coordinator.left.length === 1);
    expect(coordinator.left).toEqual([session.key]);
    expect(hub.stats()).toMatchObject({ agentStreams: 0, followedAgents: 0 });
  });

  /** The other process logs an update of the session; resolves with the entry it logged. */
  async function logElsewhere(key: string, sessionId: string) {
    const event: TestEvent = { sessionId, kind: 'update', state: 'Chatting' };
    return { cursor: await log.append(key, event), event };
  }

  it('hands each logged event on at most once, in order, across changes of role', async () => {
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const all = collect(hub.subscribe(session, { onOverflow: () => {} }));
    const roles = coordinator.only();
    roles.follow();
    const first = await logElsewhere(session.key, 's1');
    roles.event(first);
    await waitFor(() => all.events.length === 1);

    roles.hold();
    await waitFor(() => peer.suspendedConnects('agent1') === 1);
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s2'));
    await waitFor(() => all.events.length === 2);
    roles.follow();
    await waitFor(() => peer.removals.length === 1);
    // Following from an older place, the log hands on again what this process sent as holder.
    const [, held] = all.cursors;
    const read = await log.readAfter(session.key, first.cursor);
    expect(read.honoured && read.entries.map((entry) => entry.cursor)).toEqual([held]);
    if (read.honoured) for (const entry of read.entries) roles.event(entry);
    roles.event(first);
    const last = await logElsewhere(session.key, 's3');
    roles.event(last);
    await waitFor(() => all.events.length >= 3);
    expect(all.cursors).toEqual([first.cursor, held, last.cursor]);
    expect(all.ids()).toEqual(['s1', 's2', 's3']);
  });

  it('drops a copy of an event its own stream sent when the log hands it on under another id', async () => {
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const all = collect(hub.subscribe(session, { onOverflow: () => {} }));
    const roles = coordinator.only();
    roles.hold();
    await waitFor(() => peer.suspendedConnects('agent1') === 1);
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    await waitFor(() => all.events.length === 1);

    roles.follow();
    await waitFor(() => peer.removals.length === 1);
    // The other process held a stream too, and logged the same notification after this one.
    const copy = await logElsewhere(session.key, 's1');
    expect(log.isAfter(copy.cursor, all.cursors[0] as string)).toBe(true);
    roles.event(copy);
    const next = await logElsewhere(session.key, 's2');
    roles.event(next);
    await waitFor(() => all.events.length >= 2);
    expect(all.ids()).toEqual(['s1', 's2']);
    expect(all.cursors[1]).toBe(next.cursor);
  });

  it('neither sends nor logs a copy its own stream brings of an event followed', async () => {
    peer.smsSessions.set('agent1', [{ id: 's9', state: 'Completed' }]);
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const all = collect(hub.subscribe(session, { onOverflow: () => {} }));
    const roles = coordinator.only();
    roles.follow();
    const followed = await logElsewhere(session.key, 's1');
    roles.event(followed);
    await waitFor(() => all.events.length === 1);

    roles.hold();
    await waitFor(() => all.events.length === 2);
    expect(all.events[1]).toEqual({ sessionId: 's9', kind: 'resync', state: 'Completed' });
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s2'));
    await waitFor(() => all.events.length >= 3);
    expect(all.ids()).toEqual(['s1', 's9', 's2']);
    const read = await log.readAfter(session.key, followed.cursor);
    expect(read.honoured && read.entries.map((entry) => entry.event.sessionId)).toEqual([
      's9',
      's2',
    ]);
  });

  it('sends the log’s copy of an event its stream brought while sessions were re-read, then gave up', async () => {
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const all = collect(hub.subscribe(session, { onOverflow: () => {} }));
    const roles = coordinator.only();
    roles.follow();
    roles.event(await logElsewhere(session.key, 's0'));
    await waitFor(() => all.events.length === 1);
    let answerList = () => undefined as void;
    peer.sessionListHeld = new Promise((resolve) => (answerList = resolve));
    roles.hold();
    await waitFor(() => peer.suspendedConnects('agent1') === 1);
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    await waitFor(() => projections === 1);

    // Following again before the sessions are read: the held event is not sent by this process.
    roles.follow();
    answerList();
    await waitFor(() => peer.removals.length === 1);
    roles.event(await logElsewhere(session.key, 's1'));
    await waitFor(() => all.events.length >= 2);
    expect(all.ids()).toEqual(['s0', 's1']);
  });

  it('sends events alike that come by one path, and every snapshot', async () => {
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const all = collect(hub.subscribe(session, { onOverflow: () => {} }));
    const roles = coordinator.only();
    roles.hold();
    await waitFor(() => peer.suspendedConnects('agent1') === 1);
    // A stream delivers each notification once: two alike are two notifications.
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    peer.deliver('agent1', SMS_SESSIONS_CHANNEL, update('s1'));
    await waitFor(() => all.events.length === 2);

    roles.follow();
    await waitFor(() => peer.removals.length === 1);
    for (const kind of ['update', 'update', 'resync', 'resync'] as const) {
      const event: TestEvent = { sessionId: 's2', kind, state: 'Chatting' };
      roles.event({ cursor: await log.append(session.key, event), event });
    }
    await waitFor(() => all.events.length === 6);
    expect(all.events.map((event) => `${event.sessionId} ${event.kind}`)).toEqual([
      's1 update',
      's1 update',
      's2 update',
      's2 update',
      's2 resync',
      's2 resync',
    ]);
  });

  it('sends a resuming subscriber no followed event twice when the log is read before it is handed on', async () => {
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    collect(hub.subscribe(session, { onOverflow: () => {} }));
    const roles = coordinator.only();
    roles.follow();
    const entries = [];
    for (const id of ['s1', 's2', 's3']) entries.push(await logElsewhere(session.key, id));
    for (const entry of entries.slice(0, 2)) roles.event(entry);
    const resumed = collect(
      hub.subscribe(session, { onOverflow: () => {}, after: entries[0]?.cursor }),
    );
    await waitFor(() => resumed.events.length === 2);
    roles.event(entries[2]!);
    const next = await logElsewhere(session.key, 's4');
    roles.event(next);
    await waitFor(() => resumed.events.length >= 3);
    expect(resumed.cursors).toEqual([...entries.slice(1), next].map((entry) => entry.cursor));
  });

  it('reads a resuming subscriber’s log only once the role is decided, so nothing falls before the followed events', async () => {
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const resumeAfter = (await logElsewhere(session.key, 's1')).cursor;
    const resumed = collect(hub.subscribe(session, { onOverflow: () => {}, after: resumeAfter }));
    // Lets a read of the log started now finish before the next append.
    await new Promise((resolve) => setImmediate(resolve));
    const beforeFollowing = await logElsewhere(session.key, 's2');
    // The coordinator hands on only what is logged after it starts to follow.
    coordinator.only().follow();
    const afterFollowing = await logElsewhere(session.key, 's3');
    coordinator.only().event(afterFollowing);
    await waitFor(() => resumed.events.length >= 2);
    expect(resumed.cursors).toEqual([beforeFollowing.cursor, afterFollowing.cursor]);
  });

  it('re-sends every session, carrying the log’s head, when the followed events have a gap', async () => {
    peer.smsSessions.set('agent1', [
      { id: 's1', state: 'Chatting' },
      { id: 's2', state: 'Invited' },
    ]);
    const session = gws.agentSession(basic('agent1', USERS.agent1), LOOPBACK);
    const all = collect(hub.subscribe(session, { onOverflow: () => {} }));
    const roles = coordinator.only();
    roles.follow();
    roles.event({ cursor: '1', event: { sessionId: 's1', kind: 'update', state: 'Invited' } });
    await roles.resync('7');
    roles.event({ cursor: '8', event: { sessionId: 's2', kind: 'update', state: 'Chatting' } });
    await waitFor(() => all.cursors.length === 4);
    expect(all.cursors).toEqual(['1', '7', '7', '8']);
    expect(all.events.slice(1, 3)).toEqual([
      { sessionId: 's1', kind: 'resync', state: 'Chatting' },
      { sessionId: 's2', kind: 'resync', state: 'Invited' },
    ]);
    expect(peer.handshakes).toHaveLength(0);
  });
});
