import { basic, CometdPeer } from '../support/cometd-peer.js';
import { startStack, type Stack } from '../support/stack.js';
import { Subscriber, type ReceivedEvent } from '../support/subscriber.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

const USER = 'agent1';
const PASSWORD = 'secret1';
const SESSION = '0000Na9B26EF00C1';
/**
 * Long enough for a doubling backoff to matter: after 14 s of outage, a backoff of 1 s doubling per
 * failure (with jitter) has its next try 5 s or more away nine times in ten.
 */
const OUTAGE_MS = 14_000;
/** The target: live events again within this long of GWS being back. */
const RECOVERY_MS = 5_000;
/**
 * Connections GWS may see per second while it is down: the policy's one probe a second, a GET,
 * which the transport sends once more when the connection is reset.
 */
const CONNECTIONS_PER_PROBE = 2;

const QUERY = `subscription ($id: ID) {
  smsSessionEvents(id: $id) { __typename sessionId ... on SmsMessagesAdded { messages { text } } }
}`;

function newMessage(text: string) {
  return {
    messageType: 'MessageLogUpdated',
    notificationType: 'NewMessages',
    smssessionUri: `http://gws.example.com/api/v2/me/smssessions/${SESSION}`,
    messages: [{ index: 1, type: 'Text', visibility: 'All', text }],
  };
}

function texts(events: readonly ReceivedEvent[]): string[] {
  return events.flatMap((event) =>
    event.__typename === 'SmsMessagesAdded'
      ? (event.messages as { text: string }[]).map((message) => message.text)
      : [],
  );
}

/** Sends a new live notification every 100 ms until the subscriber has received one of them. */
async function liveAgain(peer: CometdPeer, subscriber: Subscriber, tag: string): Promise<void> {
  const sent = new Set<string>();
  await waitFor(async () => {
    if (texts(subscriber.events).some((text) => sent.has(text))) return true;
    const text = `${tag} ${sent.size}`;
    sent.add(text);
    peer.deliver(USER, '/v2/me/sms', newMessage(text));
    await new Promise((resolve) => setTimeout(resolve, 100));
    return false;
  }, 20_000);
}

describe('live events after GWS comes back', () => {
  let peer: CometdPeer;
  let proxy: TcpProxy;
  let stack: Stack;
  let subscriber: Subscriber;

  beforeEach(async () => {
    peer = await CometdPeer.start({ users: { [USER]: PASSWORD }, timeoutMs: 1_000 });
    proxy = await startTcpProxy(peer.url);
    // The gateway's default reconnection policy: no tuning.
    stack = await startStack({ gwsBaseUrl: proxy.url });
  });

  afterEach(async () => {
    await subscriber.dispose();
    await stack.close();
    await proxy.close();
    await peer.close();
  });

  it('resume within 5 s of GWS being back after a long outage, with one probe a second meanwhile', async () => {
    subscriber = new Subscriber(stack.url, basic(USER, PASSWORD), { query: QUERY });
    await liveAgain(peer, subscriber, 'before');

    proxy.goDown();
    const refusedBefore = proxy.refusedConnections;
    await waitFor(() => stack.gateway.stats().agentStreamsByState.reconnecting === 1);
    // The outage's length is the scenario itself, not a wait for something to happen.
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const refusedDuringOutage = proxy.refusedConnections - refusedBefore;
    proxy.comeBack();
    const back = Date.now();

    await liveAgain(peer, subscriber, 'after');
    expect(Date.now() - back).toBeLessThan(RECOVERY_MS);
    expect(refusedDuringOutage).toBeLessThanOrEqual(
      CONNECTIONS_PER_PROBE * (Math.ceil(OUTAGE_MS / 1_000) + 1),
    );
    expect(subscriber.closeCode).toBeUndefined();
  }, 40_000);
});
