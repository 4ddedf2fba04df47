import { basic, startStack, type Stack } from '../support/stack.js';
import { allReceiving, hasText, Subscriber, type ReceivedEvent } from '../support/subscriber.js';

/**
 * One SMS conversation from offer to wrap-up, through the gateway only, while the agents'
 * subscriptions watch: every awaited operation must be CONFIRMED and every step's events arrive.
 */

const CDOE_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';
const DLEE_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d704';

interface Result {
  outcome: string;
  referenceId: number | null;
  errorMessage: string | null;
  session: { state: string; participants: { nickname: string }[] } | null;
}

let stack: Stack;
const subscribers: Subscriber[] = [];

beforeAll(async () => {
  stack = await startStack({ env: { OUTCOME_QUIET_WINDOW_MS: '300' } });
});
afterAll(async () => {
  await Promise.all(subscribers.map((subscriber) => subscriber.dispose()));
  await stack.close();
});

async function operate(userName: string, field: string, args: string): Promise<Result> {
  const response = await stack.graphql<Record<string, Result>>(
    `mutation { ${field}(${args}, awaitOutcome: true) {
       outcome referenceId errorMessage session { state participants { nickname } }
     } }`,
    { authorization: basic(userName) },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.[field] as Result;
}

async function stateFor(userName: string, id: string): Promise<string | undefined> {
  const response = await stack.graphql<{ smsSession: { state: string } | null }>(
    `{ smsSession(id: "${id}") { state } }`,
    { authorization: basic(userName) },
  );
  return response.data?.smsSession?.state;
}

function watch(userName: string): Subscriber {
  const subscriber = new Subscriber(stack.url, basic(userName));
  subscribers.push(subscriber);
  return subscriber;
}

const about =
  (id: string, check: (event: ReceivedEvent) => boolean) =>
  (event: ReceivedEvent): boolean =>
    event.sessionId === id && check(event);

const updated = (notificationType: string, state?: string) => (event: ReceivedEvent) =>
  event.__typename === 'SmsSessionUpdated' &&
  event.notificationType === notificationType &&
  (state === undefined || (event.session as { state: string }).state === state);

const added = (type: string, from?: string) => (event: ReceivedEvent) =>
  event.__typename === 'SmsMessagesAdded' &&
  (event.messages as { type: string; from: { nickname: string } | null }[]).some(
    (message) => message.type === type && (from === undefined || message.from?.nickname === from),
  );

it('inbound → accept → messages both ways → invite and accept → agents-only message → consult and cancel → leave → disposition → complete', async () => {
  const testname = watch('testname');
  const cdoe = watch('cdoe');
  await allReceiving(stack.simulator, '0000Na9B26EF006E', testname);
  await allReceiving(stack.simulator, '0000Na9B26EF0090', cdoe);

  // An inbound SMS session is offered to testname.
  const id = stack.simulator.offerSession({
    userName: 'testname',
    customerNickname: 'Pat',
    text: 'Hi, my order never arrived',
  });
  await testname.waitFor(about(id, updated('STATUS_CHANGE', 'INVITED')));

  // Accept: state, participants, then the history so far.
  const accepted = await operate('testname', 'acceptSmsSession', `id: "${id}", nickname: "Test"`);
  expect(accepted).toMatchObject({ outcome: 'CONFIRMED', session: { state: 'CHATTING' } });
  await testname.waitFor(about(id, updated('STATUS_CHANGE', 'CHATTING')));
  await testname.waitFor(about(id, updated('PARTICIPANTS_UPDATED')));
  await testname.waitFor(about(id, hasText('Hi, my order never arrived')));

  // Messages both ways.
  stack.simulator.sendCustomerMessage(id, 'It was order 48213');
  await testname.waitFor(about(id, hasText('It was order 48213')));
  const reply = await operate(
    'testname',
    'sendSmsMessage',
    `id: "${id}", text: "Sorry to hear that, let me check"`,
  );
  expect(reply.outcome).toBe('CONFIRMED');
  await testname.waitFor(about(id, hasText('Sorry to hear that, let me check')));

  // Invite a second agent, who accepts on their side; the invite is confirmed when they join.
  const invite = operate(
    'testname',
    'inviteToSmsSession',
    `id: "${id}", targetPath: "/users/${CDOE_ID}"`,
  );
  await cdoe.waitFor(about(id, updated('STATUS_CHANGE', 'INVITED')));
  const joined = await operate('cdoe', 'acceptSmsSession', `id: "${id}", nickname: "Casey"`);
  expect(joined).toMatchObject({ outcome: 'CONFIRMED', session: { state: 'CHATTING' } });
  expect(await invite).toMatchObject({ outcome: 'CONFIRMED' });
  await testname.waitFor(about(id, added('PARTICIPANT_JOINED', 'Casey')));
  await testname.waitFor(
    about(
      id,
      (event) =>
        updated('PARTICIPANTS_UPDATED')(event) &&
        (event.session as { participants: { nickname: string }[] }).participants.some(
          (participant) => participant.nickname === 'Casey',
        ),
    ),
  );

  // A message for the agents only: both agents see it, the customer does not.
  const internal = await operate(
    'testname',
    'sendSmsMessageToAgents',
    `id: "${id}", text: "Customer is a VIP"`,
  );
  expect(internal.outcome).toBe('CONFIRMED');
  const forAgents = await cdoe.waitFor(about(id, hasText('Customer is a VIP')));
  expect(forAgents.messages).toContainEqual(
    expect.objectContaining({ text: 'Customer is a VIP', visibility: 'AGENTS' }),
  );
  const customerSees = stack.simulator.customerView(id).map((message) => message.text);
  expect(customerSees).toContain('Sorry to hear that, let me check');
  expect(customerSees).not.toContain('Customer is a VIP');

  // Consult a third agent, then cancel before they answer: GWS confirms a cancel with silence.
  const consult = await stack.graphql<{ consultOnSmsSession: Result }>(
    `mutation { consultOnSmsSession(id: "${id}", targetPath: "/users/${DLEE_ID}") { outcome } }`,
  );
  expect(consult.data?.consultOnSmsSession.outcome).toBe('ACCEPTED');
  expect(await stateFor('dlee', id)).toBe('INVITED');
  const cancelled = await operate('testname', 'cancelSmsConsult', `id: "${id}"`);
  expect(cancelled.outcome).toBe('CONFIRMED');
  expect(await stateFor('dlee', id)).toBe('REVOKED');

  // The second agent leaves the conference; then testname leaves, alone, into wrap-up.
  const cdoeLeft = await operate('cdoe', 'leaveSmsSession', `id: "${id}"`);
  expect(cdoeLeft).toMatchObject({ outcome: 'CONFIRMED', session: { state: 'COMPLETED' } });
  const left = await operate('testname', 'leaveSmsSession', `id: "${id}"`);
  expect(left).toMatchObject({ outcome: 'CONFIRMED', session: { state: 'LEFT_CHAT' } });
  await testname.waitFor(about(id, updated('STATUS_CHANGE', 'LEFT_CHAT')));

  // Wrap-up: the disposition, then Complete.
  const disposition = await operate(
    'testname',
    'setSmsDisposition',
    `id: "${id}", disposition: "IssueResolved"`,
  );
  expect(disposition.outcome).toBe('CONFIRMED');
  const properties = await testname.waitFor(about(id, updated('PROPERTIES_UPDATED')));
  expect((properties.session as { userData: Record<string, unknown> }).userData).toMatchObject({
    DispositionCode: 'IssueResolved',
  });
  const completed = await operate('testname', 'completeSmsSession', `id: "${id}"`);
  expect(completed).toMatchObject({ outcome: 'CONFIRMED', session: { state: 'COMPLETED' } });
  await testname.waitFor(about(id, updated('STATUS_CHANGE', 'COMPLETED')));

  expect(testname.errors).toEqual([]);
  expect(cdoe.errors).toEqual([]);
});
