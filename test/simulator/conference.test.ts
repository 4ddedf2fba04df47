/**
 * Operations between agents: offers and auto-answer, Invite/Accept/Reject, Consult and
 * CancelConsult, Transfer, RemoveParticipantFromConference, agents-only messages, and leaving or
 * completing a conference. Each agent sees their own state and only their own notifications.
 */
import { SEED_SESSION_IDS, startSimulator, type Simulator } from '../../simulator/index.js';
import { Desk, type NotificationData } from './desk.js';
import { send } from './gws-client.js';
import { CONFERENCE } from '../support/capability-samples.js';

const CONVERSATION = SEED_SESSION_IDS.testnameConversation;
const BFRIEND_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d702';
const CDOE_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';
const BFRIEND_CONTACT_URI =
  'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041';
const CDOE_USER_URI = `http://localhost:8080/api/v2/users/${CDOE_ID}`;
const BFRIEND_USER_URI = `http://localhost:8080/api/v2/users/${BFRIEND_ID}`;

let simulator: Simulator;
let testname: Desk;
let bfriend: Desk;
let cdoe: Desk;

beforeEach(async () => {
  simulator = await startSimulator();
  [testname, bfriend, cdoe] = await Promise.all([
    Desk.open(simulator.url, 'testname'),
    Desk.open(simulator.url, 'bfriend'),
    Desk.open(simulator.url, 'cdoe'),
  ]);
});

afterEach(async () => {
  await simulator.close();
});

function control(path: string, body?: unknown) {
  return send(`${simulator.url}/simulator${path}`, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

/** The entries of a NewMessages notification. */
function entries(notification: NotificationData | undefined): Record<string, unknown>[] {
  return (notification?.messages ?? []) as Record<string, unknown>[];
}

function customerTexts(sessionId: string): string[] {
  return simulator
    .customerView(sessionId)
    .map(
      (message) => `${message.type ?? ''}:${message.from?.nickname ?? ''}:${message.text ?? ''}`,
    );
}

/** TestName invites BFriend, who auto-answers: a conference of two agents and the customer. */
async function conferenceWithBFriend(): Promise<void> {
  await testname.op(CONVERSATION, 'Invite', { targetUri: BFRIEND_CONTACT_URI });
  await testname.next(2);
  await bfriend.next(3);
}

describe('offers and auto-answer', () => {
  it('offers an invite to an agent without auto-answer; their Accept brings them in', async () => {
    expect(await testname.op(CONVERSATION, 'Invite', { targetPath: `/users/${CDOE_ID}` })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await cdoe.next(1)).toEqual([
      {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'StatusChange',
        smssession: expect.objectContaining({
          id: CONVERSATION,
          state: 'Invited',
          participants: [],
          capabilities: ['Accept', 'Reject'],
        }) as unknown,
      },
    ]);
    const list = await cdoe.http.get('/api/v2/me/smssessions');
    expect(list.body).toMatchObject({
      uris: expect.arrayContaining([expect.stringContaining(CONVERSATION)]),
    });
    expect(await testname.quiet()).toEqual([]);

    await cdoe.http.signIn();
    expect(await cdoe.op(CONVERSATION, 'Accept', { nickname: 'Casey' })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    const [status, participants, history] = await cdoe.next(3);
    expect(status).toMatchObject({
      notificationType: 'StatusChange',
      referenceId: 1,
      smssession: { state: 'Chatting', capabilities: CONFERENCE },
    });
    expect(participants).toMatchObject({ notificationType: 'ParticipantsUpdated', referenceId: 1 });
    expect(entries(history).map((entry) => entry.index)).toEqual([1, 2, 3, 4, 5]);

    // The inviter hears of it now, with the Invite's referenceId.
    const [updated, joined] = await testname.next(2);
    expect(updated).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      referenceId: 1,
      smssession: {
        participants: [
          expect.objectContaining({ nickname: 'FirstL' }),
          expect.objectContaining({ nickname: 'TestName' }),
          expect.objectContaining({ nickname: 'Casey' }),
        ],
        capabilities: CONFERENCE,
      },
    });
    expect(joined).toMatchObject({ notificationType: 'NewMessages', referenceId: 1 });
    expect(entries(joined)).toEqual([
      expect.objectContaining({ index: 5, type: 'ParticipantJoined', visibility: 'All' }),
    ]);
    expect(customerTexts(CONVERSATION).at(-1)).toBe('ParticipantJoined:Casey:');
  });

  it('tells the inviter "Request failed" with the Invite referenceId when the offer is rejected', async () => {
    await testname.op(CONVERSATION, 'Invite', { targetPath: `/users/${CDOE_ID}` });
    await cdoe.next(1);
    await cdoe.http.signIn();
    expect(await cdoe.op(CONVERSATION, 'Reject')).toEqual({ statusCode: 0, referenceId: 1 });
    expect(await cdoe.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({ state: 'Completed' }) as unknown,
      }),
    ]);
    expect(await testname.next(1)).toEqual([
      {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'Error',
        errorMessage: 'Request failed',
        referenceId: 1,
        smssession: expect.objectContaining({ state: 'Chatting' }) as unknown,
      },
    ]);
  });

  it('reports an invite of an agent already offered the session as an Error', async () => {
    await testname.op(CONVERSATION, 'Invite', { targetPath: `/users/${CDOE_ID}` });
    await testname.op(CONVERSATION, 'Invite', { targetUri: CDOE_USER_URI });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({ notificationType: 'Error', referenceId: 2 }),
    ]);
  });

  it('routes an inbound session to an auto-answering agent straight into Chatting', async () => {
    const created = await control('/sessions', { userName: 'bfriend', text: 'Hi' });
    const { id } = created.body as { id: string };
    const [status, participants, history] = await bfriend.next(3);
    expect(status).toMatchObject({
      notificationType: 'StatusChange',
      smssession: { id, state: 'Chatting' },
    });
    expect(participants).toMatchObject({ notificationType: 'ParticipantsUpdated' });
    expect(entries(history).map((entry) => entry.type)).toEqual([
      'ParticipantJoined',
      'Text',
      'ParticipantJoined',
    ]);
  });

  it('withdraws an inbound offer when the customer leaves before anyone accepts', async () => {
    const created = await control('/sessions', { userName: 'cdoe' });
    const { id } = created.body as { id: string };
    await cdoe.next(1);
    expect((await control(`/sessions/${id}/customer-leave`)).status).toBe(204);
    expect(await cdoe.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        smssession: expect.objectContaining({ state: 'Revoked', capabilities: [] }) as unknown,
      }),
    ]);
    expect((await control(`/sessions/${id}/customer-leave`)).status).toBe(409);
  });
});

describe('a conference', () => {
  it('gives both agents the conference capabilities and every agent-only message', async () => {
    await conferenceWithBFriend();
    expect((await bfriend.session(CONVERSATION))?.capabilities).toEqual(CONFERENCE);

    await testname.op(CONVERSATION, 'SendToAgents', { text: 'VIP customer' });
    await testname.op(CONVERSATION, 'SendCustomNoticeToAgents', { noticeText: 'Escalated' });
    await testname.op(CONVERSATION, 'SendStartTypingToAgentsNotification');
    await testname.op(CONVERSATION, 'SendStopTypingToAgentNotification');
    await bfriend.http.signIn();
    await bfriend.op(CONVERSATION, 'SendMessage', { text: 'Hello from BFriend' });

    const expected = [
      { type: 'Text', text: 'VIP customer', visibility: 'Agents' },
      { type: 'CustomNotice', noticeText: 'Escalated', visibility: 'Agents' },
      { type: 'TypingStarted', visibility: 'Agents' },
      { type: 'TypingStopped', visibility: 'Agents' },
      { type: 'Text', text: 'Hello from BFriend', visibility: 'All' },
    ];
    const mine = await testname.next(5);
    expect(mine.map((notification) => entries(notification)[0])).toEqual(
      expected.map((entry) => expect.objectContaining(entry)),
    );
    expect(mine.map((notification) => notification.referenceId)).toEqual([2, 3, 4, 5, undefined]);
    const theirs = await bfriend.next(5);
    expect(theirs.map((notification) => entries(notification)[0])).toEqual(
      expected.map((entry) => expect.objectContaining(entry)),
    );
    expect(theirs.map((notification) => notification.referenceId)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      1,
    ]);

    // The customer never sees what was meant for agents.
    expect(simulator.customerView(CONVERSATION).every((m) => m.visibility === 'All')).toBe(true);
    expect(customerTexts(CONVERSATION)).not.toContain('Text:TestName:VIP customer');
    expect(customerTexts(CONVERSATION).at(-1)).toBe('Text:BFriend:Hello from BFriend');
    const view = await send(`${simulator.url}/simulator/sessions/${CONVERSATION}/customer-view`);
    expect(JSON.stringify(view.body)).not.toMatch(/VIP customer|Escalated|Typing/);
  });

  it('Leave: Completed for the leaver; the others get ParticipantLeft, then the participants', async () => {
    await conferenceWithBFriend();
    await bfriend.http.signIn();
    expect(await bfriend.op(CONVERSATION, 'Leave')).toEqual({ statusCode: 0, referenceId: 1 });
    expect(await bfriend.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({ state: 'Completed', capabilities: [] }) as unknown,
      }),
    ]);
    const [left, updated] = await testname.next(2);
    expect(entries(left)).toEqual([
      expect.objectContaining({
        type: 'ParticipantLeft',
        from: expect.objectContaining({ nickname: 'BFriend' }) as unknown,
      }),
    ]);
    expect(left?.referenceId).toBeUndefined();
    expect(updated).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      smssession: {
        state: 'Chatting',
        participants: [{ nickname: 'FirstL' }, { nickname: 'TestName' }],
      },
    });
    expect((updated?.smssession as { capabilities: string[] }).capabilities).not.toContain(
      'SendToAgents',
    );
    expect(await bfriend.quiet(50)).toEqual([]);
  });

  it('LeaveAndComplete: Completed for the leaver; the customer stays with the other agent', async () => {
    await conferenceWithBFriend();
    await bfriend.http.signIn();
    expect(await bfriend.op(CONVERSATION, 'LeaveAndComplete')).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await bfriend.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({ state: 'Completed', capabilities: [] }) as unknown,
      }),
    ]);
    const [left, updated] = await testname.next(2);
    expect(entries(left)).toEqual([
      expect.objectContaining({
        type: 'ParticipantLeft',
        from: expect.objectContaining({ nickname: 'BFriend' }) as unknown,
      }),
    ]);
    expect(updated).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      smssession: {
        state: 'Chatting',
        participants: [{ nickname: 'FirstL' }, { nickname: 'TestName' }],
      },
    });
    expect(
      (await control(`/sessions/${CONVERSATION}/customer-messages`, { text: 'Still there?' }))
        .status,
    ).toBe(204);
    expect(entries((await testname.next(1))[0])[0]).toMatchObject({ text: 'Still there?' });
  });

  it('Complete by one agent leaves the customer with the other', async () => {
    await conferenceWithBFriend();
    await testname.op(CONVERSATION, 'Complete');
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({ notificationType: 'StatusChange', referenceId: 2 }),
    ]);
    const [left, updated] = await bfriend.next(2);
    expect(entries(left)[0]).toMatchObject({ type: 'ParticipantLeft' });
    expect(updated).toMatchObject({ notificationType: 'ParticipantsUpdated' });
    expect(
      (await control(`/sessions/${CONVERSATION}/customer-messages`, { text: 'Hi?' })).status,
    ).toBe(204);
    expect(entries((await bfriend.next(1))[0])[0]).toMatchObject({ text: 'Hi?' });
    expect(await testname.quiet(50)).toEqual([]);
  });
});

describe('RemoveParticipantFromConference', () => {
  it('an agent-only Notice naming the user, then the participants; the removed agent is done', async () => {
    await conferenceWithBFriend();
    const reply = await testname.op(CONVERSATION, 'RemoveParticipantFromConference', {
      targetUri: BFRIEND_USER_URI,
    });
    expect(reply).toEqual({ statusCode: 0, referenceId: 2 });
    const [notice, updated] = await testname.next(2);
    expect(notice).toMatchObject({ notificationType: 'NewMessages', referenceId: 2 });
    expect(entries(notice)).toEqual([
      expect.objectContaining({
        type: 'Notice',
        visibility: 'Agents',
        text: `REMOVE_PARTICIPANT_FROM_CONFERENCE${BFRIEND_ID}`,
        from: expect.objectContaining({ nickname: 'TestName' }) as unknown,
      }),
    ]);
    expect(updated).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      referenceId: 2,
      smssession: {
        participants: [{ nickname: 'FirstL' }, { nickname: 'TestName' }],
        userData: expect.objectContaining({ OrderNumber: 48213 }) as unknown,
      },
    });
    const [seen, done] = await bfriend.next(2);
    expect(entries(seen)[0]).toMatchObject({ type: 'Notice' });
    expect(seen?.referenceId).toBeUndefined();
    expect(done).toMatchObject({
      notificationType: 'StatusChange',
      smssession: { state: 'Completed' },
    });
    expect(customerTexts(CONVERSATION).join()).not.toContain('REMOVE_PARTICIPANT');
  });

  it('reports a target outside the session as "Request failed"; needs a targetUri', async () => {
    await conferenceWithBFriend();
    await testname.op(CONVERSATION, 'RemoveParticipantFromConference', {
      targetUri: CDOE_USER_URI,
    });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'Error',
        errorMessage: 'Request failed',
        referenceId: 2,
      }),
    ]);
    expect(await testname.op(CONVERSATION, 'RemoveParticipantFromConference')).toMatchObject({
      statusCode: 1,
    });
    expect(
      await testname.op(CONVERSATION, 'RemoveParticipantFromConference', { targetUri: 42 }),
    ).toMatchObject({ statusCode: 10 });
  });
});

describe('Consult', () => {
  it('CancelConsult before the consultant accepts: Revoked for them, silence for the requester', async () => {
    expect(await testname.op(CONVERSATION, 'Consult', { targetUri: CDOE_USER_URI })).toEqual({
      statusCode: 0,
      referenceId: 1,
    });
    expect(await cdoe.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        smssession: expect.objectContaining({ state: 'Invited' }) as unknown,
      }),
    ]);
    expect(await testname.op(CONVERSATION, 'CancelConsult')).toEqual({
      statusCode: 0,
      referenceId: 2,
    });
    expect(await cdoe.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        smssession: expect.objectContaining({ state: 'Revoked', capabilities: [] }) as unknown,
      }),
    ]);
    expect(await testname.quiet()).toEqual([]);
    expect(await testname.op(CONVERSATION, 'CancelConsult')).toMatchObject({ statusCode: 2 });
  });

  it('after the consultant accepts: agents-only presence, and CancelConsult fails', async () => {
    await testname.op(CONVERSATION, 'Consult', { targetPath: `/users/${CDOE_ID}` });
    await cdoe.next(1);
    await cdoe.http.signIn();
    await cdoe.op(CONVERSATION, 'Accept', { nickname: 'Casey' });
    await cdoe.next(3);
    const [updated, joined] = await testname.next(2);
    expect(updated).toMatchObject({
      notificationType: 'ParticipantsUpdated',
      referenceId: 1,
      smssession: { capabilities: CONFERENCE },
    });
    expect(entries(joined)).toEqual([
      expect.objectContaining({
        type: 'ParticipantJoined',
        visibility: 'Agents',
        from: expect.objectContaining({ nickname: 'Casey', visibility: 'Agents' }) as unknown,
      }),
    ]);

    // Whatever the consultant sends stays among agents; they may not remove anyone.
    await cdoe.op(CONVERSATION, 'SendMessage', { text: 'I can help' });
    expect(entries((await testname.next(1))[0])[0]).toMatchObject({
      text: 'I can help',
      visibility: 'Agents',
    });
    expect(
      await cdoe.op(CONVERSATION, 'RemoveParticipantFromConference', { targetUri: CDOE_USER_URI }),
    ).toMatchObject({ statusCode: 2 });
    expect(customerTexts(CONVERSATION).join()).not.toMatch(/Casey|I can help/);

    expect(await testname.op(CONVERSATION, 'CancelConsult')).toEqual({
      statusCode: 0,
      referenceId: 2,
    });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'Error',
        errorMessage: 'Request failed',
        referenceId: 2,
      }),
    ]);
  });

  it('an auto-answering consultant joins at once; Invite then conferences them in', async () => {
    await testname.op(CONVERSATION, 'Consult', { targetUri: BFRIEND_CONTACT_URI });
    const [updated, joined] = await testname.next(2);
    expect(updated).toMatchObject({ notificationType: 'ParticipantsUpdated', referenceId: 1 });
    expect(entries(joined)[0]).toMatchObject({ type: 'ParticipantJoined', visibility: 'Agents' });
    expect(customerTexts(CONVERSATION).join()).not.toContain('BFriend');

    await testname.op(CONVERSATION, 'Invite', { targetUri: BFRIEND_CONTACT_URI });
    const [conferenced, visible] = await testname.next(2);
    expect(conferenced).toMatchObject({ notificationType: 'ParticipantsUpdated', referenceId: 2 });
    expect(entries(visible)[0]).toMatchObject({ type: 'ParticipantJoined', visibility: 'All' });
    expect(customerTexts(CONVERSATION).at(-1)).toBe('ParticipantJoined:BFriend:');
  });
});

describe('Transfer', () => {
  it('to an agent without auto-answer: Completed for the transferrer, an offer for the target', async () => {
    expect(
      await testname.op(CONVERSATION, 'Transfer', { targetPath: `/users/${CDOE_ID}` }),
    ).toEqual({ statusCode: 0, referenceId: 1 });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        referenceId: 1,
        smssession: expect.objectContaining({ state: 'Completed' }) as unknown,
      }),
    ]);
    expect(await cdoe.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'StatusChange',
        smssession: expect.objectContaining({ state: 'Invited' }) as unknown,
      }),
    ]);
    await cdoe.http.signIn();
    await cdoe.op(CONVERSATION, 'Accept', { nickname: 'Casey' });
    const [status] = await cdoe.next(3);
    expect(status).toMatchObject({
      smssession: {
        state: 'Chatting',
        participants: [{ nickname: 'FirstL' }, { nickname: 'Casey' }],
      },
    });
    expect(await testname.quiet(50)).toEqual([]);
    expect(customerTexts(CONVERSATION).slice(-2)).toEqual([
      'ParticipantLeft:TestName:',
      'ParticipantJoined:Casey:',
    ]);
  });

  it('through a queue by name; to an auto-answering agent, who joins at once', async () => {
    await testname.op(CONVERSATION, 'Transfer', { queueName: 'SMS Conference Queue' });
    expect(await cdoe.next(1)).toEqual([
      expect.objectContaining({
        smssession: expect.objectContaining({ state: 'Invited' }) as unknown,
      }),
    ]);

    const second = SEED_SESSION_IDS.testnameSecondConversation;
    await testname.op(second, 'Transfer', { targetUri: BFRIEND_CONTACT_URI });
    const [status, participants] = await bfriend.next(3);
    expect(status).toMatchObject({ smssession: { id: second, state: 'Chatting' } });
    expect(participants?.smssession).toMatchObject({
      participants: [{ nickname: 'MaryK' }, { nickname: 'BFriend' }],
    });
  });

  it('refuses a missing (1) or doubled (10) target; an unknown one is an Error', async () => {
    expect(await testname.op(CONVERSATION, 'Transfer')).toMatchObject({ statusCode: 1 });
    expect(
      await testname.op(CONVERSATION, 'Transfer', { targetUri: CDOE_USER_URI, queueName: 'q' }),
    ).toMatchObject({ statusCode: 10 });
    expect(await testname.op(CONVERSATION, 'Transfer', { targetPath: 5 })).toMatchObject({
      statusCode: 10,
    });
    await testname.op(CONVERSATION, 'Transfer', { queueName: 'No Such Queue' });
    expect(await testname.next(1)).toEqual([
      expect.objectContaining({
        notificationType: 'Error',
        errorMessage: 'Operation failed',
        referenceId: 1,
      }),
    ]);
    expect(await testname.session(CONVERSATION)).toMatchObject({ state: 'Chatting' });
  });
});
