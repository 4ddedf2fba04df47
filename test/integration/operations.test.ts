import { onlyErrorCode, startStack, type Stack } from '../support/stack.js';

const SESSION = '0000Na9B26EF006E';
const USER_URI = 'http://localhost:8080/api/v2/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(() => stack.close());

const RESULT =
  '{ sessionId operationName statusCode referenceId outcome errorMessage session { id } }';

/** mutation field, its arguments as GraphQL text, the body GWS must receive. */
const CASES: [string, string, Record<string, unknown>][] = [
  [
    'acceptSmsSession',
    'nickname: "Kate", saveLAR: true',
    { operationName: 'Accept', nickname: 'Kate', saveLAR: true },
  ],
  ['rejectSmsSession', '', { operationName: 'Reject' }],
  [
    'completeSmsSession',
    'queueName: "PostProcessingQueue"',
    { operationName: 'Complete', queueName: 'PostProcessingQueue' },
  ],
  ['leaveSmsSession', '', { operationName: 'Leave' }],
  ['leaveAndCompleteSmsSession', '', { operationName: 'LeaveAndComplete' }],
  [
    'transferSmsSession',
    'targetPath: "/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d703"',
    { operationName: 'Transfer', targetPath: '/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d703' },
  ],
  ['setSmsSessionInFocus', '', { operationName: 'SetInFocus' }],
  [
    'sendSmsMessage',
    'text: "Your parcel ships today"',
    { operationName: 'SendMessage', text: 'Your parcel ships today' },
  ],
  [
    'sendSmsUrl',
    'url: "https://example.com/track/48213"',
    { operationName: 'SendUrl', url: 'https://example.com/track/48213' },
  ],
  [
    'sendSmsMessageToAgents',
    'text: "VIP customer"',
    { operationName: 'SendToAgents', text: 'VIP customer' },
  ],
  [
    'sendSmsCustomNotice',
    'noticeText: "Survey follows"',
    { operationName: 'SendCustomNotice', noticeText: 'Survey follows' },
  ],
  [
    'sendSmsCustomNoticeToAgents',
    'noticeText: "Escalated"',
    { operationName: 'SendCustomNoticeToAgents', noticeText: 'Escalated' },
  ],
  ['startSmsTyping', '', { operationName: 'SendStartTypingNotification' }],
  ['startSmsTyping', 'toAgents: true', { operationName: 'SendStartTypingToAgentsNotification' }],
  ['stopSmsTyping', '', { operationName: 'SendStopTypingNotification' }],
  ['stopSmsTyping', 'toAgents: true', { operationName: 'SendStopTypingToAgentsNotification' }],
  [
    'inviteToSmsSession',
    'targetPath: "/queues/7c4f3e2a1b0d4e5f9a8b7c6d5e4f3a21"',
    { operationName: 'Invite', targetPath: '/queues/7c4f3e2a1b0d4e5f9a8b7c6d5e4f3a21' },
  ],
  [
    'consultOnSmsSession',
    `targetUri: "${USER_URI}"`,
    { operationName: 'Consult', targetUri: USER_URI },
  ],
  ['cancelSmsConsult', '', { operationName: 'CancelConsult' }],
  [
    'removeSmsParticipant',
    `targetUri: "${USER_URI}"`,
    { operationName: 'RemoveParticipantFromConference', targetUri: USER_URI },
  ],
  [
    'setSmsDisposition',
    'disposition: "IssueResolved", dispositionKey: "DispositionCode"',
    {
      operationName: 'SetDisposition',
      disposition: 'IssueResolved',
      dispositionKey: 'DispositionCode',
    },
  ],
  [
    'attachSmsUserData',
    'userData: { UserData1: "DATA1", UserData2: 123456789 }',
    { operationName: 'AttachUserData', userData: { UserData1: 'DATA1', UserData2: 123456789 } },
  ],
  [
    'updateSmsUserData',
    'userData: { OrderNumber: 48214 }',
    { operationName: 'UpdateUserData', userData: { OrderNumber: 48214 } },
  ],
  [
    'deleteSmsUserData',
    'keys: ["FromAddress"]',
    { operationName: 'DeleteUserData', keys: ['FromAddress'] },
  ],
];

function mutation(field: string, args: string): string {
  return `mutation { ${field}(id: "${SESSION}"${args ? `, ${args}` : ''}) ${RESULT} }`;
}

describe('every operation mutation sends exactly the documented body', () => {
  it.each(CASES)('%s(%s)', async (field, args, body) => {
    const response = await stack.graphql<
      Record<string, { operationName: string; outcome: string }>
    >(mutation(field, args));
    const posts = stack.simulator.requests().filter((request) => request.method === 'POST');
    expect(posts).toEqual([
      expect.objectContaining({ path: `/api/v2/me/smssessions/${SESSION}`, body }),
    ]);
    if (response.errors) {
      // GWS may refuse an operation for the seed session's state; the body was still exact.
      expect(onlyErrorCode(response)).toBe('UPSTREAM_REJECTED');
    } else {
      expect(response.data?.[field]).toMatchObject({
        operationName: body.operationName,
        outcome: 'ACCEPTED',
        session: null,
      });
    }
  });
});

describe('invalid operation input is refused before anything goes upstream', () => {
  it.each([
    ['acceptSmsSession', 'nickname: ""'],
    ['transferSmsSession', ''],
    ['transferSmsSession', 'targetPath: "/users/1", queueName: "q"'],
    ['transferSmsSession', 'targetUri: "ftp://gws/api/v2/users/1"'],
    ['sendSmsMessage', 'text: "   "'],
    ['sendSmsUrl', 'url: "javascript:alert(1)"'],
    ['sendSmsMessageToAgents', 'text: ""'],
    ['sendSmsCustomNotice', 'noticeText: ""'],
    ['consultOnSmsSession', ''],
    ['removeSmsParticipant', 'targetUri: "/api/v2/users/1"'],
    ['setSmsDisposition', 'disposition: ""'],
    ['attachSmsUserData', 'userData: { nested: { a: 1 } }'],
    ['updateSmsUserData', 'userData: { flag: true }'],
    ['updateSmsUserData', 'userData: {}'],
    ['deleteSmsUserData', 'keys: []'],
    ['sendSmsMessage', 'text: "hi", awaitOutcome: true, timeoutMs: 0'],
    ['sendSmsMessage', 'text: "hi", awaitOutcome: true, timeoutMs: 600001'],
  ])('%s(%s)', async (field, args) => {
    const response = await stack.graphql(mutation(field, args));
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requests()).toEqual([]);
    expect(stack.gateway.stats()).toMatchObject({ agentStreams: 0 });
  });

  it('refuses a traversing session id on any operation', async () => {
    const response = await stack.graphql(
      'mutation { leaveSmsSession(id: "../../me") { outcome } }',
    );
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requests()).toEqual([]);
  });
});

describe('text is measured and checked as a person writes it', () => {
  const SEND = `mutation ($text: String!) { sendSmsMessage(id: "${SESSION}", text: $text) ${RESULT} }`;

  it('accepts 4,096 emoji as 4,096 characters and sends them to GWS intact', async () => {
    const text = '\u{1F600}'.repeat(4096);
    const response = await stack.graphql(SEND, { variables: { text } });
    expect(response.errors).toBeUndefined();
    const posts = stack.simulator.requests().filter((request) => request.method === 'POST');
    expect(posts).toEqual([
      expect.objectContaining({ body: { operationName: 'SendMessage', text } }),
    ]);
  });

  it.each([
    ['a lone surrogate', 'half of \uD83D', /^text must not hold a lone surrogate/],
    ['a NUL', 'nul\u0000', /^text must not hold the control character U\+0000/],
  ])(
    'refuses a text with %s, naming the argument, with nothing sent',
    async (_case, text, message) => {
      const response = await stack.graphql(SEND, { variables: { text } });
      expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(message);
      expect(stack.simulator.requests()).toEqual([]);
    },
  );
});
