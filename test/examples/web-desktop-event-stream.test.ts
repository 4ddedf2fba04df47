import { openEventStream, type LiveStatus } from '../../examples/web-desktop/src/client.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { scrapeMetrics, seriesValue } from '../support/metrics.js';
import { repeatUntil, waitFor } from '../support/wait.js';

/** The simulator's seed session, which `testname` chats in. */
const SEED_SESSION = '0000Na9B26EF006E';
const EVENTS = 'subscription { smsSessionEvents { __typename sessionId cursor } }';
const REFUSED_STREAMS =
  'gateway_graphql_requests_total{transport="sse",operation="anonymous",outcome="UNAUTHENTICATED"}';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** Subscribes through the web desktop's event stream client; says how the subscription ended. */
function subscribe(authorization: string) {
  const statuses: LiveStatus[] = [];
  const client = openEventStream({
    url: stack.url,
    authorization,
    onLiveStatus: (status) => statuses.push(status),
  });
  const received: unknown[] = [];
  const ended: { error?: unknown } = {};
  let done = false;
  client.subscribe(
    { query: EVENTS },
    {
      next: (result) => received.push(result),
      error: (error) => {
        ended.error = error;
        done = true;
      },
      complete: () => {
        done = true;
      },
    },
  );
  return { client, statuses, received, ended, isDone: () => done };
}

describe('the web desktop over Server-Sent Events', () => {
  it('stops on refused credentials, once, and says so', async () => {
    const refused = subscribe(basic('testname', 'wrong'));
    await waitFor(refused.isDone, 10_000);
    expect(refused.ended.error).toBeInstanceOf(Error);
    expect((refused.ended.error as Error).message).toMatch(/refused the user name or password/);
    expect(refused.statuses.at(-1)).toEqual({ phase: 'refused', transport: 'Server-Sent Events' });
    expect(refused.received).toEqual([]);
    // One request, no retry.
    expect(seriesValue(await scrapeMetrics(stack.url), REFUSED_STREAMS)).toBe(1);
    refused.client.dispose();
  });

  it('still streams with the right credentials', async () => {
    const accepted = subscribe(basic('testname'));
    // The simulated customer writes until the stream carries it.
    await repeatUntil(
      async (i) => {
        stack.simulator.sendCustomerMessage(SEED_SESSION, `over the stream ${i}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
      () => accepted.received.length > 0,
    );
    expect(accepted.ended.error).toBeUndefined();
    expect(accepted.statuses).toContainEqual({
      phase: 'connected',
      transport: 'Server-Sent Events',
    });
    accepted.client.dispose();
  });
});
