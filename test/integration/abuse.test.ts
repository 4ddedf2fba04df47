import WebSocket from 'ws';
import { waitFor } from '../support/wait.js';
import { overWebSocket } from '../support/graphql-ws.js';
import { rawRequest } from '../support/http.js';
import { EventStream } from '../support/event-stream.js';
import { scrapeMetrics, seriesValue } from '../support/metrics.js';
import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';
import { allReceiving, Subscriber } from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
const ME = '{ me { userName } }';

let stack: Stack;
afterEach(() => stack.close());

/** A POST to the gateway that keeps the HTTP status and headers. */
async function post(authorization: string, query = ME) {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

/** A POST from one loopback address: several clients, as the gateway tells them apart. */
async function postFrom(localAddress: string, authorization: string, query = ME) {
  const answer = await rawRequest(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query }),
    localAddress,
  });
  const body = JSON.parse(answer.body.toString()) as {
    errors?: { extensions?: { code?: string } }[];
  };
  return { status: answer.status, retryAfter: answer.headers['retry-after'], body };
}

/** The close code of a graphql-ws connection that sends this credential in `connection_init`. */
async function webSocketCloseCode(authorization: string): Promise<number> {
  const socket = new WebSocket(stack.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { Authorization: authorization } }),
  );
  return closed;
}

/** Sign-ins GWS received: every GET /api/v2/me, accepted or not. */
function upstreamSignIns(): number {
  return stack.simulator.requests().filter(({ path }) => path === '/api/v2/me').length;
}

/** One agent's credential spelled as clients may (RFC 7235: any scheme case, extra spaces). */
function spellings(userName: string): string[] {
  const encoded = basic(userName).slice('Basic '.length);
  return [
    `Basic ${encoded}`,
    `basic ${encoded}`,
    `BASIC   ${encoded}  `,
    `bAsIc\t${encoded.replace(/=+$/, '')}`,
  ];
}

describe('rate limit per agent', () => {
  beforeEach(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '4' } });
  });

  it('answers 429 with Retry-After and RATE_LIMITED past the limit, however the credential is spelled', async () => {
    for (const authorization of spellings('testname')) {
      expect((await post(authorization)).status).toBe(200);
    }
    const limited = await post(basic('testname'));
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.body.errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
  });

  it('refuses a WebSocket subscribe past the limit with RATE_LIMITED; other agents are unaffected', async () => {
    for (let i = 0; i < 4; i += 1) await post(basic('testname'));
    const overSocket = await overWebSocket(stack.url, basic('testname'), { query: ME });
    expect(onlyErrorCode({ status: 200, ...overSocket })).toBe('RATE_LIMITED');
    const colleague = await post(basic('bfriend'));
    expect(colleague.status).toBe(200);
    expect(colleague.body.errors).toBeUndefined();
  });
});

describe('sign-in protection', () => {
  beforeEach(async () => {
    stack = await startStack();
  });

  it('sends 200 guessed passwords for one user to GWS no more than 3 times; the real one still works', async () => {
    expect((await post(basic('testname'))).status).toBe(200);
    stack.simulator.clearRequests();
    const guesses = Array.from({ length: 200 }, (_, i) => basic('testname', `guess${i}`));
    const answers = [];
    for (let batch = 0; batch < guesses.length; batch += 20) {
      answers.push(...(await Promise.all(guesses.slice(batch, batch + 20).map((g) => post(g)))));
    }
    for (const { status, body } of answers) {
      const code = body.errors?.[0]?.extensions?.code;
      expect([401, 429]).toContain(status);
      expect(status === 429 ? 'RATE_LIMITED' : 'UNAUTHENTICATED').toBe(code);
    }
    const throttled = answers.filter(({ status }) => status === 429).length;
    expect(throttled).toBeGreaterThanOrEqual(197);
    expect(
      seriesValue(
        await scrapeMetrics(stack.url),
        'gateway_refused_requests_total{reason="sign_in_throttled"}',
      ),
    ).toBe(throttled);
    expect(upstreamSignIns()).toBeLessThanOrEqual(3);

    const real = await post(basic('testname'));
    expect(real.status).toBe(200);
    expect(real.body.errors).toBeUndefined();
    // A colleague's sign-in is not throttled by someone guessing another user's password.
    expect((await post(basic('bfriend'))).body.errors).toBeUndefined();
  });

  it('asks GWS about a refused credential once, however often it comes back', async () => {
    const wrong = basic('testname', 'wrong');
    for (let i = 0; i < 10; i += 1) {
      expect((await post(wrong)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(upstreamSignIns()).toBe(1);
  });
});

describe('sign-in protection before the gateway knows the real password', () => {
  const ATTACKER = '127.0.0.2';
  const AGENT = '127.0.0.1';

  beforeEach(async () => {
    stack = await startStack();
  });

  async function guessFrom(address: string, guesses: number, first = 0): Promise<number[]> {
    const statuses = [];
    for (let i = first; i < first + guesses; i += 1) {
      statuses.push((await postFrom(address, basic('bfriend', `guess${i}`))).status);
    }
    return statuses;
  }

  it('lets the agent sign in at once from its own address while another address is throttled', async () => {
    expect(await guessFrom(ATTACKER, 4)).toEqual([401, 401, 401, 429]);
    const real = await postFrom(AGENT, basic('bfriend'));
    expect(real.status).toBe(200);
    expect(real.body.errors).toBeUndefined();
  });

  it('bounds guessing spread over addresses, sending GWS no more than the per-user cap', async () => {
    const addresses = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
    for (const [i, address] of addresses.entries()) await guessFrom(address, 3, i * 3);
    const next = await postFrom('127.0.0.6', basic('bfriend', 'one more guess'));
    expect(next.status).toBe(429);
    expect(Number(next.retryAfter)).toBeGreaterThan(0);
    expect(next.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(upstreamSignIns()).toBe(10);
  });

  it('closes a throttled WebSocket with 1013 (try again later), which graphql-ws clients retry', async () => {
    await guessFrom(AGENT, 3);
    expect(await webSocketCloseCode(basic('bfriend', 'another guess'))).toBe(1013);
  });

  it('answers a throttled event stream 429 with Retry-After', async () => {
    await guessFrom(AGENT, 3);
    const { status, headers, body } = await EventStream.open(`${stack.url}/stream`, {
      authorization: basic('bfriend', 'another guess'),
      body: { query: 'subscription { smsSessionEvents { __typename } }' },
    });
    expect(status).toBe(429);
    expect(Number(headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(body as string).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});

describe('rate limit without credentials', () => {
  beforeEach(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
  });

  it('counts requests without credentials per client address', async () => {
    const introspection = '{ __typename }';
    for (let i = 0; i < 2; i += 1) {
      expect((await postFrom('127.0.0.2', '', introspection)).status).toBe(200);
    }
    const limited = await postFrom('127.0.0.2', '', introspection);
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await postFrom('127.0.0.3', '', introspection)).status).toBe(200);
  });
});

describe('one agent, one upstream session and stream, however the credential is spelled', () => {
  beforeEach(async () => {
    stack = await startStack();
  });

  it('signs in once and opens one CometD stream for every spelling', async () => {
    for (const authorization of spellings('testname')) {
      const { body } = await post(authorization);
      expect(body.errors).toBeUndefined();
    }
    const subscribers = spellings('testname').map(
      (authorization) => new Subscriber(stack.url, authorization),
    );
    try {
      await allReceiving(stack.simulator, SEED_SESSION, ...subscribers);
      expect(upstreamSignIns()).toBe(1);
      expect(stack.gateway.stats()).toMatchObject({ agentSessions: 1, agentStreams: 1 });
      expect(stack.simulator.notificationStats().testname?.handshakes).toBe(1);
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.dispose()));
    }
    await waitFor(() => stack.gateway.stats().subscribers === 0);
  });
});
