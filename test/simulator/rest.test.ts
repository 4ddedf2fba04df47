import type {
  WireChannelsResponse,
  WireMeResponse,
  WireMessagesResponse,
  WireOperationResponse,
  WireSmsSessionListResponse,
  WireSmsSessionResponse,
  WireSmsSessionUrisResponse,
} from '../../src/gws/wire.js';
import {
  DEMO_QUEUES,
  SEED_SESSION_IDS,
  SimulatorControlError,
  startSimulator,
  type Simulator,
} from '../../simulator/index.js';
import { AgentClient, basicAuthorization, send } from './gws-client.js';
import { CHATTING_ALONE, CONFERENCE } from '../support/capability-samples.js';

const TESTNAME_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d701';
const BFRIEND_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d702';
const CDOE_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';
const SEED_CONTACT_URI = 'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041';
const CONVERSATION = SEED_SESSION_IDS.testnameConversation;

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

describe('authentication', () => {
  it('refuses a request without credentials with 401 and statusCode 20', async () => {
    const reply = await send(`${simulator.url}/api/v2/me`);
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({ statusCode: 20, statusMessage: 'Not authenticated' });
  });

  it('refuses a wrong password the same way', async () => {
    const reply = await send(`${simulator.url}/api/v2/me/smssessions`, {
      headers: { Authorization: basicAuthorization('testname', 'wrong') },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ statusCode: 20 });
  });

  it('answers GET /api/v2/me with the user', async () => {
    const reply = await testname.signIn();
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual<WireMeResponse>({
      statusCode: 0,
      user: {
        id: TESTNAME_ID,
        userName: 'testname',
        firstName: 'Test',
        lastName: 'Name',
        roles: ['ROLE_AGENT'],
        enabled: true,
        uri: `${simulator.url}/api/v2/users/${TESTNAME_ID}`,
        path: `/users/${TESTNAME_ID}`,
      },
    });
  });

  it('lists the demo agents with their credentials', () => {
    expect(simulator.agents.map((agent) => [agent.userName, agent.password, agent.id])).toEqual([
      ['testname', 'demo', TESTNAME_ID],
      ['bfriend', 'demo', BFRIEND_ID],
      ['cdoe', 'demo', CDOE_ID],
      ['dlee', 'demo', '8ae7d9e1e8a94b6fb8a4e1f9b3c5d704'],
    ]);
  });
});

describe('HTTP session and CSRF', () => {
  it('sets JSESSIONID once and sends the CSRF headers on every GET', async () => {
    const first = await testname.signIn();
    expect(first.headers.get('set-cookie')).toMatch(/^JSESSIONID=[0-9A-F]{32}; Path=\/; HttpOnly$/);
    expect(first.headers.get('x-csrf-header')).toBe('X-CSRF-TOKEN');
    const token = first.headers.get('x-csrf-token');
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const second = await testname.get('/api/v2/me/smssessions');
    expect(second.headers.get('set-cookie')).toBeNull();
    expect(second.headers.get('x-csrf-token')).toBe(token);
  });

  it('gives another agent presenting this cookie a session of their own', async () => {
    await testname.signIn();
    bfriend.cookie = testname.cookie;
    const reply = await bfriend.signIn();
    expect(reply.headers.get('set-cookie')).toMatch(/^JSESSIONID=/);
    expect(bfriend.cookie).not.toBe(testname.cookie);
  });

  it('refuses a POST without the token with 403', async () => {
    await testname.signIn();
    testname.csrfToken = undefined;
    const reply = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toBe('Missing or invalid Csrf token');
  });

  it('refuses a POST with the token but without the session cookie', async () => {
    await testname.signIn();
    testname.cookie = undefined;
    const reply = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    expect(reply.status).toBe(403);
  });

  it('refuses an expired token until a GET hands out a fresh one', async () => {
    await testname.signIn();
    const oldToken = testname.csrfToken;
    simulator.expireCsrfTokens();
    const refused = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    expect(refused.status).toBe(403);

    await testname.get('/api/v2/me');
    expect(testname.csrfToken).not.toBe(oldToken);
    const accepted = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ statusCode: 0 });
  });

  it('needs neither token nor cookie with csrf off, and sends no CSRF headers', async () => {
    await simulator.close();
    simulator = await startSimulator({ csrf: false });
    const client = new AgentClient(simulator.url, 'testname');
    const get = await client.get('/api/v2/me');
    expect(get.headers.get('x-csrf-token')).toBeNull();
    const reply = await new AgentClient(simulator.url, 'testname').operation(CONVERSATION, {
      operationName: 'Invite',
      targetPath: `/users/${BFRIEND_ID}`,
    });
    expect(reply.body).toEqual({ statusCode: 0, referenceId: 1 });
  });
});

describe('reading SMS sessions', () => {
  it('lists uris without fields', async () => {
    const reply = await testname.get('/api/v2/me/smssessions');
    expect(reply.body).toEqual<WireSmsSessionUrisResponse>({
      statusCode: 0,
      uris: [
        SEED_SESSION_IDS.testnameConversation,
        SEED_SESSION_IDS.testnameSecondConversation,
        SEED_SESSION_IDS.testnameOffer,
        SEED_SESSION_IDS.testnameCompleted,
      ].map((id) => `${simulator.url}/api/v2/smssessions/${id}`),
    });
  });

  it('lists full sessions with fields=*', async () => {
    const reply = await testname.get('/api/v2/me/smssessions?fields=*');
    const { smssessions } = reply.body as WireSmsSessionListResponse;
    expect(smssessions?.map((session) => [session.id, session.state])).toEqual([
      [SEED_SESSION_IDS.testnameConversation, 'Chatting'],
      [SEED_SESSION_IDS.testnameSecondConversation, 'Chatting'],
      [SEED_SESSION_IDS.testnameOffer, 'Invited'],
      [SEED_SESSION_IDS.testnameCompleted, 'Completed'],
    ]);
    expect(smssessions?.[0]).toEqual({
      id: CONVERSATION,
      state: 'Chatting',
      uri: `${simulator.url}/api/v2/smssessions/${CONVERSATION}`,
      path: `/smssessions/${CONVERSATION}`,
      participants: [
        { participantId: '009052CB056C00E5', nickname: 'FirstL', type: 'Customer' },
        { participantId: '009052CB057100E7', nickname: 'TestName', type: 'Agent' },
      ],
      capabilities: CHATTING_ALONE,
      userData: expect.objectContaining({ OrderNumber: 48213 }) as unknown,
    });
    expect(smssessions?.[2]).toMatchObject({
      participants: [],
      capabilities: ['Accept', 'Reject'],
    });
    expect(smssessions?.[3]).toMatchObject({ participants: [], capabilities: [] });
  });

  it('returns only the listed fields, and the id, with a field list', async () => {
    const reply = await testname.get('/api/v2/me/smssessions?fields=state');
    const { smssessions } = reply.body as WireSmsSessionListResponse;
    expect(smssessions?.[0]).toEqual({ id: CONVERSATION, state: 'Chatting' });
  });

  it('returns one session, tolerating a trailing slash', async () => {
    const reply = await testname.get(`/api/v2/me/smssessions/${CONVERSATION}/`);
    expect(reply.status).toBe(200);
    expect((reply.body as WireSmsSessionResponse).smssession).toMatchObject({
      id: CONVERSATION,
      state: 'Chatting',
    });
  });

  it("hides other agents' sessions (404, statusCode 6)", async () => {
    const reply = await bfriend.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ statusCode: 6 });
    const list = await bfriend.get('/api/v2/me/smssessions');
    expect(list.body).toEqual({
      statusCode: 0,
      uris: [`${simulator.url}/api/v2/smssessions/${SEED_SESSION_IDS.bfriendConversation}`],
    });
  });

  it('answers an unknown session and an unknown path with 404, statusCode 6', async () => {
    const unknownSession = await testname.get('/api/v2/me/smssessions/0000NOPE00000000');
    expect(unknownSession.status).toBe(404);
    expect(unknownSession.body).toMatchObject({ statusCode: 6 });
    const unknownPath = await testname.get('/api/v2/me/calls');
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.headers.get('content-type')).toBe('application/json');
    expect(unknownPath.body).toMatchObject({ statusCode: 6 });
  });
});

describe('messages', () => {
  const messagesPath = `/api/v2/me/smssessions/${CONVERSATION}/messages`;

  async function indices(query: string): Promise<number[]> {
    const reply = await testname.get(`${messagesPath}${query}`);
    expect(reply.status).toBe(200);
    return (reply.body as WireMessagesResponse).messages?.map((message) => message.index) ?? [];
  }

  it('returns the transcript in the GWS shape', async () => {
    const reply = await testname.get(messagesPath);
    const { messages } = reply.body as WireMessagesResponse;
    expect(
      messages?.map((message) => [message.index, message.type, message.from?.nickname]),
    ).toEqual([
      [1, 'ParticipantJoined', 'FirstL'],
      [2, 'Text', 'FirstL'],
      [3, 'ParticipantJoined', 'TestName'],
      [4, 'Text', 'TestName'],
    ]);
    expect(messages?.[1]).toMatchObject({
      text: 'Hi, I need help with my order',
      visibility: 'All',
      from: { participantId: '009052CB056C00E5', type: 'Customer', visibility: 'All' },
    });
    expect(messages?.[1]?.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(new Date(messages?.[1]?.timestampSeconds ?? 0).toISOString().slice(0, 23)).toBe(
      messages?.[1]?.timestamp?.replace(' ', 'T').slice(0, 23),
    );
    expect(messages?.[3]?.from).toEqual({
      participantId: '009052CB057100E7',
      nickname: 'TestName',
      type: 'Agent',
      uri: `${simulator.url}/api/v2/users/${TESTNAME_ID}`,
      path: `/users/${TESTNAME_ID}`,
      visibility: 'All',
    });
  });

  it('pages with startIndex and count, where 0 means 1 and all', async () => {
    expect(await indices('?startIndex=2&count=2')).toEqual([2, 3]);
    expect(await indices('?startIndex=3')).toEqual([3, 4]);
    expect(await indices('?startIndex=0&count=0')).toEqual([1, 2, 3, 4]);
    expect(await indices('?count=1')).toEqual([1]);
    expect(await indices('?startIndex=9')).toEqual([]);
  });

  it('refuses a non-numeric or negative value with statusCode 10', async () => {
    for (const query of ['?startIndex=abc', '?count=-1', '?startIndex=1.5']) {
      const reply = await testname.get(`${messagesPath}${query}`);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ statusCode: 10 });
    }
  });
});

describe('Invite', () => {
  beforeEach(async () => {
    await testname.signIn();
  });

  it("puts the seed contact's agent into the seed session (userUri, no /me)", async () => {
    const reply = await testname.post(`/api/v2/smssessions/${CONVERSATION}`, {
      operationName: 'Invite',
      userUri: SEED_CONTACT_URI,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual<WireOperationResponse>({ statusCode: 0, referenceId: 1 });

    const session = await testname.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    const { smssession } = session.body as WireSmsSessionResponse;
    expect(smssession?.participants?.map((participant) => participant.nickname)).toEqual([
      'FirstL',
      'TestName',
      'BFriend',
    ]);
    expect(smssession?.capabilities).toEqual(CONFERENCE);

    const messages = await testname.get(
      `/api/v2/me/smssessions/${CONVERSATION}/messages?startIndex=5`,
    );
    expect((messages.body as WireMessagesResponse).messages).toEqual([
      expect.objectContaining({
        index: 5,
        type: 'ParticipantJoined',
        visibility: 'All',
        from: expect.objectContaining({
          nickname: 'BFriend',
          path: `/users/${BFRIEND_ID}`,
        }) as unknown,
      }),
    ]);
  });

  it('lets the invited agent see the session', async () => {
    await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    const list = await bfriend.get('/api/v2/me/smssessions');
    expect((list.body as WireSmsSessionUrisResponse).uris).toContain(
      `${simulator.url}/api/v2/smssessions/${CONVERSATION}`,
    );
    const session = await bfriend.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    expect(session.status).toBe(200);
    expect((session.body as WireSmsSessionResponse).smssession).toMatchObject({
      state: 'Chatting',
      capabilities: expect.arrayContaining(['SendToAgents']) as unknown,
    });
  });

  it('invites by targetPath and through a queue, numbering requests per HTTP session', async () => {
    const byPath = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetPath: `/users/${BFRIEND_ID}`,
    });
    expect(byPath.body).toEqual({ statusCode: 0, referenceId: 1 });
    const queue = DEMO_QUEUES[0];
    const byQueue = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: `http://gws.example.com/api/v2/queues/${queue?.id ?? ''}`,
    });
    expect(byQueue.body).toEqual({ statusCode: 0, referenceId: 2 });

    // BFriend auto-answers and is in; the queue's CDoe does not, and is offered the session.
    const session = await testname.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    expect(
      (session.body as WireSmsSessionResponse).smssession?.participants?.map((p) => p.nickname),
    ).toEqual(['FirstL', 'TestName', 'BFriend']);
    const cdoe = new AgentClient(simulator.url, 'cdoe');
    const offered = await cdoe.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    expect((offered.body as WireSmsSessionResponse).smssession).toMatchObject({
      state: 'Invited',
      capabilities: ['Accept', 'Reject'],
    });
  });

  it('accepts an unresolvable target and leaves the session unchanged', async () => {
    const reply = await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetPath: '/users/00000000000000000000000000000000',
    });
    expect(reply.body).toEqual({ statusCode: 0, referenceId: 1 });
    const session = await testname.get(`/api/v2/me/smssessions/${CONVERSATION}`);
    expect((session.body as WireSmsSessionResponse).smssession?.participants).toHaveLength(2);
  });

  it('answers statusCode 1 without a target or operationName', async () => {
    const noTarget = await testname.operation(CONVERSATION, { operationName: 'Invite' });
    expect(noTarget.status).toBe(200);
    expect(noTarget.body).toMatchObject({ statusCode: 1, statusMessage: expect.any(String) });
    const noOperation = await testname.operation(CONVERSATION, { targetUri: SEED_CONTACT_URI });
    expect(noOperation.body).toMatchObject({ statusCode: 1 });
  });

  it('answers statusCode 2 when Invite is not a capability of the session', async () => {
    for (const sessionId of [SEED_SESSION_IDS.testnameOffer, SEED_SESSION_IDS.testnameCompleted]) {
      const reply = await testname.operation(sessionId, {
        operationName: 'Invite',
        targetUri: SEED_CONTACT_URI,
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ statusCode: 2 });
    }
  });

  it("answers statusCode 6 for an unknown or another agent's session", async () => {
    const unknown = await testname.operation('0000NOPE00000000', {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 6 });

    await bfriend.signIn();
    const foreign = await bfriend.operation(CONVERSATION, {
      operationName: 'Invite',
      targetPath: `/users/${CDOE_ID}`,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ statusCode: 6 });
  });

  it('answers statusCode 10 for an unknown operation and a body that is not JSON', async () => {
    const unknown = await testname.operation(CONVERSATION, { operationName: 'Dance' });
    expect(unknown.body).toMatchObject({ statusCode: 10 });
    const notJson = await testname.post(`/api/v2/me/smssessions/${CONVERSATION}`, '{oops');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ statusCode: 10 });
  });
});

describe('request log and response delay', () => {
  it('records every /api/ request with its raw path, query, user, operation and body', async () => {
    await send(`${simulator.url}/api/v2/me`);
    await testname.get('/api/v2/me/smssessions?fields=*');
    await testname.get('/api/v2/me/smssessions/0000Na9B26EF006E%2F');
    await testname.operation(CONVERSATION, {
      operationName: 'Invite',
      targetUri: SEED_CONTACT_URI,
    });
    await send(`${simulator.url}/simulator/requests`);
    expect(simulator.requests()).toEqual([
      { method: 'GET', path: '/api/v2/me', query: '' },
      {
        method: 'GET',
        path: '/api/v2/me/smssessions',
        query: 'fields=*',
        userName: 'testname',
      },
      {
        method: 'GET',
        path: '/api/v2/me/smssessions/0000Na9B26EF006E%2F',
        query: '',
        userName: 'testname',
      },
      {
        method: 'POST',
        path: `/api/v2/me/smssessions/${CONVERSATION}`,
        query: '',
        userName: 'testname',
        operationName: 'Invite',
        body: { operationName: 'Invite', targetUri: SEED_CONTACT_URI },
      },
    ]);
    simulator.clearRequests();
    expect(simulator.requests()).toEqual([]);
  });

  it('delays every /api/ answer and validates the delay', async () => {
    simulator.setResponseDelay(300);
    const started = Date.now();
    await testname.get('/api/v2/me');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    simulator.setResponseDelay(0);
    expect(() => simulator.setResponseDelay(-1)).toThrow(SimulatorControlError);
    expect(() => simulator.setResponseDelay(1.5)).toThrow(SimulatorControlError);
  });

  it('closes promptly while an answer is being delayed', async () => {
    simulator.setResponseDelay(60_000);
    const refused = expect(testname.get('/api/v2/me')).rejects.toThrow('fetch failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await simulator.close();
    await refused;
    simulator = await startSimulator();
  });
});

describe('presence', () => {
  beforeEach(() => testname.get('/api/v2/me'));

  it('lists channel uris without fields, and channels with their user state with fields=*', async () => {
    const uris = await testname.get('/api/v2/me/channels');
    expect(uris.body).toEqual({
      statusCode: 0,
      uris: [`${simulator.url}/api/v2/me/channels/sms`],
    });
    const full = await testname.get('/api/v2/me/channels?fields=*');
    expect(full.body).toEqual<WireChannelsResponse>({
      statusCode: 0,
      channels: [
        { channel: 'sms', userState: { id: 'Ready', displayName: 'Ready', state: 'Ready' } },
      ],
    });
  });

  it('refuses presence bodies GWS would refuse, with its statusCodes', async () => {
    const cases: [string, unknown, number][] = [
      ['/api/v2/me', { operationName: 'StartContactCenterSession' }, 1],
      ['/api/v2/me', { operationName: 'StartContactCenterSession', channels: 'sms' }, 10],
      ['/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['fax'] }, 10],
      [
        '/api/v2/me',
        { operationName: 'StartContactCenterSession', channels: ['sms'], place: 7 },
        10,
      ],
      ['/api/v2/me', { operationName: 'GoHome' }, 10],
      ['/api/v2/me', {}, 1],
      ['/api/v2/me/channels/sms', { operationName: 'Lunch' }, 10],
      ['/api/v2/me/channels/fax', { operationName: 'Ready' }, 6],
      ['/api/v2/me/channels/chat', { operationName: 'Ready' }, 2],
    ];
    for (const [path, body, statusCode] of cases) {
      const reply = await testname.post(path, body);
      expect([path, reply.body]).toEqual([path, expect.objectContaining({ statusCode })]);
    }
  });

  it('ends the HTTP session with EndContactCenterSession: its cookie and token are refused', async () => {
    const ended = await testname.post('/api/v2/me', { operationName: 'EndContactCenterSession' });
    expect(ended.body).toEqual({ statusCode: 0 });
    const stale = await testname.post('/api/v2/me', {
      operationName: 'StartContactCenterSession',
      channels: ['sms'],
    });
    expect(stale.status).toBe(403);
    await testname.get('/api/v2/me');
    const renewed = await testname.post('/api/v2/me', {
      operationName: 'StartContactCenterSession',
      channels: ['sms'],
    });
    expect(renewed.body).toEqual({ statusCode: 0 });
  });

  it('holds a routed session until the agent is Ready on sms, then offers it', async () => {
    await testname.post('/api/v2/me/channels/sms', { operationName: 'NotReady' });
    const id = simulator.offerSession({ userName: 'testname' });
    expect((await testname.get(`/api/v2/me/smssessions/${id}`)).body).toMatchObject({
      statusCode: 6,
    });
    await testname.post('/api/v2/me/channels/sms', { operationName: 'Ready' });
    expect((await testname.get(`/api/v2/me/smssessions/${id}`)).body).toMatchObject({
      statusCode: 0,
      smssession: { id, state: 'Invited' },
    });
  });
});
