import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';

const SEED_SESSION = '0000Na9B26EF006E';
const BFRIEND_SESSION = '0000Na9B26EF0080';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

function upstreamRequests(
  filter: (request: { method: string; path: string }) => boolean = () => true,
) {
  return stack.simulator.requests().filter(filter);
}

describe('queries', () => {
  it('me: the authenticated agent', async () => {
    const response = await stack.graphql('{ me { id userName firstName lastName uri } }');
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      me: {
        id: '8ae7d9e1e8a94b6fb8a4e1f9b3c5d701',
        userName: 'testname',
        firstName: 'Test',
        lastName: 'Name',
        uri: `${stack.simulator.url}/api/v2/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d701`,
      },
    });
  });

  it('smsSessions: only the agent’s own sessions, with participants, capabilities and user data', async () => {
    const response = await stack.graphql<{
      smsSessions: {
        id: string;
        state: string;
        capabilities: string[];
        participants: { participantId: string; nickname: string; type: string }[];
        userData: Record<string, unknown> | null;
        uri: string;
      }[];
    }>(
      '{ smsSessions { id state capabilities participants { participantId nickname type } userData uri } }',
    );
    expect(response.errors).toBeUndefined();
    const sessions = response.data?.smsSessions ?? [];
    const ids = sessions.map((session) => session.id);
    expect(ids).toEqual(
      expect.arrayContaining([SEED_SESSION, '0000Na9B26EF006M', '0000Na9B26EF0070']),
    );
    expect(ids).not.toContain(BFRIEND_SESSION);
    const seed = sessions.find((session) => session.id === SEED_SESSION);
    expect(seed?.state).toBe('CHATTING');
    expect(seed?.participants).toEqual(
      expect.arrayContaining([
        { participantId: '009052CB057100E7', nickname: 'TestName', type: 'AGENT' },
        { participantId: '009052CB056C00E5', nickname: 'FirstL', type: 'CUSTOMER' },
      ]),
    );
    expect(seed?.capabilities).toEqual(
      expect.arrayContaining(['INVITE', 'SEND_MESSAGE', 'COMPLETE']),
    );
    expect(seed?.userData).toEqual(expect.any(Object));
    expect(seed?.uri).toBe(`${stack.simulator.url}/api/v2/smssessions/${SEED_SESSION}`);
    const invited = sessions.find((session) => session.id === '0000Na9B26EF0070');
    expect(invited?.state).toBe('INVITED');
    expect(invited?.capabilities).toEqual(['ACCEPT', 'REJECT']);
  });

  it('smsSession with its transcript, paged as GWS pages it', async () => {
    const response = await stack.graphql<{
      smsSession: {
        all: {
          index: number;
          type: string;
          visibility: string;
          timestamp: string;
          text: string | null;
          from: Record<string, unknown> | null;
        }[];
        page: { index: number }[];
      };
    }>(
      `query ($id: ID!) { smsSession(id: $id) {
         all: messages { index type visibility timestamp text from { nickname type visibility path } }
         page: messages(startIndex: 2, count: 2) { index }
       } }`,
      { variables: { id: SEED_SESSION } },
    );
    expect(response.errors).toBeUndefined();
    const all = response.data?.smsSession.all ?? [];
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all[0]).toMatchObject({ index: 1, type: 'PARTICIPANT_JOINED', visibility: 'ALL' });
    // What GWS sends about a sender: visibility for all, the user path for agents.
    expect(all.map((message) => message.from)).toContainEqual({
      nickname: 'TestName',
      type: 'AGENT',
      visibility: 'ALL',
      path: '/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d701',
    });
    expect(all.map((message) => message.from)).toContainEqual(
      expect.objectContaining({ type: 'CUSTOMER', visibility: 'ALL', path: null }),
    );
    expect(all.find((message) => message.type === 'TEXT')?.text).toEqual(expect.any(String));
    for (const message of all)
      expect(new Date(message.timestamp).toISOString()).toBe(message.timestamp);
    expect(response.data?.smsSession.page.map((message) => message.index)).toEqual([2, 3]);
  });

  it('smsSession: another agent’s session is null', async () => {
    const response = await stack.graphql(`{ smsSession(id: "${BFRIEND_SESSION}") { id } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ smsSession: null });
    const theirs = await stack.graphql(`{ smsSession(id: "${BFRIEND_SESSION}") { id } }`, {
      authorization: basic('bfriend'),
    });
    expect(theirs.data).toEqual({ smsSession: { id: BFRIEND_SESSION } });
  });

  it('three lookups of one session in one request cost one upstream GET', async () => {
    await stack.graphql('{ me { id } }');
    stack.simulator.clearRequests();
    const response = await stack.graphql(
      `{ a: smsSession(id: "${SEED_SESSION}") { id } b: smsSession(id: "${SEED_SESSION}") { state }
         c: smsSession(id: "${SEED_SESSION}") { capabilities } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(upstreamRequests()).toEqual([
      expect.objectContaining({ method: 'GET', path: `/api/v2/me/smssessions/${SEED_SESSION}` }),
    ]);
  });

  it('smsSessions primes the per-request cache for smsSession', async () => {
    await stack.graphql('{ me { id } }');
    stack.simulator.clearRequests();
    const response = await stack.graphql(
      `{ smsSessions { id } smsSession(id: "${SEED_SESSION}") { id } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(upstreamRequests((request) => request.path.includes(SEED_SESSION))).toEqual([]);
  });
});

describe('authentication', () => {
  it.each([
    ['no credentials', undefined],
    ['a wrong password', basic('testname', 'wrong')],
    ['an unknown agent', basic('nobody')],
    ['another scheme', 'Bearer abc.def'],
  ])('%s → UNAUTHENTICATED', async (_case, authorization) => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: '{ smsSessions { id } }' }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(response.status).toBe(401);
    // A scheme of the gateway's own: a browser shows no login prompt over the app.
    expect(response.headers.get('www-authenticate')).toBe('GWS realm="gws-sms-gateway"');
  });

  it('sends nothing upstream without credentials', async () => {
    stack.simulator.clearRequests();
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(401);
    expect(upstreamRequests()).toEqual([]);
  });
});

describe('invalid input is refused before any upstream request', () => {
  it.each(['../../users/x', 'abc%2F..', 'abc/def', ' ', '0000Na9B26EF006E?fields=*'])(
    'smsSession(id: %j)',
    async (id) => {
      stack.simulator.clearRequests();
      const response = await stack.graphql('query ($id: ID!) { smsSession(id: $id) { id } }', {
        variables: { id },
      });
      expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
      expect(upstreamRequests()).toEqual([]);
    },
  );
});

describe('health', () => {
  it('shares one upstream probe among concurrent readiness checks', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    stack.simulator.clearRequests();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(new URL('/readyz', stack.url))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(stack.simulator.requests()).toHaveLength(1);
  });

  it('answers /healthz and /readyz', async () => {
    const base = new URL(stack.url);
    const health = await fetch(new URL('/healthz', base));
    expect(health.status).toBe(200);
    const ready = await fetch(new URL('/readyz', base));
    expect(ready.status).toBe(200);
  });
});
