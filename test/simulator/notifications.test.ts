import type {
  WireOperationResponse,
  WireSmsMessageLogNotification,
  WireSmsSessionResponse,
  WireSmsStateChangeNotification,
  WireSmsSessionUrisResponse,
} from '../../src/gws/wire.js';
import {
  SEED_SESSION_IDS,
  SimulatorControlError,
  startSimulator,
  type Simulator,
} from '../../simulator/index.js';
import { BayeuxClient, subscribedClient, type BayeuxMessage } from './bayeux-client.js';
import { AgentClient, basicAuthorization, send, controlRequest } from './gws-client.js';

const CONVERSATION = SEED_SESSION_IDS.testnameConversation;
const SEED_CONTACT_URI = 'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041';
const SMS_CHANNEL = '/v2/me/smssessions';
const HANDSHAKE = [
  {
    channel: '/meta/handshake',
    id: '1',
    version: '1.0',
    supportedConnectionTypes: ['long-polling'],
  },
];

let simulator: Simulator;
let testname: AgentClient;
let bfriend: AgentClient;

beforeEach(async () => {
  simulator = await startSimulator();
  testname = new AgentClient(simulator.url, 'testname');
  bfriend = new AgentClient(simulator.url, 'bfriend');
});

afterEach(async () => {
  await simulator.close();
});

function stateChange(message: BayeuxMessage | undefined): WireSmsStateChangeNotification {
  expect(message?.channel).toBe(SMS_CHANNEL);
  return message?.data as unknown as WireSmsStateChangeNotification;
}

function messageLog(message: BayeuxMessage | undefined): WireSmsMessageLogNotification {
  expect(message?.channel).toBe(SMS_CHANNEL);
  return message?.data as unknown as WireSmsMessageLogNotification;
}

function control(method: string, path: string, body?: unknown) {
  return controlRequest(simulator.url, method, path, body);
}

describe('handshake', () => {
  it('is refused without credentials or with a wrong password', async () => {
    const credentials: Record<string, string>[] = [
      {},
      { Authorization: basicAuthorization('testname', 'nope') },
    ];
    for (const headers of credentials) {
      const reply = await send(`${simulator.url}/api/v2/notifications`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(HANDSHAKE),
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual([
        expect.objectContaining({
          channel: '/meta/handshake',
          successful: false,
          error: '403::handshake_denied',
        }),
      ]);
    }
    expect(simulator.notificationStats().testname).toEqual({
      handshakes: 0,
      subscriptions: 0,
      connectedClients: 0,
    });
  });

  it('accepts Basic credentials alone, with neither HTTP session nor CSRF token', async () => {
    const basicOnly = await send(`${simulator.url}/api/v2/notifications/handshake`, {
      method: 'POST',
      headers: {
        Authorization: basicAuthorization('testname'),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(HANDSHAKE),
    });
    expect(basicOnly.body).toEqual([
      expect.objectContaining({ successful: true, clientId: expect.any(String) }),
    ]);
  });

  it('accepts the session cookie alone in place of Basic credentials', async () => {
    await testname.signIn();
    const reply = await send(`${simulator.url}/api/v2/notifications`, {
      method: 'POST',
      headers: {
        Cookie: testname.cookie ?? '',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(HANDSHAKE),
    });
    expect(reply.body).toEqual([expect.objectContaining({ successful: true })]);
  });

  it('keeps polling a client whose HTTP session’s CSRF token expired', async () => {
    const client = await subscribedClient(testname);
    simulator.expireCsrfTokens();
    const [reply] = await client.connect(0);
    expect(reply).toMatchObject({ channel: '/meta/connect', successful: true });
  });
});

describe('delivery', () => {
  it("gives each agent only their own sessions' notifications", async () => {
    const testnameEvents = await subscribedClient(testname);
    const bfriendEvents = await subscribedClient(bfriend);
    simulator.sendCustomerMessage(CONVERSATION, 'Where is my parcel?');

    const [delivered] = await testnameEvents.collect(1);
    expect(messageLog(delivered)).toMatchObject({
      messageType: 'MessageLogUpdated',
      notificationType: 'NewMessages',
      smssessionUri: `${simulator.url}/api/v2/smssessions/${CONVERSATION}`,
      smssessionPath: `/smssessions/${CONVERSATION}`,
      messages: [
        expect.objectContaining({
          index: 5,
          type: 'Text',
          text: 'Where is my parcel?',
          from: expect.objectContaining({ nickname: 'FirstL', type: 'Customer' }) as unknown,
        }),
      ],
    });
    expect(await bfriendEvents.drain(300)).toEqual([]);
  });

  it("does not let an agent poll with another agent's clientId", async () => {
    const testnameEvents = await subscribedClient(testname);
    await bfriend.signIn();
    const intruder = new BayeuxClient(bfriend);
    intruder.clientId = testnameEvents.clientId;
    const [reply] = await intruder.connect(0);
    expect(reply).toMatchObject({ successful: false, advice: { reconnect: 'handshake' } });
    expect(reply?.error).toMatch(/^402::/);
  });

  it('refuses publishing by clients', async () => {
    const client = await subscribedClient(testname);
    const [reply] = await client.exchange([
      { channel: SMS_CHANNEL, clientId: client.clientId, data: { messageType: 'Spoof' } },
    ]);
    expect(reply).toMatchObject({ successful: false, error: '403::publish_denied' });
  });

  it('honours the /v2/me/* and /** wildcard subscriptions', async () => {
    const oneLevel = await subscribedClient(testname, '/v2/me/*');
    const everything = await subscribedClient(new AgentClient(simulator.url, 'testname'), '/**');
    const unrelated = await subscribedClient(
      new AgentClient(simulator.url, 'testname'),
      '/v2/me/calls',
    );
    simulator.sendCustomerMessage(CONVERSATION, 'Hello?');
    expect(await oneLevel.collect(1)).toHaveLength(1);
    expect(await everything.collect(1)).toHaveLength(1);
    expect(await unrelated.drain(300)).toEqual([]);
  });
});

describe('Invite notifications', () => {
  it('sends ParticipantsUpdated then NewMessages with the referenceId', async () => {
    const testnameEvents = await subscribedClient(testname);
    const bfriendEvents = await subscribedClient(bfriend, '/**');
    const reply = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    const { referenceId } = reply.body as WireOperationResponse;
    expect(referenceId).toBe(1);

    const [updated, added] = await testnameEvents.collect(2);
    expect(stateChange(updated)).toMatchObject({
      messageType: 'SMSsessionStateChangeMessage',
      notificationType: 'ParticipantsUpdated',
      referenceId,
      smssession: {
        id: CONVERSATION,
        state: 'Chatting',
        participants: [
          expect.objectContaining({ nickname: 'FirstL' }),
          expect.objectContaining({ nickname: 'TestName' }),
          expect.objectContaining({ nickname: 'BFriend', type: 'Agent' }),
        ],
        capabilities: expect.arrayContaining(['SendToAgents']) as unknown,
      },
    });
    expect(messageLog(added)).toMatchObject({
      messageType: 'MessageLogUpdated',
      notificationType: 'NewMessages',
      referenceId,
      smssessionUri: `${simulator.url}/api/v2/smssessions/${CONVERSATION}`,
      messages: [
        expect.objectContaining({
          index: 5,
          type: 'ParticipantJoined',
          visibility: 'All',
          from: expect.objectContaining({ nickname: 'BFriend' }) as unknown,
        }),
      ],
    });

    // BFriend auto-answers: as after an Accept, their state, the participants, then the whole
    // history, all without the inviter's referenceId.
    const [invitedStatus, invitedUpdate, invitedHistory] = await bfriendEvents.collect(3);
    expect(stateChange(invitedStatus)).toMatchObject({
      notificationType: 'StatusChange',
      smssession: { id: CONVERSATION, state: 'Chatting' },
    });
    expect(stateChange(invitedUpdate)).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      smssession: { id: CONVERSATION, state: 'Chatting' },
    });
    for (const notification of [invitedStatus, invitedUpdate, invitedHistory]) {
      expect(notification?.data?.referenceId).toBeUndefined();
    }
    expect(messageLog(invitedHistory).messages.map((message) => message.index)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('reports an unresolvable target as an Error with the referenceId', async () => {
    const events = await subscribedClient(testname);
    await testname.operation(CONVERSATION, { operationName: 'Invite', targetPath: '/users/x' });
    const reply = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: 'http://localhost:8080/api/v2/queues/no-such-queue',
    });
    expect(reply.body).toEqual({ statusCode: 0, referenceId: 2 });
    const [first, second] = await events.collect(2);
    expect(stateChange(first)).toMatchObject({ notificationType: 'Error', referenceId: 1 });
    expect(stateChange(second)).toEqual({
      messageType: 'SMSsessionStateChangeMessage',
      notificationType: 'Error',
      errorMessage: 'Operation failed',
      referenceId: 2,
      smssession: expect.objectContaining({ id: CONVERSATION, state: 'Chatting' }) as unknown,
    });
  });
});

describe('contact-centre events through the control API', () => {
  it('offers a new inbound session to an agent', async () => {
    const events = await subscribedClient(testname);
    const created = await control('POST', '/sessions', {
      userName: 'testname',
      customerNickname: 'NewCustomer',
      text: 'Hi there',
    });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(id).toMatch(/^[0-9A-Za-z]{16}$/);

    const [offered] = await events.collect(1);
    expect(stateChange(offered)).toMatchObject({
      notificationType: 'StatusChange',
      smssession: { id, state: 'Invited', participants: [], capabilities: ['Accept', 'Reject'] },
    });
    const list = await testname.get('/api/v2/me/smssessions');
    expect((list.body as WireSmsSessionUrisResponse).uris).toContain(
      `${simulator.url}/api/v2/smssessions/${id}`,
    );
    const customerView = await control('GET', `/sessions/${id}/customer-view`);
    expect(customerView.body).toEqual({
      messages: [
        expect.objectContaining({ index: 1, type: 'ParticipantJoined' }),
        expect.objectContaining({ index: 2, type: 'Text', text: 'Hi there' }),
      ],
    });
  });

  it('injects a customer message', async () => {
    const events = await subscribedClient(testname);
    const reply = await control('POST', `/sessions/${CONVERSATION}/customer-messages`, {
      text: 'Any news?',
    });
    expect(reply.status).toBe(204);
    const [added] = await events.collect(1);
    expect(messageLog(added).messages).toEqual([
      expect.objectContaining({ type: 'Text', text: 'Any news?', visibility: 'All' }),
    ]);
  });

  it('lets a participant leave: ParticipantLeft, then ParticipantsUpdated', async () => {
    const events = await subscribedClient(testname);
    const reply = await control(
      'POST',
      `/sessions/${CONVERSATION}/participants/009052CB056C00E5/leave`,
    );
    expect(reply.status).toBe(204);
    const [left, updated] = await events.collect(2);
    expect(messageLog(left).messages).toEqual([
      expect.objectContaining({
        type: 'ParticipantLeft',
        from: expect.objectContaining({ nickname: 'FirstL' }) as unknown,
      }),
    ]);
    expect(stateChange(updated)).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      smssession: { participants: [expect.objectContaining({ nickname: 'TestName' })] },
    });
    const again = await control('POST', `/sessions/${CONVERSATION}/customer-messages`, {
      text: 'Still there?',
    });
    expect(again.status).toBe(409);
  });

  it('moves an agent who leaves a conference to Completed and tells the others', async () => {
    const testnameEvents = await subscribedClient(testname);
    await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    await testnameEvents.collect(2);
    const session = await bfriend.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    const { smssession } = session.body as WireSmsSessionResponse;
    const bfriendParticipant = smssession?.participants?.find((p) => p.nickname === 'BFriend');

    simulator.participantLeaves(CONVERSATION, bfriendParticipant?.participantId ?? '');
    const [left, updated] = await testnameEvents.collect(2);
    expect(messageLog(left).messages[0]).toMatchObject({ type: 'ParticipantLeft' });
    expect(stateChange(updated).smssession?.capabilities).not.toContain('SendToAgents');
    const after = await bfriend.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    expect(after.body).toMatchObject({ smssession: { state: 'Completed', capabilities: [] } });
  });

  it('shows the customer only messages meant for everyone', async () => {
    const reply = await control('GET', `/sessions/${CONVERSATION}/customer-view`);
    expect((reply.body as { messages: { visibility: string }[] }).messages).toHaveLength(4);
    expect(simulator.customerView(CONVERSATION).every((m) => m.visibility === 'All')).toBe(true);
  });

  it('refuses unknown sessions, agents and bad bodies', async () => {
    expect((await control('POST', '/sessions', { userName: 'nobody' })).status).toBe(400);
    expect((await control('POST', '/sessions', { userName: 'testname', text: 5 })).status).toBe(
      400,
    );
    const unknown = await control('POST', '/sessions/0000NOPE00000000/customer-messages', {
      text: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: expect.any(String) });
    expect(() => simulator.sendCustomerMessage(CONVERSATION, '')).toThrow(SimulatorControlError);
  });
});

describe('restart and statistics', () => {
  it('counts handshakes, subscriptions and connected clients per agent', async () => {
    await subscribedClient(testname);
    await subscribedClient(new AgentClient(simulator.url, 'testname'), '/v2/me/*');
    const reply = await control('GET', '/notifications/stats');
    expect(reply.body).toEqual({
      testname: { handshakes: 2, subscriptions: 2, connectedClients: 2 },
      bfriend: { handshakes: 0, subscriptions: 0, connectedClients: 0 },
      cdoe: { handshakes: 0, subscriptions: 0, connectedClients: 0 },
      dlee: { handshakes: 0, subscriptions: 0, connectedClients: 0 },
    });
  });

  it('forgets every client: a held poll drops, the next connect gets 402 and handshake advice', async () => {
    const events = await subscribedClient(testname);
    const heldPoll = events.connect(10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await control('POST', '/notifications/restart')).status).toBe(204);
    await expect(heldPoll).rejects.toThrow();

    const [reply] = await events.connect(0);
    expect(reply).toMatchObject({
      channel: '/meta/connect',
      successful: false,
      advice: { reconnect: 'handshake' },
    });
    expect(reply?.error).toMatch(/^402::/);
    expect(simulator.notificationStats().testname).toEqual({
      handshakes: 1,
      subscriptions: 1,
      connectedClients: 0,
    });

    expect(await events.handshake()).toMatchObject({ successful: true });
    expect(simulator.notificationStats().testname?.handshakes).toBe(2);
  });

  it('ends held long-polls on close', async () => {
    const events = await subscribedClient(testname);
    const heldPoll = events.connect(20_000).catch(() => []);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await simulator.close();
    await heldPoll;
    expect(Date.now() - started).toBeLessThan(1_000);
    simulator = await startSimulator();
  });
});

describe('demo scenario', () => {
  it('has simulated customers write in the live conversations', async () => {
    await simulator.close();
    simulator = await startSimulator({ demoScenario: true, demoIntervalMs: 100 });
    const events = await subscribedClient(new AgentClient(simulator.url, 'testname'));
    const [written] = await events.collect(1, 2_000);
    expect(messageLog(written)).toMatchObject({
      notificationType: 'NewMessages',
      messages: [
        expect.objectContaining({
          type: 'Text',
          from: expect.objectContaining({ type: 'Customer' }),
        }),
      ],
    });
  });

  it('refuses an interval too short to be a demo', async () => {
    await expect(startSimulator({ demoScenario: true, demoIntervalMs: 1 })).rejects.toThrow(
      RangeError,
    );
  });
});
