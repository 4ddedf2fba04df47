/**
 * The simulator with the real CometD JavaScript client in Node (long-polling only, the
 * transport GWS 8.5 documents), as a gateway would use it.
 */
import { CometD, type Message } from 'cometd';
import { adapt } from 'cometd-nodejs-client';
import { SEED_SESSION_IDS, startSimulator, type Simulator } from '../../simulator/index.js';
import { AgentClient, basicAuthorization } from './gws-client.js';

adapt();

let simulator: Simulator;
let cometd: CometD;

beforeEach(async () => {
  simulator = await startSimulator();
});

afterEach(async () => {
  await new Promise<void>((resolve) => cometd.disconnect(() => resolve()));
  await simulator.close();
});

/** A CometD client carrying the agent's credentials, session cookie and CSRF token. */
async function connectedClient(agent: AgentClient): Promise<CometD> {
  await agent.signIn();
  const client = new CometD();
  client.unregisterTransport('websocket');
  client.configure({
    url: `${simulator.url}/api/v2/notifications`,
    logLevel: 'warn',
    requestHeaders: {
      Authorization: basicAuthorization(agent.userName),
      Cookie: agent.cookie,
      'X-CSRF-TOKEN': agent.csrfToken,
    },
  });
  await new Promise<void>((resolve, reject) =>
    client.handshake((reply) => (reply.successful ? resolve() : reject(new Error(reply.error)))),
  );
  return client;
}

/** Subscribes; resolves `subscribed` once confirmed and `messages` once `count` have arrived. */
function subscribe(client: CometD, channel: string, count: number) {
  const received: Message[] = [];
  let deliver: (messages: Message[]) => void = () => undefined;
  const messages = new Promise<Message[]>((resolve) => (deliver = resolve));
  const subscribed = new Promise<void>((resolve, reject) =>
    client.subscribe(
      channel,
      (message) => {
        received.push(message);
        if (received.length === count) deliver(received);
      },
      (reply) => (reply.successful ? resolve() : reject(new Error(reply.error))),
    ),
  );
  return { subscribed, messages };
}

it('delivers Invite notifications to a subscribed long-polling client', async () => {
  const testname = new AgentClient(simulator.url, 'testname');
  cometd = await connectedClient(testname);
  const { subscribed, messages } = subscribe(cometd, '/v2/me/smssessions', 2);
  await subscribed;
  const reply = await testname.operation(SEED_SESSION_IDS.testnameConversation, {
    operationName: 'Invite',
    // BFriend auto-answers, so the invite takes effect at once.
    targetPath: '/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d702',
  });
  expect(reply.body).toEqual({ statusCode: 0, referenceId: 1 });
  const [updated, added] = await messages;
  expect(updated?.data).toMatchObject({ notificationType: 'ParticipantsUpdated', referenceId: 1 });
  expect(added?.data).toMatchObject({ notificationType: 'NewMessages', referenceId: 1 });
});

it('re-handshakes on its own after the notification service restarts', async () => {
  cometd = await connectedClient(new AgentClient(simulator.url, 'bfriend'));
  const handshakes: Message[] = [];
  cometd.addListener('/meta/handshake', (message) => handshakes.push(message));
  await new Promise((resolve) => setTimeout(resolve, 100));
  simulator.restartNotifications();
  const deadline = Date.now() + 5_000;
  while (!handshakes.some((message) => message.successful) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(handshakes.some((message) => message.successful)).toBe(true);
  expect(simulator.notificationStats().bfriend).toMatchObject({
    handshakes: 2,
    connectedClients: 1,
  });
});
