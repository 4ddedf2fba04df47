import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { overWebSocket } from '../support/graphql-ws.js';
import { LegacyConnection, overLegacyWebSocket } from '../support/legacy-ws.js';
import { MultipartSubscription } from '../support/multipart.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/**
 * Input a hostile client may send, generated and reproduced: the gateway must answer each with a
 * coded GraphQL error or the right HTTP status, send nothing it refused to GWS, and give back the
 * memory it took.
 */

const SEED_SESSION = '0000Na9B26EF006E';
const TRANSCRIPT_MESSAGES = 500;
/** Codes a hostile request may get; never INTERNAL_SERVER_ERROR. */
const CLIENT_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'QUERY_TOO_COMPLEX',
  'RESPONSE_TOO_LARGE',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'UPSTREAM_REJECTED',
];
/** Every path the gateway may ask GWS for: validated, encoded segments only. */
const GWS_PATH =
  /^\/api\/v2\/(me(\/smssessions(\/[A-Za-z0-9]{1,64}(\/messages)?)?)?|(contacts|users|queues)(\/[A-Za-z0-9_-]{1,128})?)$/;
/**
 * The time a property of many generated requests may take: a few seconds alone, many times that
 * on a machine busy with other work.
 */
const PROPERTY_TIMEOUT_MS = 90_000;
/** Heap a run may keep once garbage is collected: caches and the simulator's request log. */
const HEAP_TOLERANCE_BYTES = 32 * 1024 * 1024;

/** V8's collector, made callable without starting Node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  // A 2 MB transcript, the kind a hostile query multiplies.
  for (let i = 0; i < TRANSCRIPT_MESSAGES; i += 1) {
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'x'.repeat(4_000));
  }
});
afterAll(() => stack.close());

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
}

async function send(body: unknown, authorization = basic('testname')): Promise<Answer> {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/**
 * Sends one request and checks the rules every answer keeps: a client status, client codes only,
 * only valid paths upstream, and nothing upstream for a request refused before execution.
 */
async function sendHostile(body: unknown): Promise<Answer> {
  const logged = stack.simulator.requests().length;
  const answer = await send(body);
  expect([200, 400, 429]).toContain(answer.status);
  for (const error of answer.body.errors ?? []) {
    expect(CLIENT_CODES).toContain(error.extensions?.code);
  }
  const upstream = stack.simulator.requests().slice(logged);
  for (const { path } of upstream) expect(path).toMatch(GWS_PATH);
  if (answer.status !== 200) expect(upstream).toEqual([]);
  return answer;
}

function codes(answer: Answer): unknown[] {
  return (answer.body.errors ?? []).map((error) => error.extensions?.code);
}

function aliases(count: number, field: string): string {
  return Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');
}

const FIELD_NAMES = [
  'id',
  'state',
  'uri',
  'userData',
  'capabilities',
  'participants',
  'participantId',
  'nickname',
  'type',
  'messages',
  'messages(count: 2)',
  'messages(startIndex: -1)',
  'text',
  'index',
  'from',
  'timestamp',
  '__typename',
  '__schema',
  'smsSessions',
  'me',
  'userName',
  'person',
  'name',
  'availability',
  'edges',
  'node',
  'unknownField',
];

/** Selection sets of any depth and width, valid or not, with aliases, fragments and directives. */
const selectionSet = fc.letrec<{ set: string; item: string }>((tie) => ({
  set: fc
    .array(tie('item'), { minLength: 1, maxLength: 5 })
    .map((items) => `{ ${items.join(' ')} }`),
  item: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...FIELD_NAMES),
    fc
      .tuple(
        fc.option(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/)),
        fc.constantFrom(...FIELD_NAMES),
        fc.option(fc.constantFrom('@include(if: true)', '@skip(if: false)', '@deprecated')),
        tie('set'),
      )
      .map(
        ([alias, field, directive, set]) =>
          `${alias ? `${alias}: ` : ''}${field} ${directive ?? ''} ${set}`,
      ),
    tie('set').map((set) => `... on SmsSession ${set}`),
  ),
})).set;

const document = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'query ', 'query Q ', 'subscription ', 'mutation '),
      fc.constantFrom(
        `smsSession(id: "${SEED_SESSION}")`,
        'smsSessions',
        'me',
        'smsSession(id: "../x")',
        'contacts(search: "a, b*")',
        'contacts(search: "casey", first: 100)',
        'contacts(first: 101)',
        'queues',
      ),
      fc.integer({ min: 1, max: 40 }),
      selectionSet,
    )
    .map(([kind, root, copies, set]) => `${kind}{ ${aliases(copies, `${root} ${set}`)} }`),
  fc.string({ maxLength: 300 }),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '(',
        ')',
        ':',
        '...',
        'F',
        'fragment F on Query',
        'me',
        'id',
        '$v',
        '"s"',
        '@include(if: true)',
      ),
      { maxLength: 120 },
    )
    .map((tokens) => tokens.join(' ')),
);

const hostileVariable = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 100 }),
  fc.constantFrom(SEED_SESSION, '../../admin', '0000Na9B26EF006E?x=1', '%2e%2e', ' ', 1e308, -1),
);

describe('hostile input', () => {
  let heapBefore: number;
  beforeAll(async () => {
    await send({
      query: `{ smsSession(id: "${SEED_SESSION}") { id messages(count: 1) { text } } }`,
    });
    collectGarbage();
    heapBefore = process.memoryUsage().heapUsed;
  });

  it('3,000 aliased smsSession: refused with QUERY_TOO_COMPLEX, no read sent', async () => {
    const answer = await sendHostile({
      query: `{ ${aliases(3_000, `smsSession(id: "${SEED_SESSION}") { id }`)} }`,
    });
    expect(codes(answer)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('50 aliased sendSmsMessage: refused with QUERY_TOO_COMPLEX, no message sent', async () => {
    const answer = await sendHostile({
      query: `mutation { ${aliases(50, `sendSmsMessage(id: "${SEED_SESSION}", text: "hi") { statusCode }`)} }`,
    });
    expect(codes(answer)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it.each([100, 400])(
    '%i aliases of messages on a 2 MB transcript: refused before a read',
    async (count) => {
      const answer = await sendHostile({
        query: `{ smsSession(id: "${SEED_SESSION}") { ${aliases(count, 'messages { text }')} } }`,
      });
      expect(codes(answer)).toEqual(['QUERY_TOO_COMPLEX']);
    },
  );

  it('as many aliases of messages as allowed: RESPONSE_TOO_LARGE, never a 500', async () => {
    const logged = stack.simulator.requests().length;
    const answer = await sendHostile({
      query: `{ smsSession(id: "${SEED_SESSION}") { ${aliases(15, 'messages { text }')} } }`,
    });
    expect(answer.body.data).toBeNull();
    expect(codes(answer)).toEqual(['RESPONSE_TOO_LARGE']);
    // The reads went out together, before the first answer passed the limit; the error is sent
    // as soon as it is known, so the last of them may still be on their way.
    const transcriptReads = () =>
      stack.simulator
        .requests()
        .slice(logged)
        .filter(({ path }) => path.endsWith('/messages')).length;
    await waitFor(() => transcriptReads() === 15);
  });

  it('fragments that spread each other exponentially: refused in bounded time', async () => {
    const levels = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on SmsSession { ...F${i + 1} ...F${i + 1} }`,
    );
    const answer = await sendHostile({
      query: `{ smsSessions { ...F0 } } ${levels.join(' ')} fragment F40 on SmsSession { id }`,
    });
    expect(codes(answer)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it(
    'generated documents get coded answers over HTTP, and nothing refused goes upstream',
    async () => {
      await fc.assert(
        fc.asyncProperty(document, async (query) => {
          await sendHostile({ query });
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'generated variables and request bodies get coded answers over HTTP',
    async () => {
      const query = `query ($id: ID!, $start: Int, $count: Int) {
      smsSession(id: $id) { id messages(startIndex: $start, count: $count) { index } }
    }`;
      await fc.assert(
        fc.asyncProperty(
          fc.record({ id: hostileVariable, start: hostileVariable, count: hostileVariable }),
          fc.jsonValue({ maxDepth: 2 }),
          async (variables, junk) => {
            await sendHostile({ query, variables });
            await sendHostile(junk);
          },
        ),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'generated documents get coded answers over WebSocket',
    async () => {
      await fc.assert(
        fc.asyncProperty(document, async (query) => {
          const answer = await overWebSocket(stack.url, basic('testname'), { query });
          for (const error of answer.errors ?? []) {
            expect(CLIENT_CODES).toContain(error.extensions?.code);
          }
        }),
        { numRuns: 25 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'generated documents get coded answers over the legacy graphql-ws subprotocol',
    async () => {
      await fc.assert(
        fc.asyncProperty(document, async (query) => {
          const answer = await overLegacyWebSocket(stack.url, basic('testname'), { query });
          for (const error of answer.errors ?? []) {
            expect(CLIENT_CODES).toContain(error.extensions?.code);
          }
        }),
        { numRuns: 25 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'generated documents get coded answers over multipart, and nothing refused goes upstream',
    async () => {
      await fc.assert(
        fc.asyncProperty(document, async (query) => {
          const logged = stack.simulator.requests().length;
          const { subscription, status, body } = await MultipartSubscription.open(stack.url, {
            authorization: basic('testname'),
            body: { query },
          });
          subscription.close();
          expect([200, 400, 429]).toContain(status);
          if (status === 200) return;
          const { errors = [] } = JSON.parse(body ?? '{}') as Answer['body'];
          for (const error of errors) expect(CLIENT_CODES).toContain(error.extensions?.code);
          expect(stack.simulator.requests().slice(logged)).toEqual([]);
        }),
        { numRuns: 50 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it.each(['legacy graphql-ws', 'multipart'])(
    '3,000 aliases over %s: refused with QUERY_TOO_COMPLEX, nothing sent upstream',
    async (transport) => {
      const logged = stack.simulator.requests().length;
      if (transport === 'multipart') {
        const { status, body } = await MultipartSubscription.open(stack.url, {
          authorization: basic('testname'),
          body: { query: `subscription { ${aliases(3_000, 'smsSessionEvents { sessionId }')} }` },
        });
        expect(status).toBe(400);
        expect(JSON.parse(body ?? '{}').errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      } else {
        const query = `{ ${aliases(3_000, `smsSession(id: "${SEED_SESSION}") { id }`)} }`;
        const answer = await overLegacyWebSocket(stack.url, basic('testname'), { query });
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([
          'QUERY_TOO_COMPLEX',
        ]);
      }
      expect(stack.simulator.requests().slice(logged)).toEqual([]);
    },
  );

  it(
    'generated messages on the legacy subprotocol get its own answers and never break it',
    async () => {
      const message = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        fc.string({ maxLength: 200 }),
        fc
          .record({
            type: fc.constantFrom(
              'start',
              'stop',
              'connection_init',
              'data',
              'ka',
              'complete',
              'x',
            ),
            id: fc.option(fc.oneof(fc.string({ maxLength: 8 }), fc.integer())),
            payload: fc.option(
              fc.oneof(
                fc.jsonValue({ maxDepth: 2 }),
                fc.record({ query: fc.oneof(document, fc.integer()), variables: fc.jsonValue() }),
              ),
            ),
          })
          .map((value) => JSON.stringify(value)),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 5 }), async (messages) => {
          const connection = await LegacyConnection.acknowledged(stack.url);
          try {
            for (const text of messages) connection.send(text);
            // The connection still answers afterwards, unless a message closed it as the
            // protocol says (a second connection_init): never with an internal error.
            connection.send({
              id: 'last',
              type: 'start',
              payload: { query: '{ me { userName } }' },
            });
            await waitFor(
              () =>
                connection.received('complete', 'last').length > 0 ||
                connection.closeCode !== undefined,
            );
            expect([undefined, 4429]).toContain(connection.closeCode);
            for (const { type, payload } of connection.messages) {
              if (type !== 'error' && type !== 'connection_error') continue;
              const code = (payload as { extensions?: { code?: unknown } }).extensions?.code;
              expect(CLIENT_CODES).toContain(code);
            }
          } finally {
            connection.close();
          }
        }),
        { numRuns: 40 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('the process is still healthy and gives back the memory it took', async () => {
    const health = await fetch(new URL('/healthz', stack.url));
    expect(health.status).toBe(200);
    const me = await send({ query: '{ me { userName } }' });
    expect(me.body).toEqual({ data: { me: { userName: 'testname' } } });
    collectGarbage();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(HEAP_TOLERANCE_BYTES);
  });
});
