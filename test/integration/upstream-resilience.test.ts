import { onlyErrorCode, startStack, type Stack } from '../support/stack.js';

const SESSION = '0000Na9B26EF006E';
const SESSION_PATH = `/api/v2/me/smssessions/${SESSION}`;

describe('GWS resets a pooled connection', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
    // Signed in: the agent's connection to GWS is pooled and kept alive.
    expect((await stack.graphql('{ me { id } }')).errors).toBeUndefined();
    stack.simulator.clearRequests();
  });
  afterEach(() => stack.close());

  const sent = (method: string, path: string) =>
    stack.simulator
      .requests()
      .filter((request) => request.method === method && request.path === path).length;

  it('a read is sent once more and succeeds', async () => {
    stack.simulator.resetNextConnections(1);
    const response = await stack.graphql<{ smsSession: { id: string } }>(
      `{ smsSession(id: "${SESSION}") { id } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.smsSession.id).toBe(SESSION);
    expect(sent('GET', SESSION_PATH)).toBe(2);
  });

  it('a read whose second attempt is reset too fails with UPSTREAM_UNAVAILABLE', async () => {
    stack.simulator.resetNextConnections(2);
    const response = await stack.graphql(`{ smsSession(id: "${SESSION}") { id } }`);
    expect(onlyErrorCode(response)).toBe('UPSTREAM_UNAVAILABLE');
    expect(sent('GET', SESSION_PATH)).toBe(2);
  });

  it('an operation is sent once and fails with UPSTREAM_UNAVAILABLE', async () => {
    stack.simulator.resetNextConnections(1);
    const response = await stack.graphql(
      `mutation { sendSmsMessage(id: "${SESSION}", text: "hello") { statusCode } }`,
    );
    expect(onlyErrorCode(response)).toBe('UPSTREAM_UNAVAILABLE');
    expect(sent('POST', SESSION_PATH)).toBe(1);
    expect(stack.simulator.customerView(SESSION).map((message) => message.text)).not.toContain(
      'hello',
    );
  });
});
