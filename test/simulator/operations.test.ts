/**
 * The SMS session operations one agent plays on their own: answer an offer, leave, complete,
 * focus, write, and manage user data; their replies, state, capabilities and notifications, and
 * the synchronous refusals (statusCode 1, 2, 10).
 */
import { SEED_SESSION_IDS, startSimulator, type Simulator } from '../../simulator/index.js';
import { Desk } from './desk.js';
import { send } from './gws-client.js';
import { CHATTING_ALONE, LEFT_CHAT } from '../support/capability-samples.js';

const CONVERSATION = SEED_SESSION_IDS.testnameConversation;
const OFFER = SEED_SESSION_IDS.testnameOffer;
const COMPLETED = SEED_SESSION_IDS.testnameCompleted;

let simulator: Simulator;
let testname: Desk;

beforeEach(async () => {
  simulator = await startSimulator();
  testname = await Desk.open(simulator.url, 'testname');
});

afterEach(async () => {
  await simulator.close();
});

function customerWrites(sessionId: string, text: string) {
  return send(`${simulator.url}/simulator/sessions/${sessionId}/customer-messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
  });
}

describe('Accept', () => {
  it('answers with a referenceId; StatusChange, ParticipantsUpdated and the history carry it', async () => {
    expect(await testname.op(OFFER, 'Accept', { nickname: 'Test', saveLAR: true })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    const [status, participants, history] = await testname.next(3);
    expect(status).toEqual({
      messageType: 'SMSsessionStateChangeMessage',
      notificationType: 'StatusChange',
      referenceId: 1,
      smssession: expect.objectContaining({
        id: OFFER,
        state: 'Chatting',
        capabilities: CHATTING_ALONE,
      }) as unknown,
    });
    expect(participants).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      referenceId: 1,
      smssession: {
        participants: [
          expect.objectContaining({ nickname: 'JohnP', type: 'Customer' }),
          expect.objectContaining({ nickname: 'Test', type: 'Agent' }),
        ],
      },
    });
    expect(history).toMatchObject({ notificationType: 'NewMessages', referenceId: 1 });
    expect(history?.messages).toEqual([
      expect.objectContaining({ index: 1, type: 'ParticipantJoined' }),
      expect.objectContaining({ index: 2, type: 'Text', text: 'Is my refund done?' }),
      expect.objectContaining({
        index: 3,
        type: 'ParticipantJoined',
        from: expect.objectContaining({ nickname: 'Test', type: 'Agent' }) as unknown,
      }),
    ]);
    // The customer now reaches the agent.
    expect((await customerWrites(OFFER, 'Hello?')).status).toBe(204);
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({ messages: expect.any(Array) }),
    ]);
  });

  it('refuses a missing or unusable nickname (1, 10) and a session already accepted (2)', async () => {
    expect(await testname.op(OFFER, 'Accept')).toMatchObject({ statusCode: 1 });
    expect(await testname.op(OFFER, 'Accept', { nickname: 7 })).toMatchObject({ statusCode: 10 });
    expect(await testname.op(OFFER, 'Accept', { nickname: 'T', saveLAR: 'yes' })).toMatchObject({
      statusCode: 10,
    });
    expect(await testname.op(CONVERSATION, 'Accept', { nickname: 'T' })).toMatchObject({
      statusCode: 2,
      statusMessage: expect.stringContaining('Chatting') as unknown,
    });
  });
});

describe('Reject', () => {
  it('completes the offer for the agent, who keeps it in their list', async () => {
    expect(await testname.op(OFFER, 'Reject')).toEqual({ statusCode: 0, referenceId: 1 });
    expect(await testname.next(1)).toEqual([
      {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({
          state: 'Completed',
          participants: [],
          capabilities: [],
        }) as unknown,
      },
    ]);
    expect(await testname.session(OFFER)).toMatchObject({ state: 'Completed' });
    expect(await testname.op(OFFER, 'Reject')).toMatchObject({ statusCode: 2 });
  });
});

describe('Leave outside a conference, then wrap-up', () => {
  it('LeftChat: the customer is gone; disposition and user data still work, then Complete', async () => {
    expect(await testname.op(CONVERSATION, 'Leave')).toEqual({ statusCode: 0, referenceId: 1 });
    const [left] = await testname.next(1);
    expect(left).toMatchObject({
      notificationType: 'StatusChange',
      referenceId: 1,
      smssession: { state: 'LeftChat', capabilities: LEFT_CHAT },
    });
    expect((await customerWrites(CONVERSATION, 'Hello?')).status).toBe(409);

    expect(await testname.op(CONVERSATION, 'SendMessage', { text: 'x' })).toMatchObject({
      statusCode: 2,
    });
    expect(await testname.op(CONVERSATION, 'Invite', { targetPath: '/users/x' })).toMatchObject({
      statusCode: 2,
    });
    expect(await testname.op(CONVERSATION, 'SetDisposition', { disposition: 'Done' })).toEqual({
      statusCode: 0,
      referenceId: 2,
    });
    expect(await testname.op(CONVERSATION, 'UpdateUserData', { userData: { Note: 'ok' } })).toEqual(
      { statusCode: 0, referenceId: 3 },
    );
    const [disposition, updated] = await testname.next(2);
    expect(disposition).toMatchObject({ notificationType: 'PropertiesUpdated', referenceId: 2 });
    expect(updated).toMatchObject({
      notificationType: 'PropertiesUpdated',
      referenceId: 3,
      smssession: {
        state: 'LeftChat',
        userData: expect.objectContaining({ DispositionCode: 'Done', Note: 'ok' }) as unknown,
      },
    });
    // SetInFocus under its old name, the one the LeftChat sample lists.
    expect(await testname.op(CONVERSATION, 'InFocus')).toEqual({ statusCode: 0, referenceId: 4 });

    expect(await testname.op(CONVERSATION, 'Complete')).toEqual({ statusCode: 0, referenceId: 5 });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 5,
        smssession: expect.objectContaining({ state: 'Completed', capabilities: [] }) as unknown,
      }),
    ]);
  });
});

describe('Complete', () => {
  it('ends the session for the customer when the last agent completes', async () => {
    const reply = await testname.op(CONVERSATION, 'Complete', {
      queueName: 'PostProcessingQueue',
      saveLAR: false,
    });
    expect(reply).toEqual({ statusCode: 0, referenceId: 1 });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({ state: 'Completed', participants: [] }) as unknown,
      }),
    ]);
    expect((await customerWrites(CONVERSATION, 'Hello?')).status).toBe(409);
    expect(await testname.op(CONVERSATION, 'Complete')).toMatchObject({ statusCode: 2 });
  });

  it('refuses a queueName that is not a string (10)', async () => {
    expect(await testname.op(CONVERSATION, 'Complete', { queueName: 3 })).toMatchObject({
      statusCode: 10,
    });
  });
});

describe('LeaveAndComplete', () => {
  it('leaves and completes in one step: one StatusChange, to Completed; the customer is gone', async () => {
    expect(await testname.op(CONVERSATION, 'LeaveAndComplete')).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({
          state: 'Completed',
          participants: [],
          capabilities: [],
        }) as unknown,
      }),
    ]);
    expect((await customerWrites(CONVERSATION, 'Hello?')).status).toBe(409);
    expect(await testname.op(CONVERSATION, 'LeaveAndComplete')).toMatchObject({ statusCode: 2 });
  });

  it('completes a session the agent has left (LeftChat); refused while Invited (2)', async () => {
    await testname.op(CONVERSATION, 'Leave');
    await testname.next(1);
    expect(await testname.op(CONVERSATION, 'LeaveAndComplete')).toEqual({
      statusCode: 0,
      referenceId: 2,
    });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        referenceId: 2,
        smssession: expect.objectContaining({ state: 'Completed' }) as unknown,
      }),
    ]);
    expect(await testname.op(OFFER, 'LeaveAndComplete')).toMatchObject({ statusCode: 2 });
  });
});

describe('SetInFocus', () => {
  it('answers with a referenceId and publishes nothing, under either spelling', async () => {
    expect(await testname.op(CONVERSATION, 'SetInFocus')).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await testname.op(CONVERSATION, 'InFocus')).toEqual({ statusCode: 0, referenceId: 2 });
    expect(await testname.quiet()).toEqual([]);
  });
});

describe('messages', () => {
  it.each([
    [
      'SendMessage',
      { text: 'Your parcel ships today' },
      { type: 'Text', text: 'Your parcel ships today' },
    ],
    [
      'SendUrl',
      { url: 'https://example.com/t/1' },
      { type: 'PushUrl', url: 'https://example.com/t/1' },
    ],
    ['SendStartTypingNotification', {}, { type: 'TypingStarted' }],
    ['SendStopTypingNotification', {}, { type: 'TypingStopped' }],
  ])(
    '%s: NewMessages for everyone, with the referenceId',
    async (operationName, parameters, entry) => {
      expect(await testname.op(CONVERSATION, operationName, parameters)).toEqual({
        statusCode: 0,
        referenceId: 1,
      });
      const [added] = await testname.next(1);
      expect(added).toEqual({
        messageType: 'MessageLogUpdated',
        notificationType: 'NewMessages',
        referenceId: 1,
        messages: [
          expect.objectContaining({
            ...entry,
            index: 5,
            visibility: 'All',
            from: expect.objectContaining({ nickname: 'TestName', type: 'Agent' }) as unknown,
          }),
        ],
        smssessionUri: `${simulator.url}/api/v2/smssessions/${CONVERSATION}`,
        smssessionPath: `/smssessions/${CONVERSATION}`,
      });
      const view = simulator.customerView(CONVERSATION);
      expect(view.at(-1)).toMatchObject(entry);
    },
  );

  it('SendCustomNotice: its notification spells the keys smsessionUri and smsessionPath', async () => {
    expect(
      await testname.op(CONVERSATION, 'SendCustomNotice', { noticeText: 'Survey follows' }),
    ).toEqual({ statusCode: 0, referenceId: 1 });
    const [added] = await testname.next(1);
    expect(added).toEqual({
      messageType: 'MessageLogUpdated',
      notificationType: 'NewMessages',
      referenceId: 1,
      messages: [
        expect.objectContaining({
          type: 'CustomNotice',
          noticeText: 'Survey follows',
          visibility: 'All',
        }),
      ],
      smsessionUri: `${simulator.url}/api/v2/smssessions/${CONVERSATION}`,
      smsessionPath: `/smssessions/${CONVERSATION}`,
    });
  });

  it('refuses a missing text (1) and a text that is not a string (10)', async () => {
    expect(await testname.op(CONVERSATION, 'SendMessage')).toMatchObject({ statusCode: 1 });
    expect(await testname.op(CONVERSATION, 'SendMessage', { text: '' })).toMatchObject({
      statusCode: 1,
    });
    expect(await testname.op(CONVERSATION, 'SendUrl', { url: ['x'] })).toMatchObject({
      statusCode: 10,
    });
    expect(await testname.op(CONVERSATION, 'SendCustomNotice', { text: 'x' })).toMatchObject({
      statusCode: 1,
    });
  });

  it('refuses the agents-only operations outside a conference or consult (2)', async () => {
    for (const [operationName, parameters] of [
      ['SendToAgents', { text: 'x' }],
      ['SendCustomNoticeToAgents', { noticeText: 'x' }],
      ['SendStartTypingToAgentsNotification', {}],
      ['SendStopTypingToAgentsNotification', {}],
      ['SendStopTypingToAgentNotification', {}],
      ['RemoveParticipantFromConference', { targetUri: '/users/x' }],
      ['CancelConsult', {}],
    ] as const) {
      expect(await testname.op(CONVERSATION, operationName, parameters)).toMatchObject({
        statusCode: 2,
      });
    }
  });
});

describe('user data', () => {
  it('Attach merges, Update overwrites, Delete removes: PropertiesUpdated with all of it', async () => {
    await testname.op(CONVERSATION, 'AttachUserData', {
      userData: { UserData1: 'DATA1', UserData2: 123456789 },
    });
    await testname.op(CONVERSATION, 'UpdateUserData', { userData: { OrderNumber: 48214 } });
    await testname.op(CONVERSATION, 'DeleteUserData', { keys: ['FromAddress', 'UserData1'] });
    const [attached, updated, deleted] = await testname.next(3);
    expect(attached).toEqual({
      messageType: 'SMSsessionStateChangeMessage',
      notificationType: 'PropertiesUpdated',
      referenceId: 1,
      smssession: expect.objectContaining({
        state: 'Chatting',
        userData: {
          RStrategyName: 'SMS_Inbound',
          ChatServerHost: 'sim-chat-1',
          FromAddress: '+15550100123',
          OrderNumber: 48213,
          UserData1: 'DATA1',
          UserData2: 123456789,
        },
      }) as unknown,
    });
    expect(updated).toMatchObject({
      referenceId: 2,
      smssession: { userData: expect.objectContaining({ OrderNumber: 48214 }) as unknown },
    });
    expect(deleted).toMatchObject({
      referenceId: 3,
      smssession: {
        userData: {
          RStrategyName: 'SMS_Inbound',
          ChatServerHost: 'sim-chat-1',
          OrderNumber: 48214,
          UserData2: 123456789,
        },
      },
    });
  });

  it('SetDisposition writes DispositionCode or the given key; its notification says smsession', async () => {
    await testname.op(CONVERSATION, 'SetDisposition', { disposition: 'IssueResolved' });
    await testname.op(CONVERSATION, 'SetDisposition', {
      disposition: 'Sale',
      dispositionKey: 'Outcome',
    });
    const [first, second] = await testname.next(2);
    expect(first).toEqual({
      messageType: 'SMSsessionStateChangeMessage',
      notificationType: 'PropertiesUpdated',
      referenceId: 1,
      smsession: expect.objectContaining({
        id: CONVERSATION,
        userData: expect.objectContaining({ DispositionCode: 'IssueResolved' }) as unknown,
      }) as unknown,
    });
    expect(second?.smsession).toMatchObject({
      userData: { DispositionCode: 'IssueResolved', Outcome: 'Sale' },
    });
  });

  it('refuses missing (1) and unusable (10) parameters', async () => {
    const cases: [string, Record<string, unknown>, number][] = [
      ['AttachUserData', {}, 1],
      ['AttachUserData', { userData: { nested: { a: 1 } } }, 10],
      ['UpdateUserData', { userData: { flag: true } }, 10],
      ['UpdateUserData', { userData: {} }, 10],
      ['AttachUserData', { userData: ['a'] }, 10],
      ['AttachUserData', { userData: 'a=1' }, 10],
      ['DeleteUserData', {}, 1],
      ['DeleteUserData', { keys: [] }, 10],
      ['DeleteUserData', { keys: 'FromAddress' }, 10],
      ['DeleteUserData', { keys: [''] }, 10],
      ['DeleteUserData', { keys: [1] }, 10],
      ['SetDisposition', {}, 1],
      ['SetDisposition', { disposition: 5 }, 10],
      ['SetDisposition', { disposition: 'x', dispositionKey: {} }, 10],
    ];
    for (const [operationName, parameters, statusCode] of cases) {
      const reply = await testname.op(CONVERSATION, operationName, parameters);
      expect([operationName, parameters, reply]).toEqual([
        operationName,
        parameters,
        expect.objectContaining({ statusCode }),
      ]);
    }
    expect(await testname.quiet(50)).toEqual([]);
  });
});

describe('validity', () => {
  it('refuses every operation on a Completed session with statusCode 2', async () => {
    const operations: [string, Record<string, unknown>][] = [
      ['Accept', { nickname: 'T' }],
      ['Reject', {}],
      ['Complete', {}],
      ['Leave', {}],
      ['Transfer', { queueName: 'SMS Conference Queue' }],
      ['SetInFocus', {}],
      ['SendMessage', { text: 'x' }],
      ['SendUrl', { url: 'https://example.com' }],
      ['SendToAgents', { text: 'x' }],
      ['SendCustomNotice', { noticeText: 'x' }],
      ['SendCustomNoticeToAgents', { noticeText: 'x' }],
      ['SendStartTypingNotification', {}],
      ['SendStopTypingNotification', {}],
      ['SendStartTypingToAgentsNotification', {}],
      ['SendStopTypingToAgentsNotification', {}],
      ['Invite', { targetPath: '/users/x' }],
      ['Consult', { targetPath: '/users/x' }],
      ['CancelConsult', {}],
      ['RemoveParticipantFromConference', { targetUri: '/users/x' }],
      ['SetDisposition', { disposition: 'x' }],
      ['AttachUserData', { userData: { a: 1 } }],
      ['UpdateUserData', { userData: { a: 1 } }],
      ['DeleteUserData', { keys: ['a'] }],
    ];
    for (const [operationName, parameters] of operations) {
      const reply = await testname.op(COMPLETED, operationName, parameters);
      expect([operationName, reply]).toEqual([
        operationName,
        { statusCode: 2, statusMessage: expect.any(String) as unknown },
      ]);
    }
  });

  it('accepts only Accept and Reject while Invited', async () => {
    expect(await testname.op(OFFER, 'SendMessage', { text: 'x' })).toMatchObject({
      statusCode: 2,
    });
    expect(await testname.op(OFFER, 'Complete')).toMatchObject({ statusCode: 2 });
  });

  it('answers statusCode 6 for an unknown session', async () => {
    expect(await testname.op('0000NOPE00000000', 'SendMessage', { text: 'x' })).toMatchObject({
      statusCode: 6,
    });
  });
});
