import { DIALECTS } from '../support/dialects.js';
import WebSocket from 'ws';
import { repeatUntil, waitFor } from '../support/wait.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import {
  allReceiving as allReceivingOf,
  connectClient,
  EVENTS_QUERY,
  hasText,
  Subscriber,
} from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
const SECOND_SESSION = '0000Na9B26EF006M';
const BFRIEND_SESSION = '0000Na9B26EF0080';
const SEED_CONTACT_URI = 'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041';

const INVITE = `mutation ($id: ID!, $targetUri: String, $targetPath: String) {
  inviteToSmsSession(id: $id, targetUri: $targetUri, targetPath: $targetPath) { referenceId }
}`;

let stack: Stack;
const subscribers: Subscriber[] = [];

function subscribe(userName: string | undefined, sessionId?: string): Subscriber {
  const subscriber = new Subscriber(stack.url, userName ? basic(userName) : undefined, {
    sessionId,
  });
  subscribers.push(subscriber);
  return subscriber;
}

function customerWrites(sessionId: string, text: string): void {
  stack.simulator.sendCustomerMessage(sessionId, text);
}

function notificationStats(userName: string) {
  const stats = stack.simulator.notificationStats()[userName];
  if (!stats) throw new Error(`the simulator has no agent ${userName}`);
  return stats;
}

function allReceiving(sessionId: string, ...receivers: Subscriber[]): Promise<void> {
  return allReceivingOf(stack.simulator, sessionId, ...receivers);
}

describe.each(DIALECTS)('smsSessionEvents (%s GWS dialect)', (_name, dialect) => {
  beforeEach(async () => {
    stack = await startStack({
      env: {
        UPSTREAM_STREAM_GRACE_MS: '100',
        SUBSCRIBER_QUEUE_CAPACITY: '8',
        SUBSCRIBER_CATCH_UP_MS: '500',
      },
      simulator: { dialect },
    });
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
    await stack.close();
  });

  it('the seed scenario: an invite shows as participants updated, then the invited agent joining', async () => {
    const watcher = subscribe('testname');
    await allReceiving(SEED_SESSION, watcher);

    const invite = await stack.graphql<{ inviteToSmsSession: { referenceId: number } }>(INVITE, {
      variables: { id: SEED_SESSION, targetUri: SEED_CONTACT_URI },
    });
    const referenceId = invite.data?.inviteToSmsSession.referenceId;
    expect(referenceId).toEqual(expect.any(Number));

    const updated = await watcher.waitFor(
      (event) =>
        event.__typename === 'SmsSessionUpdated' &&
        event.notificationType === 'PARTICIPANTS_UPDATED',
    );
    expect(updated).toMatchObject({ sessionId: SEED_SESSION, referenceId });
    const session = updated.session as { participants: { nickname: string; type: string }[] };
    expect(session.participants).toContainEqual({ nickname: 'BFriend', type: 'AGENT' });

    const joined = await watcher.waitFor(
      (event) =>
        event.__typename === 'SmsMessagesAdded' &&
        (event.messages as { type: string }[]).some(
          (message) => message.type === 'PARTICIPANT_JOINED',
        ),
    );
    expect(joined).toMatchObject({ sessionId: SEED_SESSION, notificationType: 'NEW_MESSAGES' });
    expect(joined.messages).toContainEqual(
      expect.objectContaining({
        type: 'PARTICIPANT_JOINED',
        from: { nickname: 'BFriend', type: 'AGENT' },
      }),
    );
    expect(watcher.events.indexOf(updated)).toBeLessThan(watcher.events.indexOf(joined));
  });

  it('a failing invite yields SmsOperationFailed with the mutation’s referenceId', async () => {
    const watcher = subscribe('testname');
    await allReceiving(SEED_SESSION, watcher);
    const invite = await stack.graphql<{ inviteToSmsSession: { referenceId: number } }>(INVITE, {
      variables: { id: SEED_SESSION, targetPath: '/users/nosuchagent' },
    });
    const referenceId = invite.data?.inviteToSmsSession.referenceId;
    const failed = await watcher.waitFor((event) => event.__typename === 'SmsOperationFailed');
    expect(failed).toMatchObject({
      sessionId: SEED_SESSION,
      notificationType: 'ERROR',
      referenceId,
      errorMessage: expect.any(String),
    });
  });

  it('every event reaches exactly the right agent’s subscribers, session filters respected', async () => {
    const testnameAll = subscribe('testname');
    const testnameSecondOnly = subscribe('testname', SECOND_SESSION);
    const bfriendAll = subscribe('bfriend');
    const bfriendOwnOnly = subscribe('bfriend', BFRIEND_SESSION);
    await allReceiving(SECOND_SESSION, testnameAll, testnameSecondOnly);
    await allReceiving(BFRIEND_SESSION, bfriendAll, bfriendOwnOnly);

    customerWrites(SEED_SESSION, 'for testname, seed session');
    customerWrites(BFRIEND_SESSION, 'for bfriend');
    customerWrites(SECOND_SESSION, 'for testname, second session');
    await testnameAll.waitFor(hasText('for testname, seed session'));
    await testnameAll.waitFor(hasText('for testname, second session'));
    await testnameSecondOnly.waitFor(hasText('for testname, second session'));
    await bfriendAll.waitFor(hasText('for bfriend'));
    await bfriendOwnOnly.waitFor(hasText('for bfriend'));

    expect(testnameSecondOnly.events.some(hasText('for testname, seed session'))).toBe(false);
    expect(testnameSecondOnly.events.every((event) => event.sessionId === SECOND_SESSION)).toBe(
      true,
    );
    for (const theirs of [bfriendAll, bfriendOwnOnly]) {
      expect(theirs.events.every((event) => event.sessionId === BFRIEND_SESSION)).toBe(true);
    }
    for (const ours of [testnameAll, testnameSecondOnly]) {
      expect(ours.events.some(hasText('for bfriend'))).toBe(false);
    }
  });

  it('N subscribers of one agent share one upstream handshake and subscription', async () => {
    const devices = Array.from({ length: 5 }, (_, i) =>
      subscribe('testname', i % 2 === 0 ? undefined : SEED_SESSION),
    );
    await allReceiving(SEED_SESSION, ...devices);
    const stats = notificationStats('testname');
    expect(stats.handshakes).toBe(1);
    expect(stats.subscriptions).toBe(1);
    expect(stack.gateway.stats()).toMatchObject({ agentStreams: 1, subscribers: 5 });
  });

  it('after a notification-service restart events flow again, with a RESYNC snapshot, without resubscribing', async () => {
    const watcher = subscribe('testname');
    await allReceiving(SEED_SESSION, watcher);
    stack.simulator.restartNotifications();

    const resync = await watcher.waitFor((event) => event.notificationType === 'RESYNC', 10_000);
    expect(resync.__typename).toBe('SmsSessionUpdated');
    await allReceiving(SEED_SESSION, watcher);
    expect(notificationStats('testname').handshakes).toBe(2);
    expect(watcher.closeCode).toBeUndefined();
  });

  it('a subscriber that stops reading is disconnected with 1013 while another of the agent keeps receiving', async () => {
    const reader = subscribe('testname');
    const slow = new WebSocket(stack.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => slow.on('close', (code) => resolve(code)));
    await new Promise((resolve) => slow.once('open', resolve));
    slow.send(
      JSON.stringify({ type: 'connection_init', payload: { Authorization: basic('testname') } }),
    );
    await new Promise((resolve) => slow.once('message', resolve));
    // Each event costs this subscriber fifteen copies of the message text (the most aliases an
    // operation may have): big enough, soon.
    const copies = Array.from({ length: 15 }, (_, i) => `copy${i}: messages { text }`).join(' ');
    const heavyQuery = `subscription { smsSessionEvents { ... on SmsMessagesAdded { ${copies} } } }`;
    slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: heavyQuery } }));
    await allReceiving(SEED_SESSION, reader);
    slow.pause();

    try {
      // Enough to fill the kernel's socket buffers on loopback, then the subscriber's queue.
      const bulk = 'x'.repeat(4000);
      await repeatUntil(
        async (i) => {
          customerWrites(SEED_SESSION, `${i} ${bulk}`);
          await reader.waitFor(hasText(`${i} ${bulk}`));
        },
        () => stack.gateway.stats().subscribers === 1,
      );
      slow.resume();
      expect(await closed).toBe(1013);
      const metrics = await (await fetch(new URL('/metrics', stack.url))).text();
      expect(metrics).toMatch(/^gateway_slow_subscribers_dropped_total 1$/m);
      await allReceiving(SEED_SESSION, reader);
      expect(reader.closeCode).toBeUndefined();
    } finally {
      slow.terminate();
    }
  });

  it('1,000 subscribe/unsubscribe cycles leave no upstream stream, subscriber, queue or timer behind', async () => {
    const keeper = subscribe('testname');
    await allReceiving(SEED_SESSION, keeper);
    const client = connectClient(stack.url, { Authorization: basic('testname') });
    try {
      const timersBefore = activeTimers();

      for (let i = 0; i < 1000; i += 1) {
        const cycle = client.iterate({ query: EVENTS_QUERY, variables: { id: SECOND_SESSION } });
        const pending = cycle.next();
        await cycle.return?.();
        await pending;
      }
      await keeper.dispose();
      await waitFor(() => stack.gateway.stats().agentStreams === 0);
      expect(stack.gateway.stats()).toMatchObject({
        agentStreams: 0,
        subscribers: 0,
        queuedEvents: 0,
      });
      await waitFor(() => notificationStats('testname').connectedClients === 0);
      expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    } finally {
      await client.dispose();
    }
  });

  it.each([
    ['missing', undefined, 4401],
    ['wrong', basic('testname', 'wrong'), 4403],
    ['of another scheme', 'Bearer token', 4403],
  ])('%s connection credentials are refused at connect', async (_case, authorization, code) => {
    const refused = new Subscriber(stack.url, authorization);
    subscribers.push(refused);
    expect(await refused.waitForClose()).toBe(code);
    expect(refused.events).toEqual([]);
    expect(stack.gateway.stats().subscribers).toBe(0);
  });

  it('accepts the authorization connection parameter in any letter case', async () => {
    const client = connectClient(stack.url, { authorization: basic('testname') });
    try {
      const result = await client.iterate({ query: '{ me { userName } }' }).next();
      expect(result.value).toEqual({ data: { me: { userName: 'testname' } } });
    } finally {
      await client.dispose();
    }
  });

  it('refuses an invalid session id filter before anything goes upstream', async () => {
    const watcher = subscribe('testname', '../../users/x');
    await waitFor(() => watcher.errors.length > 0);
    expect(watcher.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
    expect(stack.gateway.stats().agentStreams).toBe(0);
  });
});

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}
