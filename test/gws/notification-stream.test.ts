import { pino } from 'pino';
import { GwsClient } from '../../src/gws/index.js';
import {
  type GwsError,
  type NotificationStream,
  type NotificationStreamTuning,
} from '../../src/gws/index.js';
import { basic, CometdPeer } from '../support/cometd-peer.js';
import { TEST_GWS_CLIENT_SETTINGS } from '../support/gws-client.js';
import { waitFor } from '../support/wait.js';

/** The origin every sign-in of this test comes from. */
const LOOPBACK = '127.0.0.1';

/** Any channel: SMS notifications are recognised by their content. */
const SMS_SESSIONS_CHANNEL = '/v2/me/smssessions';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const AGENT = 'agent1';
const PASSWORD = 'secret';

/** The opaque name of the agent's upstream HTTP session, which every notification comes with. */
const UPSTREAM = expect.stringMatching(/^[0-9a-f]{16}$/);

const notification = (id: string) => ({
  messageType: 'SMSsessionStateChangeMessage',
  notificationType: 'StatusChange',
  smssession: { id, state: 'Chatting' },
});

describe('NotificationStream against a real CometD peer', () => {
  let peer: CometdPeer;
  let gws: GwsClient;
  const streams: NotificationStream[] = [];

  beforeEach(async () => {
    peer = await CometdPeer.start({ users: { [AGENT]: PASSWORD }, timeoutMs: 500 });
    gws = peer.client(logger);
  });

  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
    gws.close();
    await peer.close();
  });

  function open(password = PASSWORD, tuning: Partial<NotificationStreamTuning> = {}) {
    const session = gws.agentSession(basic(AGENT, password), LOOPBACK);
    const received: { channel: string; data: unknown; upstreamSession?: string | undefined }[] = [];
    const failures: GwsError[] = [];
    let reconnects = 0;
    const stream = gws.openNotificationStream(
      session,
      {
        onNotification: (channel, data, upstreamSession) =>
          received.push({ channel, data, upstreamSession }),
        onReconnected: () => (reconnects += 1),
        onFailure: (error) => failures.push(error),
      },
      tuning,
    );
    streams.push(stream);
    return { session, stream, received, failures, reconnects: () => reconnects };
  }

  /** Opens a stream and waits until the peer's CometD holds its long-poll. */
  async function openConnected(tuning: Partial<NotificationStreamTuning> = {}) {
    const opened = open(PASSWORD, tuning);
    await waitFor(() => opened.stream.state === 'connected' && peer.suspendedConnects() === 1);
    return opened;
  }

  it("handshakes with the agent's credential, JSESSIONID and CSRF token, subscribes and delivers SMS", async () => {
    const { session, received, stream } = await openConnected();

    expect(peer.meRequests).toBe(1);
    expect(peer.handshakes).toHaveLength(1);
    const headers = peer.handshakes[0]?.headers ?? {};
    expect(headers.authorization).toBe(basic(AGENT, PASSWORD));
    expect(headers.cookie).toMatch(/JSESSIONID=[\w-]+/);
    expect(headers['x-csrf-token']).toMatch(/^[\w-]{36}$/);
    expect(peer.subscriptions).toEqual([{ user: AGENT, channel: '/v2/me/*' }]);
    // The cookie CometD set on the handshake went to the agent's jar, shared with REST.
    expect(session.upstreamHeaders().cookie).toMatch(/BAYEUX_BROWSER=\w+/);

    peer.deliver(AGENT, '/v2/me/calls', { messageType: 'CallStateChangeMessage' });
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s2'));
    await waitFor(() => received.length === 2);
    expect(received).toEqual([
      { channel: SMS_SESSIONS_CHANNEL, data: notification('s1'), upstreamSession: UPSTREAM },
      { channel: SMS_SESSIONS_CHANNEL, data: notification('s2'), upstreamSession: UPSTREAM },
    ]);
    expect(stream.state).toBe('connected');
  });

  it('passes a bare Error on as the Error of the SMS operation its referenceId numbers, and no other', async () => {
    const { session, received } = await openConnected();
    const reply = await session.postSmsOperation('0000Na9B26EF006E', {
      operationName: 'CancelConsult',
    });
    const bare = (referenceId: number) => ({
      notificationType: 'Error',
      errorMessage: 'Request failed',
      referenceId,
    });
    // Another client's request of this agent, and one of this session's that failed.
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, bare(Number(reply.referenceId) + 1));
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, bare(Number(reply.referenceId)));
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    await waitFor(() => received.length === 2);
    expect(received[0]).toEqual({
      channel: SMS_SESSIONS_CHANNEL,
      data: {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'Error',
        errorMessage: 'Request failed',
        referenceId: reply.referenceId,
        smssessionPath: '/smssessions/0000Na9B26EF006E',
      },
      upstreamSession: reply.upstreamSession,
    });
    expect(reply.upstreamSession).toEqual(expect.any(String));
    expect(received[1]?.data).toEqual(notification('s1'));
  });

  it('subscribes to every configured channel and passes on SMS notifications from any of them', async () => {
    gws.close();
    gws = peer.client(logger, ['/v2/me/*', '/v2/sms/**']);
    const { received } = await openConnected();
    expect(peer.subscriptions).toEqual([
      { user: AGENT, channel: '/v2/me/*' },
      { user: AGENT, channel: '/v2/sms/**' },
    ]);
    peer.deliver(AGENT, '/v2/me/chats', {
      messageType: 'MessageLogUpdated',
      notificationType: 'NewMessages',
      chatUri: 'http://gws/api/v2/chats/c1',
      messages: [],
    });
    peer.deliver(AGENT, '/v2/sms/deep/topic', notification('s1'));
    await waitFor(() => received.length === 1);
    expect(received).toEqual([
      { channel: '/v2/sms/deep/topic', data: notification('s1'), upstreamSession: UPSTREAM },
    ]);
  });

  it('keeps long-polling across the advised hold without handshaking again', async () => {
    const { received, reconnects } = await openConnected();
    // Two advised holds (500 ms each) pass with no traffic.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    await waitFor(() => received.length === 1);
    expect(peer.handshakes).toHaveLength(1);
    expect(reconnects()).toBe(0);
  });

  it('keeps the agent’s requests in the session that carries its stream, however long unused', async () => {
    gws.close();
    gws = new GwsClient({
      baseUrl: peer.url,
      timeoutMs: 2_000,
      sessionIdleTtlMs: 20,
      maxAgentSessions: 10,
      ...TEST_GWS_CLIENT_SETTINGS,
      logger,
    });
    const { session, stream } = await openConnected();
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Past its idle time: only the open stream keeps it.
    expect(gws.agentSession(basic(AGENT, PASSWORD), LOOPBACK)).toBe(session);
    await stream.close();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(gws.agentSession(basic(AGENT, PASSWORD), LOOPBACK)).not.toBe(session);
  });

  it('re-handshakes, resubscribes and reports it when a restarted service answers 402', async () => {
    const { received, reconnects, stream } = await openConnected();
    peer.restart();
    await waitFor(() => reconnects() === 1);
    expect(stream.state).toBe('connected');
    expect(peer.handshakes).toHaveLength(2);
    expect(peer.subscriptions).toHaveLength(2);
    expect(peer.connectedClients(AGENT)).toBe(1);

    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('after-restart'));
    await waitFor(() => received.length === 1);
    expect(received[0]?.data).toEqual(notification('after-restart'));
  });

  it('re-handshakes when the server ends the CometD session', async () => {
    const { received, reconnects } = await openConnected();
    peer.disconnectAll();
    await waitFor(() => reconnects() === 1);
    expect(peer.handshakes).toHaveLength(2);
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    await waitFor(() => received.length === 1);
  });

  it('gives up on a stalled long-poll after the advised hold plus the margin and reconnects', async () => {
    const { received, reconnects } = await openConnected();
    peer.holdConnects(1);
    await waitFor(() => peer.heldConnects === 1);
    const heldAt = Date.now();
    await waitFor(() => reconnects() === 1);
    // Advised hold 500 ms + watchdog margin 300 ms.
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(700);
    expect(peer.abandonedConnects).toBe(1);
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    await waitFor(() => received.length === 1);
  });

  it.each([
    ['a malformed body', 200, '<html>maintenance</html>'],
    ['a server error', 502, 'Bad gateway'],
  ])('reconnects with backoff after %s', async (_case, status, body) => {
    const { received, reconnects } = await openConnected();
    peer.breakNotifications(3, status, body);
    // Wakes the held long-poll; the next requests meet the broken answers.
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    await waitFor(() => reconnects() === 1);
    expect(peer.handshakes).toHaveLength(2);
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s2'));
    await waitFor(() => received.length === 2);
  });

  it('learns a fresh CSRF token with one GET /api/v2/me when GWS refuses the cached one', async () => {
    const { received, reconnects } = await openConnected();
    peer.expireHttpSessions();
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    await waitFor(() => peer.meRequests === 2);
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s2'));
    await waitFor(() => received.length === 2);
    expect(peer.handshakes).toHaveLength(1);
    expect(reconnects()).toBe(0);
  });

  it('fails for good, without retrying, when GWS refuses the credentials', async () => {
    const { failures, stream } = open('wrong password');
    await waitFor(() => failures.length === 1);
    expect(failures[0]?.kind).toBe('unauthenticated');
    expect(stream.state).toBe('closed');
    // Many backoff periods later, still the one refused GET /api/v2/me.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peer.requests).toBe(1);
    expect(peer.handshakes).toHaveLength(0);
  });

  it('fails for good, without retrying, when GWS denies the handshake', async () => {
    peer.deniedUsers.add(AGENT);
    const { failures, stream } = open();
    await waitFor(() => failures.length === 1);
    expect(failures[0]?.kind).toBe('unauthenticated');
    expect(failures[0]?.message).toMatch(/handshake/);
    expect(stream.state).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peer.handshakes).toHaveLength(1);
  });

  it.each([
    ['held by CometD', false],
    ['stalled at the peer', true],
  ])('close() ends a long-poll %s at once and disconnects', async (_case, stalled) => {
    // A watchdog far away, so only close() can end the long-poll quickly.
    const { stream } = await openConnected({ watchdogMarginMs: 10_000 });
    if (stalled) {
      peer.holdConnects(1);
      await waitFor(() => peer.heldConnects === 1);
    }
    const closingAt = Date.now();
    await stream.close();
    expect(Date.now() - closingAt).toBeLessThan(250);
    expect(stream.state).toBe('closed');
    expect(peer.abandonedConnects).toBe(stalled ? 1 : 0);
    expect(peer.removals).toEqual([{ user: AGENT, timeout: false }]);
    expect(peer.connectedClients()).toBe(0);
  });
});
