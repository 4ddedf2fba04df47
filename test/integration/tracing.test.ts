import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { GatewayProcess } from '../support/gateway-process.js';
import { EventStream } from '../support/event-stream.js';
import { LegacyConnection } from '../support/legacy-ws.js';
import { MultipartSubscription } from '../support/multipart.js';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { basic, postGraphQL } from '../support/stack.js';
import { addsText, allReceiving, Subscriber } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';
const SEED_CONTACT_URI = 'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041';
const CREDENTIAL = basic('testname');
const DESK = 'query Desk { me { userName } smsSessions { id state } }';
const INVITE = `mutation Invite($id: ID!, $targetUri: String) {
  inviteToSmsSession(id: $id, targetUri: $targetUri) { referenceId }
}`;
/** The gateway's export waits this long at most before sending what it has. */
const EXPORT_EVERY = { OTEL_BSP_SCHEDULE_DELAY: '50' };
const SPAN_TIMEOUT_MS = 15_000;

/** A W3C trace context of the client's own: a trace id and the client's span id. */
function clientTrace(): { traceId: string; parentId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-01` };
}

async function request(
  url: string,
  query: string,
  headers: Record<string, string>,
  variables?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: CREDENTIAL, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Runs the Desk query on a fresh graphql-ws connection. */
async function queryOverWebSocket(
  url: string,
  webSocketImpl: unknown,
  connectionParams: Record<string, string>,
): Promise<void> {
  const { createClient } = await import('graphql-ws');
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl,
    retryAttempts: 0,
    connectionParams,
  });
  try {
    const result = await new Promise((resolve, reject) => {
      client.subscribe(
        { query: DESK },
        { next: resolve, error: reject, complete: () => undefined },
      );
    });
    expect(result).toMatchObject({ data: { me: { userName: 'testname' } } });
  } finally {
    await client.dispose();
  }
}

describe('OpenTelemetry tracing', () => {
  let simulator: Simulator;
  let receiver: OtlpReceiver;
  let gateway: GatewayProcess | undefined;
  let subscriber: Subscriber | undefined;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0 });
    receiver = await OtlpReceiver.start();
  });
  afterEach(async () => {
    await subscriber?.dispose();
    subscriber = undefined;
    await gateway?.kill();
    gateway = undefined;
    await receiver.close();
    await simulator.close();
  });

  async function startGateway(env: Record<string, string>): Promise<string> {
    const started = await GatewayProcess.start({ GWS_BASE_URL: simulator.url, ...env });
    gateway = started.gateway;
    return started.url;
  }

  function spansWhere(test: (span: ReceivedSpan) => boolean): ReceivedSpan[] {
    return receiver.spans.filter(test);
  }

  async function spanWhere(
    what: string,
    test: (span: ReceivedSpan) => boolean,
  ): Promise<ReceivedSpan> {
    await waitFor(() => receiver.spans.some(test), SPAN_TIMEOUT_MS).catch(() => {
      const seen = receiver.spans.map(({ name, traceId }) => `${name} ${traceId}`);
      throw new Error(`no span ${what} among ${JSON.stringify(seen)}`);
    });
    return receiver.spans.find(test) as ReceivedSpan;
  }

  it('continues the client trace: operation span, GWS call spans as its children, traceparent sent to GWS', async () => {
    const url = await startGateway({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      ...EXPORT_EVERY,
    });

    const desk = clientTrace();
    const answer = await request(url, DESK, {
      traceparent: desk.traceparent,
      baggage: 'desk=private',
    });
    expect(answer.errors).toBeUndefined();
    const query = await spanWhere('query Desk', (span) => span.name === 'query Desk');
    expect(query).toMatchObject({
      traceId: desk.traceId,
      parentSpanId: desk.parentId,
      kind: 2, // SERVER
      service: 'gws-sms-gateway',
      attributes: {
        'graphql.operation.type': 'query',
        'graphql.operation.name': 'Desk',
        'graphql.transport': 'http',
      },
    });
    // GET /api/v2/me and GET /api/v2/me/smssessions, each a client span under the operation.
    const deskCalls = await spanWhere('for the session list', (span) =>
      span.name.startsWith('GWS GET /api/v2/me/smssessions'),
    );
    expect(deskCalls).toMatchObject({
      traceId: desk.traceId,
      parentSpanId: query.spanId,
      kind: 3, // CLIENT
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
    });
    expect(deskCalls.attributes['gws.agent']).toEqual(expect.any(String));
    const gwsCalls = spansWhere((span) => span.name.startsWith('GWS '));
    // Every call GWS received in this trace carried its traceparent, with the trace's id.
    const traced = simulator
      .requests()
      .filter(({ traceparent }) => traceparent?.includes(desk.traceId));
    expect(traced.map(({ path }) => path)).toEqual(
      expect.arrayContaining(['/api/v2/me', '/api/v2/me/smssessions']),
    );
    // A client's baggage is not passed on to GWS.
    expect(simulator.requests().filter(({ baggage }) => baggage !== undefined)).toEqual([]);
    for (const { traceparent } of traced) {
      const spanId = traceparent?.split('-')[2];
      expect(gwsCalls.map((span) => span.spanId)).toContain(spanId);
    }

    const invite = clientTrace();
    const invited = await request(
      url,
      INVITE,
      { traceparent: invite.traceparent },
      {
        id: SEED_SESSION,
        targetUri: SEED_CONTACT_URI,
      },
    );
    expect(invited.errors).toBeUndefined();
    const mutation = await spanWhere('mutation Invite', (span) => span.name === 'mutation Invite');
    expect(mutation).toMatchObject({ traceId: invite.traceId, parentSpanId: invite.parentId });
    const post = await spanWhere(
      'for the invite',
      (span) => span.name === 'GWS POST /api/v2/me/smssessions/{id}',
    );
    expect(post).toMatchObject({ traceId: invite.traceId, parentSpanId: mutation.spanId });
    const invitePost = simulator
      .requests()
      .find(({ method, operationName }) => method === 'POST' && operationName === 'Invite');
    expect(invitePost?.traceparent).toBe(`00-${invite.traceId}-${post.spanId}-01`);

    // Over Server-Sent Events, the request's traceparent is continued the same way.
    const overSse = clientTrace();
    const { stream } = await EventStream.open(`${url}/stream`, {
      authorization: CREDENTIAL,
      body: { query: DESK },
      headers: { traceparent: overSse.traceparent },
    });
    try {
      await waitFor(() => stream.completed);
    } finally {
      stream.close();
    }
    const sseQuery = await spanWhere(
      'query Desk over SSE',
      (span) => span.traceId === overSse.traceId && span.name === 'query Desk',
    );
    expect(sseQuery).toMatchObject({
      parentSpanId: overSse.parentId,
      attributes: { 'graphql.transport': 'sse' },
    });

    // Over the legacy graphql-ws subprotocol, connection_init's traceparent is continued.
    const overLegacy = clientTrace();
    const legacy = await LegacyConnection.open(url);
    try {
      legacy.send({
        type: 'connection_init',
        payload: { Authorization: CREDENTIAL, traceparent: overLegacy.traceparent },
      });
      legacy.start('1', DESK);
      await legacy.next('complete', '1');
    } finally {
      legacy.close();
    }
    const legacyQuery = await spanWhere(
      'query Desk over the legacy subprotocol',
      (span) => span.traceId === overLegacy.traceId && span.name === 'query Desk',
    );
    expect(legacyQuery).toMatchObject({
      parentSpanId: overLegacy.parentId,
      attributes: { 'graphql.transport': 'ws-legacy' },
    });

    // A multipart subscription's subscribe continues its request's traceparent.
    const overMultipart = clientTrace();
    const multipart = await MultipartSubscription.open(url, {
      authorization: CREDENTIAL,
      body: { query: 'subscription Events { smsSessionEvents { sessionId } }' },
      headers: { traceparent: overMultipart.traceparent },
    });
    multipart.subscription.close();
    expect(multipart.status).toBe(200);
    const subscribed = await spanWhere(
      'subscription Events over multipart',
      (span) => span.traceId === overMultipart.traceId && span.name === 'subscription Events',
    );
    expect(subscribed).toMatchObject({
      parentSpanId: overMultipart.parentId,
      attributes: { 'graphql.transport': 'multipart' },
    });

    // Neither the credential nor anything of it is recorded.
    const recorded = JSON.stringify(receiver.spans);
    expect(recorded).not.toContain(CREDENTIAL.slice('Basic '.length));
    expect(recorded).not.toContain('testname:demo');
    expect(receiver.unreadable).toEqual([]);
  });

  it('CometD exchanges are spans, and a delivered subscription event links to the one that carried it', async () => {
    const url = await startGateway({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'desk-gateway',
      ...EXPORT_EVERY,
    });
    const connect = clientTrace();
    subscriber = new Subscriber(url, CREDENTIAL, { sessionId: SEED_SESSION });
    await allReceiving(simulator, SEED_SESSION, subscriber);
    const text = `tracing ${randomBytes(6).toString('hex')}`;
    simulator.sendCustomerMessage(SEED_SESSION, text);
    await subscriber.waitFor(addsText((added) => added === text));

    for (const channel of ['/meta/handshake', '/meta/subscribe', '/meta/connect']) {
      const exchange = await spanWhere(
        `CometD ${channel}`,
        (span) => span.name === `CometD ${channel}`,
      );
      expect(exchange).toMatchObject({
        kind: 3,
        service: 'desk-gateway',
        attributes: { 'cometd.channel': channel, 'gws.agent': expect.any(String) },
      });
    }
    // The subscription's subscribe is an operation span of its own.
    await spanWhere(
      'subscription over WebSocket',
      (span) => span.name === 'subscription' && span.attributes['graphql.transport'] === 'ws',
    );
    // Each delivered event is a span that links to the long-poll whose answer brought it.
    const event = await spanWhere(
      'for a delivered event',
      (span) => span.name === 'subscription event' && span.links.length === 1,
    );
    expect(event.kind).toBe(5); // CONSUMER
    const [link] = event.links;
    const carrier = await spanWhere(
      'that carried the event',
      (span) => span.spanId === link?.spanId,
    );
    expect(carrier).toMatchObject({ name: 'CometD /meta/connect', traceId: link?.traceId });
    expect(carrier?.attributes['cometd.notifications']).toBeGreaterThan(0);
    // The long-poll is not a part of the subscribing client's trace, nor the event's.
    expect(event.traceId).not.toBe(carrier?.traceId);
    expect(carrier?.parentSpanId).toBeUndefined();

    // A WebSocket operation continues the trace of its connection_init payload, else that of the
    // upgrade request's header.
    const upgrade = clientTrace();
    const { default: WebSocket } = await import('ws');
    class UpgradeWithTrace extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { traceparent: upgrade.traceparent } });
      }
    }
    await queryOverWebSocket(url, WebSocket, {
      Authorization: CREDENTIAL,
      // Matched case-insensitively, as a payload's keys are the client's choice.
      Traceparent: connect.traceparent,
    });
    await queryOverWebSocket(url, UpgradeWithTrace, { Authorization: CREDENTIAL });
    for (const [trace, where] of [
      [connect, 'connection_init'],
      [upgrade, 'upgrade'],
    ] as const) {
      const overWs = await spanWhere(
        `query Desk over WebSocket, traced by its ${where}`,
        (span) => span.name === 'query Desk' && span.traceId === trace.traceId,
      );
      expect(overWs).toMatchObject({
        parentSpanId: trace.parentId,
        attributes: { 'graphql.transport': 'ws' },
      });
    }

    // Neither the credential nor the message text is recorded.
    const recorded = JSON.stringify(receiver.spans);
    expect(recorded).not.toContain(CREDENTIAL.slice('Basic '.length));
    expect(recorded).not.toContain(text);
  });

  it('without OTEL_* settings: no traceparent goes to GWS', async () => {
    const url = await startGateway({});
    const answer = await postGraphQL(url, DESK, undefined, CREDENTIAL);
    expect(answer.errors).toBeUndefined();
    const requests = simulator.requests();
    expect(requests.map(({ path }) => path)).toContain('/api/v2/me/smssessions');
    expect(requests.filter(({ traceparent }) => traceparent !== undefined)).toEqual([]);
  });

  it('with OTEL_SDK_DISABLED: no span is exported and no traceparent sent, to the very end', async () => {
    const url = await startGateway({
      OTEL_SDK_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      ...EXPORT_EVERY,
    });
    const answer = await request(url, DESK, { traceparent: clientTrace().traceparent });
    expect(answer.errors).toBeUndefined();
    // A graceful stop exports whatever spans are buffered: after it, none can come any more.
    gateway?.signal('SIGTERM');
    expect(await gateway?.exitCode()).toBe(0);
    expect(receiver.spans).toEqual([]);
    expect(receiver.unreadable).toEqual([]);
    expect(simulator.requests().filter(({ traceparent }) => traceparent !== undefined)).toEqual([]);
  });
});
