import { overWebSocket } from '../support/graphql-ws.js';
import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';
const OTHER_SESSIONS = ['0000Na9B26EF006M', '0000Na9B26EF0070'];

let stack: Stack;
afterEach(() => stack.close());

function aliases(count: number, field: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join(' ');
}

/** Requests GWS received for the session API, apart from the agent's identity. */
function sessionRequests(): number {
  return stack.simulator.requests().filter(({ path }) => path.startsWith('/api/v2/me/')).length;
}

/** The same operation over HTTP and WebSocket: both answers' error codes. */
async function codesOnBothTransports(query: string): Promise<unknown[]> {
  const overHttp = await stack.graphql(query);
  const overSocket = await overWebSocket(stack.url, basic('testname'), { query });
  return [onlyErrorCode(overHttp), onlyErrorCode({ status: 200, ...overSocket })];
}

describe('what one operation may cost', () => {
  beforeEach(async () => {
    stack = await startStack({ env: { MAX_QUERY_DEPTH: '4' } });
    await stack.graphql('{ me { id } }');
    stack.simulator.clearRequests();
  });

  it.each([
    // One past MAX_ALIASES' default and far below the token limit, so the alias rule refuses it.
    ['aliases', `{ ${aliases(16, () => `smsSession(id: "${SEED_SESSION}") { id }`)} }`],
    [
      'depth',
      `mutation { sendSmsMessage(id: "${SEED_SESSION}", text: "hi") { session { messages { from { nickname } } } } }`,
    ],
    [
      'mutations',
      `mutation { ${aliases(50, () => `sendSmsMessage(id: "${SEED_SESSION}", text: "hi") { statusCode }`)} }`,
    ],
    [
      'mutations',
      `mutation { ${aliases(3, () => `sendSmsMessage(id: "${SEED_SESSION}", text: "hi") { statusCode }`)} }`,
    ],
    [
      'directives',
      `{ me { ${aliases(11, () => 'id @include(if: true)')} } }`.replace(/a\d+: /g, ''),
    ],
  ])(
    'refuses an operation past its %s limit with QUERY_TOO_COMPLEX over HTTP and WebSocket, sending nothing',
    async (_limit, query) => {
      const codes = await codesOnBothTransports(query);
      expect(codes).toEqual(['QUERY_TOO_COMPLEX', 'QUERY_TOO_COMPLEX']);
      expect(sessionRequests()).toBe(0);
    },
  );

  it('counts aliases inside introspection too, for a client without credentials', async () => {
    const query = `{ __schema { ${aliases(16, () => 'types { name }')} } }`;
    const response = await stack.graphql(query, { authorization: '' });
    expect(onlyErrorCode(response)).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses an operation past the token limit before parsing it all', async () => {
    const query = `{ ${'me { id } '.repeat(600)} }`;
    expect(await codesOnBothTransports(query)).toEqual(['QUERY_TOO_COMPLEX', 'QUERY_TOO_COMPLEX']);
  });

  it('lets an agent desktop’s operations through: two mutations, a query as deep as allowed', async () => {
    const twoTyping = `mutation { a: startSmsTyping(id: "${SEED_SESSION}") { statusCode } b: stopSmsTyping(id: "${SEED_SESSION}") { statusCode } }`;
    const response = await stack.graphql(twoTyping);
    expect(response.errors).toBeUndefined();
    const deep = await stack.graphql(
      `{ smsSession(id: "${SEED_SESSION}") { messages(count: 1) { from { participantId nickname } } } }`,
    );
    expect(deep.errors).toBeUndefined();
  });
});

describe('the upstream budget of one operation', () => {
  beforeEach(async () => {
    stack = await startStack({ env: { MAX_UPSTREAM_CALLS_PER_OPERATION: '2' } });
    await stack.graphql('{ me { id } }');
    stack.simulator.clearRequests();
  });

  it('refuses reads past the budget with QUERY_TOO_COMPLEX, sending none of a batch', async () => {
    const ids = [SEED_SESSION, ...OTHER_SESSIONS];
    const query = `{ ${ids.map((id, i) => `s${i}: smsSession(id: "${id}") { id }`).join(' ')} }`;
    const response = await stack.graphql(query);
    expect(response.data).toBeNull();
    expect(onlyErrorCode(response)).toBe('QUERY_TOO_COMPLEX');
    expect(sessionRequests()).toBe(0);
  });

  it('stops reading once the budget is spent: the list and one transcript, then no more', async () => {
    const response = await stack.graphql('{ smsSessions { id messages { index } } }');
    expect(response.data).toBeNull();
    expect(onlyErrorCode(response)).toBe('QUERY_TOO_COMPLEX');
    // The one transcript read the budget allowed may still be on its way when the answer is sent.
    await waitFor(() => sessionRequests() === 2);
    await stack.graphql('{ me { id } }');
    expect(sessionRequests()).toBe(2);
  });

  it('gives each operation its own budget', async () => {
    for (let i = 0; i < 3; i += 1) {
      const response = await stack.graphql(
        `{ smsSession(id: "${SEED_SESSION}") { id messages(count: 1) { index } } }`,
      );
      expect(response.errors).toBeUndefined();
    }
  });
});

describe('the size of a response', () => {
  const TRANSCRIPT_MESSAGES = 500;
  const MESSAGE_TEXT = 'x'.repeat(4_000);

  beforeEach(async () => {
    stack = await startStack();
    for (let i = 0; i < TRANSCRIPT_MESSAGES; i += 1) {
      stack.simulator.sendCustomerMessage(SEED_SESSION, MESSAGE_TEXT);
    }
  });

  it('refuses aliases of a 2 MB transcript with RESPONSE_TOO_LARGE, over HTTP and WebSocket', async () => {
    const query = `{ smsSession(id: "${SEED_SESSION}") { ${aliases(15, () => 'messages { text }')} } }`;
    const overHttp = await stack.graphql(query);
    expect(overHttp.data).toBeNull();
    expect(onlyErrorCode(overHttp)).toBe('RESPONSE_TOO_LARGE');
    const overSocket = await overWebSocket(stack.url, basic('testname'), { query });
    expect(onlyErrorCode({ status: 200, ...overSocket })).toBe('RESPONSE_TOO_LARGE');
  });

  it('answers the transcript once', async () => {
    const response = await stack.graphql<{ smsSession: { messages: { text: string }[] } }>(
      `{ smsSession(id: "${SEED_SESSION}") { messages { text } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.smsSession.messages.length).toBeGreaterThanOrEqual(TRANSCRIPT_MESSAGES);
  });
});
