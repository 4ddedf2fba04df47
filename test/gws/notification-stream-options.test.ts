import { pino } from 'pino';
import type { GwsClient, GwsError } from '../../src/gws/index.js';
import {
  NotificationStream,
  type NotificationStreamOptions,
} from '../../src/gws/notification-stream.js';
import { ReconnectGate } from '../../src/gws/reconnect-policy.js';
import { basic, CometdPeer } from '../support/cometd-peer.js';
import { waitFor } from '../support/wait.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const AGENT = 'agent1';
const PASSWORD = 'secret';
const SMS_SESSIONS_CHANNEL = '/v2/me/smssessions';

const notification = (id: string) => ({
  messageType: 'SMSsessionStateChangeMessage',
  notificationType: 'StatusChange',
  smssession: { id, state: 'Chatting' },
});

describe('NotificationStream options', () => {
  let peer: CometdPeer;
  let gws: GwsClient;
  /** GWS answers at once here: a broken stream waits only for the pause its policy gives. */
  let gate: ReconnectGate;
  const streams: NotificationStream[] = [];

  beforeEach(async () => {
    peer = await CometdPeer.start({ users: { [AGENT]: PASSWORD }, timeoutMs: 500 });
    gws = peer.client(logger);
    gate = new ReconnectGate({
      probe: () => Promise.resolve(true),
      probeIntervalMs: 1_000,
      handshakesPerSecond: 500,
    });
  });

  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
    gate.close();
    gws.close();
    await peer.close();
  });

  function open(password: string, options: Partial<NotificationStreamOptions> = {}) {
    const received: unknown[] = [];
    const failures: GwsError[] = [];
    let reconnects = 0;
    let ended = 0;
    const stream = new NotificationStream(
      gws.agentSession(basic(AGENT, password), '127.0.0.1'),
      {
        onNotification: (_channel, data) => received.push(data),
        onReconnected: () => (reconnects += 1),
        onFailure: (error) => failures.push(error),
      },
      {
        requestTimeoutMs: 2_000,
        backoffInitialMs: 40,
        backoffMaxMs: 200,
        watchdogMarginMs: 300,
        channels: ['/v2/me/*'],
        reconnectGate: gate,
        logger,
        ended: () => (ended += 1),
        ...options,
      },
    );
    streams.push(stream);
    return {
      stream,
      received,
      failures,
      reconnects: () => reconnects,
      ended: () => ended,
    };
  }

  it('pauses as the injected retry policy says, counting breaks in a row until a long-poll is answered', async () => {
    const asked: number[] = [];
    const { stream, received, reconnects } = open(PASSWORD, {
      retryDelayMs: (failures) => {
        asked.push(failures);
        return 0;
      },
    });
    await waitFor(() => stream.state === 'connected' && peer.suspendedConnects() === 1);

    // The held long-poll is answered; the next one and two handshakes meet a broken GWS.
    peer.breakNotifications(3, 502, 'Bad gateway');
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s1'));
    await waitFor(() => reconnects() === 1 && peer.suspendedConnects() === 1);
    expect(asked).toEqual([0, 1, 2]);

    // A long-poll has been answered since: the next break is the first in a row again.
    peer.breakNotifications(1, 502, 'Bad gateway');
    peer.deliver(AGENT, SMS_SESSIONS_CHANNEL, notification('s2'));
    await waitFor(() => reconnects() === 2);
    expect(asked).toEqual([0, 1, 2, 0]);
    expect(received).toEqual([notification('s1'), notification('s2')]);
  });

  it('tells `ended` once, when a stream that failed is closed too', async () => {
    const { stream, failures, ended } = open('wrong password');
    await waitFor(() => failures.length === 1);
    expect(ended()).toBe(1);
    await stream.close();
    expect(ended()).toBe(1);
  });
});
