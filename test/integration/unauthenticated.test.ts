import { EventStream } from '../support/event-stream.js';
import { MultipartSubscription } from '../support/multipart.js';
import { basic, startStack, type Stack } from '../support/stack.js';

/**
 * A request refused for its credentials is answered 401 over every HTTP transport (queries and
 * mutations, Server-Sent Events, multipart subscriptions), with the coded error in its body and a
 * challenge no browser answers with a login prompt.
 */

const QUERY = '{ me { userName } }';
const SUBSCRIPTION = 'subscription { smsSessionEvents { sessionId } }';
const CHALLENGE = 'GWS realm="gws-sms-gateway"';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

interface Answer {
  status: number;
  challenge: string | null | undefined;
  codes: unknown[];
}

function answer(status: number, challenge: string | null | undefined, body: string): Answer {
  const { errors = [] } = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
  return { status, challenge, codes: errors.map((error) => error.extensions?.code) };
}

const credentials: [string, string | undefined][] = [
  ['no credentials', undefined],
  ['refused credentials', basic('testname', 'wrong')],
];

const transports: [string, (authorization: string | undefined) => Promise<Answer>][] = [
  [
    'HTTP POST',
    async (authorization) => {
      const response = await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
        body: JSON.stringify({ query: QUERY }),
      });
      return answer(
        response.status,
        response.headers.get('www-authenticate'),
        await response.text(),
      );
    },
  ],
  [
    'HTTP GET',
    async (authorization) => {
      const url = `${stack.url}?query=${encodeURIComponent(QUERY)}`;
      const response = await fetch(url, {
        headers: { 'apollo-require-preflight': 'true', ...(authorization && { authorization }) },
      });
      return answer(
        response.status,
        response.headers.get('www-authenticate'),
        await response.text(),
      );
    },
  ],
  [
    'Server-Sent Events',
    async (authorization) => {
      const opened = await EventStream.open(`${stack.url}/stream`, {
        authorization,
        body: { query: QUERY },
      });
      opened.stream.close();
      return answer(opened.status, opened.headers['www-authenticate'], opened.body ?? '{}');
    },
  ],
  [
    'multipart subscription',
    async (authorization) => {
      const opened = await MultipartSubscription.open(stack.url, {
        authorization,
        body: { query: SUBSCRIPTION },
      });
      opened.subscription.close();
      return answer(opened.status, opened.headers['www-authenticate'], opened.body ?? '{}');
    },
  ],
];

describe.each(transports)('%s', (_transport, send) => {
  it.each(credentials)('answers %s with 401 and UNAUTHENTICATED', async (_case, authorization) => {
    expect(await send(authorization)).toEqual({
      status: 401,
      challenge: CHALLENGE,
      codes: ['UNAUTHENTICATED'],
    });
  });

  it('answers good credentials with 200', async () => {
    const { status, codes } = await send(basic('testname'));
    expect({ status, codes }).toEqual({ status: 200, codes: [] });
  });
});
