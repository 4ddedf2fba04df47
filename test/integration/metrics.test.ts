import { EventStream } from '../support/event-stream.js';
import { overWebSocket } from '../support/graphql-ws.js';
import { seriesValue as value } from '../support/metrics.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { allReceiving, Subscriber } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '20' } });
});
afterAll(() => stack.close());

async function scrape(): Promise<string> {
  const response = await fetch(new URL('/metrics', stack.url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

describe('/metrics', () => {
  it('counts requests, refusals, upstream calls, streams, events and outcomes; no credential or text in a label', async () => {
    const subscriber = new Subscriber(stack.url, basic('testname'));
    await allReceiving(stack.simulator, SEED_SESSION, subscriber);
    const before = await scrape();

    await stack.graphql(`query SessionNow { smsSession(id: "${SEED_SESSION}") { id } }`);
    await stack.graphql('query Deep { smsSession(id: "x y") { id } }');
    await stack.graphql(
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
    );
    for (let i = 0; i <= 20; i += 1)
      await stack.graphql('{ me { id } }', { authorization: basic('bfriend') });
    const typing = await stack.graphql<{ startSmsTyping: { outcome: string } }>(
      `mutation { startSmsTyping(id: "${SEED_SESSION}", awaitOutcome: true) { outcome } }`,
    );
    expect(typing.data?.startSmsTyping.outcome).toBe('CONFIRMED');
    const leaveNowhere =
      'mutation LeaveNowhere { leaveSmsSession(id: "0000NoSuchSess01") { statusCode } }';
    const missing = await overWebSocket(stack.url, basic('testname'), { query: leaveNowhere });
    const { stream } = await EventStream.open(`${stack.url}/stream`, {
      authorization: basic('testname'),
      body: { query: leaveNowhere },
    });
    await waitFor(() => stream.completed);
    stream.close();
    const missingCode = missing.errors?.[0]?.extensions?.code;
    expect(missingCode).toMatch(/^[A-Z_]+$/);
    await overWebSocket(stack.url, basic('testname'), {
      query: `query SessionNow { smsSession(id: "${SEED_SESSION}") { id } }`,
    });
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'a secret customer text');
    await subscriber.waitFor((event) => JSON.stringify(event).includes('a secret customer text'));
    const after = await scrape();

    const moved = (series: string, by = 1) =>
      expect(value(after, series) - value(before, series)).toBeGreaterThanOrEqual(by);
    moved('gateway_graphql_requests_total{transport="http",operation="SessionNow",outcome="ok"}');
    moved(
      'gateway_graphql_requests_total{transport="http",operation="Deep",outcome="BAD_USER_INPUT"}',
    );
    moved(
      'gateway_graphql_requests_total{transport="http",operation="anonymous",outcome="QUERY_TOO_COMPLEX"}',
    );
    moved(
      'gateway_graphql_request_duration_seconds_count{transport="http",operation="SessionNow",outcome="ok"}',
    );
    moved('gateway_refused_requests_total{reason="rate_limited"}');
    moved('gateway_refused_requests_total{reason="too_complex"}');
    moved(
      'gateway_upstream_requests_total{method="GET",endpoint="/api/v2/me/smssessions/{id}",status="200"}',
    );
    moved(
      'gateway_upstream_request_duration_seconds_count{method="GET",endpoint="/api/v2/me/smssessions/{id}",status="200"}',
    );
    moved('gateway_events_fanned_out_total');
    moved('gateway_awaited_outcomes_total{outcome="CONFIRMED"}');
    expect(value(after, 'gateway_open_websockets')).toBe(1);
    expect(value(after, 'gateway_subscribers')).toBe(1);
    expect(value(after, 'gateway_agent_streams{state="connected"}')).toBe(1);
    // A subscription counts as ok when its events start; a mutation by how it ended, with its time.
    expect(after).toMatch(
      /^gateway_graphql_requests_total\{transport="ws",operation="anonymous",outcome="ok"\} \d/m,
    );
    moved(
      `gateway_graphql_requests_total{transport="ws",operation="LeaveNowhere",outcome="${String(missingCode)}"}`,
    );
    moved(
      `gateway_graphql_request_duration_seconds_count{transport="ws",operation="LeaveNowhere",outcome="${String(missingCode)}"}`,
    );
    moved(
      'gateway_graphql_request_duration_seconds_count{transport="ws",operation="SessionNow",outcome="ok"}',
    );
    moved(
      `gateway_graphql_request_duration_seconds_count{transport="sse",operation="LeaveNowhere",outcome="${String(missingCode)}"}`,
    );
    expect(after).toMatch(/^process_resident_memory_bytes \d/m);

    for (const secret of ['demo', basic('testname').slice(6), 'a secret customer text', 'x y']) {
      expect(after).not.toContain(secret);
    }
    await subscriber.dispose();
    await waitFor(async () => value(await scrape(), 'gateway_open_websockets') === 0);
  });
});
