/**
 * The GWS dialect switches, each in each of its values, over real HTTP and CometD: the wire
 * shapes and statusCodes each plays, how a dialect is set (option, Simulator object, control
 * API) and refused.
 */
import type { WireChannelsResponse } from '../../src/gws/wire.js';
import {
  DEFAULT_DIALECT,
  InvalidDialectError,
  OPPOSITE_DIALECT,
  SEED_SESSION_IDS,
  SimulatorControlError,
  startSimulator,
  type GwsDialect,
  type Simulator,
} from '../../simulator/index.js';
import { BayeuxClient, subscribedClient } from './bayeux-client.js';
import { Desk } from './desk.js';
import { AgentClient, basicAuthorization, controlRequest, send } from './gws-client.js';
import { CHATTING_ALONE, CONFERENCE, LEFT_CHAT } from '../support/capability-samples.js';

const CONVERSATION = SEED_SESSION_IDS.testnameConversation;
const OFFER = SEED_SESSION_IDS.testnameOffer;
const BFRIEND_PATH = '/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d702';
const JOIN_FAILED_CAPABILITIES = [
  'SetInFocus',
  'Complete',
  'SetDisposition',
  'AttachUserData',
  'UpdateUserData',
  'DeleteUserData',
];

let simulator: Simulator | undefined;

async function start(dialect: Partial<GwsDialect> = {}): Promise<Simulator> {
  simulator = await startSimulator({ dialect });
  return simulator;
}

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

function control(sim: Simulator, method: string, path: string, body?: unknown) {
  return controlRequest(sim.url, method, path, body);
}

/** A customer line no request caused: once it arrives, anything published before it has too. */
async function customerMarker(sim: Simulator, desk: Desk, text: string): Promise<void> {
  sim.sendCustomerMessage(CONVERSATION, text);
  expect(await desk.next(1)).toEqual([
    expect.objectContaining({ messages: [expect.objectContaining({ text })] }),
  ]);
}

describe('setting the dialect', () => {
  it('plays the documented defaults, and OPPOSITE_DIALECT flips every switch', async () => {
    expect(DEFAULT_DIALECT).toEqual({
      errorShape: 'withSession',
      replyReferenceIds: 'always',
      partialSuccess: false,
      joinFailed: false,
      operationSpelling: 'both',
      singleSessionGet: true,
      csrfOnCometd: false,
      notificationScope: 'agent',
      agentStateKey: 'id',
      agentStateReason: 'reasonCode',
      channelNotificationScope: 'changed',
      channelMessageType: 'ChannelStateChangeMessageV2',
      transcriptGaps: false,
      participantLinks: 'messages',
      contactPaging: 'offsetLimit',
    });
    expect(OPPOSITE_DIALECT).toEqual({
      errorShape: 'bare',
      replyReferenceIds: 'asSamples',
      partialSuccess: true,
      joinFailed: true,
      operationSpelling: 'alternate',
      singleSessionGet: false,
      csrfOnCometd: true,
      notificationScope: 'httpSession',
      agentStateKey: 'name',
      agentStateReason: 'reasons',
      channelNotificationScope: 'all',
      channelMessageType: 'none',
      transcriptGaps: true,
      participantLinks: 'everywhere',
      contactPaging: 'ignored',
    });
    const sim = await start();
    expect(sim.dialect()).toEqual(DEFAULT_DIALECT);
    const read = await control(sim, 'GET', '/dialect');
    expect(read).toMatchObject({ status: 200, body: DEFAULT_DIALECT });
  });

  it('takes a partial dialect at start, and refuses a bad one', async () => {
    const sim = await start({ errorShape: 'bare', joinFailed: true });
    expect(sim.dialect()).toEqual({ ...DEFAULT_DIALECT, errorShape: 'bare', joinFailed: true });
    await sim.close();
    expect((await start(OPPOSITE_DIALECT)).dialect()).toEqual(OPPOSITE_DIALECT);
    await expect(
      startSimulator({ dialect: { errorShape: 'loud' } as unknown as Partial<GwsDialect> }),
    ).rejects.toThrow(InvalidDialectError);
  });

  it('changes switches through the control API, refusing unknown switches and bad values with nothing changed', async () => {
    const sim = await start();
    const changed = await control(sim, 'PUT', '/dialect', {
      csrfOnCometd: true,
      operationSpelling: 'canonical',
    });
    expect(changed.status).toBe(204);
    const expected = { ...DEFAULT_DIALECT, csrfOnCometd: true, operationSpelling: 'canonical' };
    expect((await control(sim, 'GET', '/dialect')).body).toEqual(expected);

    const refusals: [unknown, string][] = [
      [{ errorShape: 'bare', loudness: 3 }, 'loudness'],
      [{ errorShape: 'bare', joinFailed: 'yes' }, 'joinFailed'],
      [{ operationSpelling: 'Canonical' }, 'operationSpelling'],
      [{ singleSessionGet: null }, 'singleSessionGet'],
      [[{ errorShape: 'bare' }], 'JSON object'],
      ['bare', 'JSON object'],
    ];
    for (const [body, named] of refusals) {
      const refused = await control(sim, 'PUT', '/dialect', body);
      expect([body, refused.status]).toEqual([body, 400]);
      expect(refused.body).toEqual({ error: expect.stringContaining(named) });
    }
    expect((await control(sim, 'GET', '/dialect')).body).toEqual(expected);
  });

  it('changes switches at run time through the Simulator object', async () => {
    const sim = await start();
    const testname = await Desk.open(sim.url, 'testname');
    sim.setDialect({ errorShape: 'bare' });
    expect(sim.dialect().errorShape).toBe('bare');
    await testname.op(CONVERSATION, 'Invite', { targetPath: '/users/nobody' });
    expect(await testname.next(1)).toEqual([
      { notificationType: 'Error', errorMessage: 'Operation failed', referenceId: 1 },
    ]);
    const bad = { notificationScope: 'everyone' } as unknown as Partial<GwsDialect>;
    expect(() => sim.setDialect(bad)).toThrow(SimulatorControlError);
    expect(sim.dialect()).toEqual({ ...DEFAULT_DIALECT, errorShape: 'bare' });
  });
});

describe('errorShape', () => {
  it('withSession: an SMSsessionStateChangeMessage Error with the session', async () => {
    const sim = await start({ errorShape: 'withSession' });
    const testname = await Desk.open(sim.url, 'testname');
    expect(await testname.op(CONVERSATION, 'Invite', { targetPath: '/users/nobody' })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await testname.next(1)).toEqual([
      {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'Error',
        errorMessage: 'Operation failed',
        referenceId: 1,
        smssession: expect.objectContaining({ id: CONVERSATION, state: 'Chatting' }) as unknown,
      },
    ]);
  });

  it('bare: exactly the CancelConsult sample, no messageType and no session', async () => {
    const sim = await start({ errorShape: 'bare' });
    const testname = await Desk.open(sim.url, 'testname');
    await testname.op(CONVERSATION, 'Invite', { targetPath: '/users/nobody' });
    expect(await testname.next(1)).toEqual([
      { notificationType: 'Error', errorMessage: 'Operation failed', referenceId: 1 },
    ]);
  });
});

describe('replyReferenceIds', () => {
  async function repliesOfTheSampledOperations(sim: Simulator, testname: Desk) {
    const offered = sim.offerSession({ userName: 'testname' });
    await testname.next(1);
    const replies = [
      await testname.op(OFFER, 'Accept', { nickname: 'Test' }),
      await testname.op(offered, 'Reject'),
      await testname.op(CONVERSATION, 'AttachUserData', { userData: { Note: 'a' } }),
      await testname.op(CONVERSATION, 'UpdateUserData', { userData: { Note: 'b' } }),
    ];
    // Accept: StatusChange, ParticipantsUpdated, history; then Reject, Attach, Update.
    const notifications = await testname.next(6);
    return { replies, referenceIds: notifications.map((data) => data.referenceId) };
  }

  it('always: every accepted operation answers with its referenceId', async () => {
    const sim = await start({ replyReferenceIds: 'always' });
    const testname = await Desk.open(sim.url, 'testname');
    const { replies, referenceIds } = await repliesOfTheSampledOperations(sim, testname);
    expect(replies).toEqual([1, 2, 3, 4].map((referenceId) => ({ statusCode: 0, referenceId })));
    expect(referenceIds).toEqual([1, 1, 1, 2, 3, 4]);
  });

  it('asSamples: Accept, Reject and AttachUserData answer {"statusCode":0} alone; notifications still carry it', async () => {
    const sim = await start({ replyReferenceIds: 'asSamples' });
    const testname = await Desk.open(sim.url, 'testname');
    const { replies, referenceIds } = await repliesOfTheSampledOperations(sim, testname);
    expect(replies).toEqual([
      { statusCode: 0 },
      { statusCode: 0 },
      { statusCode: 0 },
      { statusCode: 0, referenceId: 4 },
    ]);
    expect(referenceIds).toEqual([1, 1, 1, 2, 3, 4]);
  });
});

describe('partialSuccess', () => {
  const START_WITH_AN_UNKNOWN_CHANNEL = {
    operationName: 'StartContactCenterSession',
    channels: ['chat', 'fax'],
  };

  async function channelsOf(agent: AgentClient): Promise<string[]> {
    const reply = await agent.get('/api/v2/me/channels?fields=*');
    return ((reply.body as WireChannelsResponse).channels ?? []).map(
      (channel) => `${channel.channel}:${channel.userState?.state ?? ''}`,
    );
  }

  it('false: an unknown channel refuses the whole request with statusCode 10, nothing started', async () => {
    const sim = await start({ partialSuccess: false });
    const testname = new AgentClient(sim.url, 'testname');
    await testname.signIn();
    const reply = await testname.post('/api/v2/me', START_WITH_AN_UNKNOWN_CHANNEL);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      statusCode: 10,
      statusMessage: expect.stringContaining('fax') as unknown,
    });
    expect(await channelsOf(testname)).toEqual(['sms:Ready']);
  });

  it('true: the known channels start, statusCode 7 names the others', async () => {
    const sim = await start({ partialSuccess: true });
    const testname = new AgentClient(sim.url, 'testname');
    await testname.signIn();
    const reply = await testname.post('/api/v2/me', START_WITH_AN_UNKNOWN_CHANNEL);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ statusCode: 7, statusMessage: 'Unknown channels: fax' });
    expect(await channelsOf(testname)).toEqual(['sms:Ready', 'chat:NotReady']);
  });
});

describe('joinFailed', () => {
  it('false: the customer leaving an offered session revokes the offer', async () => {
    const sim = await start({ joinFailed: false });
    const testname = await Desk.open(sim.url, 'testname');
    expect((await control(sim, 'POST', `/sessions/${OFFER}/customer-leave`)).status).toBe(204);
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        smssession: expect.objectContaining({ id: OFFER, state: 'Revoked' }) as unknown,
      }),
    ]);
    expect(await testname.op(OFFER, 'Accept', { nickname: 'Test' })).toMatchObject({
      statusCode: 2,
    });
  });

  it('true: the offer stays; Accept answers 0, then JoinFailed with its wrap-up capabilities', async () => {
    const sim = await start({ joinFailed: true });
    const testname = await Desk.open(sim.url, 'testname');
    expect((await control(sim, 'POST', `/sessions/${OFFER}/customer-leave`)).status).toBe(204);
    await customerMarker(sim, testname, 'the offer was left standing');
    expect(await testname.session(OFFER)).toMatchObject({ state: 'Invited' });

    expect(await testname.op(OFFER, 'Accept', { nickname: 'Test' })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await testname.next(1)).toEqual([
      {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({
          id: OFFER,
          state: 'JoinFailed',
          participants: [],
          capabilities: JOIN_FAILED_CAPABILITIES,
        }) as unknown,
      },
    ]);

    for (const [operationName, parameters] of [
      ['SendMessage', { text: 'anyone?' }],
      ['Leave', {}],
      ['Accept', { nickname: 'Test' }],
      ['Transfer', { targetPath: BFRIEND_PATH }],
    ] as const) {
      expect([operationName, await testname.op(OFFER, operationName, parameters)]).toEqual([
        operationName,
        expect.objectContaining({ statusCode: 2 }),
      ]);
    }
    expect(await testname.op(OFFER, 'SetInFocus')).toEqual({ statusCode: 0, referenceId: 2 });
    expect(await testname.op(OFFER, 'SetDisposition', { disposition: 'NoAnswer' })).toEqual({
      statusCode: 0,
      referenceId: 3,
    });
    expect(await testname.op(OFFER, 'DeleteUserData', { keys: ['FromAddress'] })).toEqual({
      statusCode: 0,
      referenceId: 4,
    });
    // SetInFocus published nothing: the disposition's PropertiesUpdated comes first.
    const [disposition, deleted] = await testname.next(2);
    expect(disposition).toMatchObject({
      notificationType: 'PropertiesUpdated',
      referenceId: 3,
      smsession: { state: 'JoinFailed', userData: { DispositionCode: 'NoAnswer' } },
    });
    expect(deleted).toMatchObject({
      notificationType: 'PropertiesUpdated',
      referenceId: 4,
      smssession: { state: 'JoinFailed', userData: { DispositionCode: 'NoAnswer' } },
    });
    expect(await testname.op(OFFER, 'Complete')).toEqual({ statusCode: 0, referenceId: 5 });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 5,
        smssession: expect.objectContaining({ state: 'Completed', capabilities: [] }) as unknown,
      }),
    ]);
  });

  it('true, with the samples’ replies: Accept answers {"statusCode":0}, JoinFailed carries the referenceId', async () => {
    const sim = await start({ joinFailed: true, replyReferenceIds: 'asSamples' });
    const testname = await Desk.open(sim.url, 'testname');
    await control(sim, 'POST', `/sessions/${OFFER}/customer-leave`);
    expect(await testname.op(OFFER, 'Accept', { nickname: 'Test' })).toEqual({ statusCode: 0 });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        referenceId: 1,
        smssession: expect.objectContaining({ state: 'JoinFailed' }) as unknown,
      }),
    ]);
  });
});

describe('operationSpelling', () => {
  const unsupported = (operationName: string) => ({
    statusCode: 10,
    statusMessage: `Unsupported operationName ${JSON.stringify(operationName)}`,
  });

  it.each([
    ['both', ['SetInFocus', 'InFocus'], []],
    ['canonical', ['SetInFocus'], ['InFocus']],
    ['alternate', ['InFocus'], ['SetInFocus']],
  ] as const)('%s: SetInFocus / InFocus', async (operationSpelling, taken, refused) => {
    const sim = await start({ operationSpelling });
    const testname = await Desk.open(sim.url, 'testname');
    for (const name of taken) {
      expect(await testname.op(CONVERSATION, name)).toMatchObject({ statusCode: 0 });
    }
    for (const name of refused) {
      expect(await testname.op(CONVERSATION, name)).toEqual(unsupported(name));
    }
    // Refused exactly as a name GWS never had.
    expect(await testname.op(CONVERSATION, 'Dance')).toEqual(unsupported('Dance'));
    expect((await testname.session(CONVERSATION))?.capabilities).toEqual(CHATTING_ALONE);
  });

  it.each([
    ['both', ['SendStopTypingToAgentsNotification', 'SendStopTypingToAgentNotification'], []],
    ['canonical', ['SendStopTypingToAgentsNotification'], ['SendStopTypingToAgentNotification']],
    ['alternate', ['SendStopTypingToAgentNotification'], ['SendStopTypingToAgentsNotification']],
  ] as const)(
    '%s: SendStopTypingToAgentsNotification / …ToAgentNotification',
    async (operationSpelling, taken, refused) => {
      const sim = await start({ operationSpelling });
      const testname = await Desk.open(sim.url, 'testname');
      await testname.op(CONVERSATION, 'Invite', { targetPath: BFRIEND_PATH });
      await testname.next(2);
      for (const name of taken) {
        expect(await testname.op(CONVERSATION, name)).toMatchObject({ statusCode: 0 });
        expect(await testname.next(1)).toEqual([
          expect.objectContaining({
            messages: [expect.objectContaining({ type: 'TypingStopped', visibility: 'Agents' })],
          }),
        ]);
      }
      for (const name of refused) {
        expect(await testname.op(CONVERSATION, name)).toEqual(unsupported(name));
      }
      expect((await testname.session(CONVERSATION))?.capabilities).toEqual(CONFERENCE);
    },
  );

  it('keeps the LeftChat sample’s InFocus capability whatever the spelling', async () => {
    const sim = await start({ operationSpelling: 'canonical' });
    const testname = await Desk.open(sim.url, 'testname');
    await testname.op(CONVERSATION, 'Leave');
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        smssession: expect.objectContaining({ capabilities: LEFT_CHAT }) as unknown,
      }),
    ]);
  });
});

describe('singleSessionGet', () => {
  it('true: GET …/smssessions/{id} answers the session in a GWS envelope', async () => {
    const sim = await start({ singleSessionGet: true });
    const reply = await new AgentClient(sim.url, 'testname').get(
      `/api/v2/me/smssessions/${CONVERSATION}`,
    );
    expect(reply).toMatchObject({
      status: 200,
      body: { statusCode: 0, smssession: { id: CONVERSATION } },
    });
  });

  it('false: GET …/smssessions/{id} is an HTML 404; the list, the messages and operations stay', async () => {
    const sim = await start({ singleSessionGet: false });
    const testname = new AgentClient(sim.url, 'testname');
    for (const id of [CONVERSATION, '0000NOPE00000000']) {
      const reply = await testname.get(`/api/v2/me/smssessions/${id}`);
      expect(reply.status).toBe(404);
      expect(reply.headers.get('content-type')).toMatch(/^text\/html\b/);
      expect(reply.body).toBe('<html><body><h1>404 Not Found</h1></body></html>');
    }
    const list = await testname.get('/api/v2/me/smssessions?fields=*');
    expect(list).toMatchObject({ status: 200, body: { statusCode: 0 } });
    const messages = await testname.get(`/api/v2/me/smssessions/${CONVERSATION}/messages`);
    expect(messages).toMatchObject({ status: 200, body: { statusCode: 0 } });
    const operation = await testname.operation(CONVERSATION, { operationName: 'SetInFocus' });
    expect(operation.body).toEqual({ statusCode: 0, referenceId: 1 });
  });
});

describe('csrfOnCometd', () => {
  async function basicOnlyHandshake(sim: Simulator) {
    return send(`${sim.url}/api/v2/notifications`, {
      method: 'POST',
      headers: { Authorization: basicAuthorization('cdoe'), 'Content-Type': 'application/json' },
      body: JSON.stringify([{ channel: '/meta/handshake', version: '1.0' }]),
    });
  }

  it('false: CometD needs no CSRF token, even an expired one; REST still does', async () => {
    const sim = await start({ csrfOnCometd: false });
    expect((await basicOnlyHandshake(sim)).body).toEqual([
      expect.objectContaining({ successful: true }),
    ]);
    const testname = new AgentClient(sim.url, 'testname');
    const events = await subscribedClient(testname);
    sim.expireCsrfTokens();
    expect(await events.connect(0)).toEqual([expect.objectContaining({ successful: true })]);
    const rest = await testname.operation(CONVERSATION, { operationName: 'SetInFocus' });
    expect(rest).toMatchObject({ status: 403, body: 'Missing or invalid Csrf token' });
  });

  it('true: every CometD POST needs the HTTP session’s current CSRF token', async () => {
    const sim = await start({ csrfOnCometd: true });
    const refused = await basicOnlyHandshake(sim);
    expect(refused).toMatchObject({ status: 403, body: 'Missing or invalid Csrf token' });

    const testname = new AgentClient(sim.url, 'testname');
    const events = await subscribedClient(testname);
    sim.expireCsrfTokens();
    const expired = await events.post([{ channel: '/meta/connect', clientId: events.clientId }]);
    expect(expired).toMatchObject({ status: 403, body: 'Missing or invalid Csrf token' });
    await testname.signIn();
    expect(await events.connect(0)).toEqual([expect.objectContaining({ successful: true })]);
  });

  it('true, with the csrf option off: nothing to check', async () => {
    simulator = await startSimulator({ csrf: false, dialect: { csrfOnCometd: true } });
    expect((await basicOnlyHandshake(simulator)).body).toEqual([
      expect.objectContaining({ successful: true }),
    ]);
  });
});

describe('notificationScope', () => {
  /** One agent signed in twice: two HTTP sessions, each with its own CometD client. */
  async function twoDesks(sim: Simulator): Promise<[Desk, Desk]> {
    const [first, second] = [
      await Desk.open(sim.url, 'testname'),
      await Desk.open(sim.url, 'testname'),
    ];
    expect(first.http.cookie).not.toBe(second.http.cookie);
    return [first, second];
  }

  it('agent: a request’s notifications reach every CometD client of the agent', async () => {
    const sim = await start({ notificationScope: 'agent' });
    const [requesting, other] = await twoDesks(sim);
    await requesting.op(CONVERSATION, 'SendMessage', { text: 'on my way' });
    for (const desk of [requesting, other]) {
      expect(await desk.next(1)).toEqual([
        expect.objectContaining({
          referenceId: 1,
          messages: [expect.objectContaining({ text: 'on my way' })],
        }),
      ]);
    }
  });

  it('httpSession: a request’s notifications and Errors reach only its HTTP session’s clients; unsolicited ones reach all', async () => {
    const sim = await start({ notificationScope: 'httpSession' });
    const [requesting, other] = await twoDesks(sim);
    // Basic credentials alone: no HTTP session, so no request's notifications at all.
    const basicOnly = new BayeuxClient(new AgentClient(sim.url, 'testname'));
    await basicOnly.handshake();
    await basicOnly.subscribe('/v2/me/*');

    expect(await requesting.op(CONVERSATION, 'SendMessage', { text: 'on my way' })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    await requesting.op(CONVERSATION, 'Invite', { targetPath: '/users/nobody' });
    expect(await requesting.next(2)).toEqual([
      expect.objectContaining({ referenceId: 1, notificationType: 'NewMessages' }),
      expect.objectContaining({ referenceId: 2, notificationType: 'Error' }),
    ]);

    sim.sendCustomerMessage(CONVERSATION, 'thanks');
    const unsolicited = [
      expect.objectContaining({
        messages: [expect.objectContaining({ text: 'thanks', from: expect.anything() })],
      }),
    ];
    // In order of publication: had they got the request's notifications, those would come first.
    expect(await other.next(1)).toEqual(unsolicited);
    expect((await basicOnly.collect(1)).map((message) => message.data)).toEqual(unsolicited);
    expect(await requesting.next(1)).toEqual(unsolicited);

    // The other HTTP session's own request is its own.
    expect(await other.op(CONVERSATION, 'SendMessage', { text: 'me too' })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await other.next(1)).toEqual([
      expect.objectContaining({ messages: [expect.objectContaining({ text: 'me too' })] }),
    ]);
    await customerMarker(sim, requesting, 'still there?');
  });
});
