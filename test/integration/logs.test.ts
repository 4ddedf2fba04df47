import { GatewayProcess, type LogLine } from '../support/gateway-process.js';
import { overWebSocket } from '../support/graphql-ws.js';
import { postGraphQL } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/** The embedded simulator's seed session, which `testname` chats in. */
const SEED_SESSION = '0000Na9B26EF006E';
const PASSWORD = 'demo';
const CREDENTIAL = Buffer.from(`testname:${PASSWORD}`).toString('base64');
const AUTHORIZATION = `Basic ${CREDENTIAL}`;
/** A text no log line may carry. */
const MESSAGE_TEXT = 'the customer’s card ends in 4242';

const operationLines = (logs: readonly LogLine[]) =>
  logs.filter((line) => line.msg.startsWith('graphql '));

describe('logs of the gateway started as `npm start` does, stdout a pipe', () => {
  let gateway: GatewayProcess | undefined;
  let url: string;
  beforeAll(async () => {
    // No GWS_BASE_URL: the embedded simulator, whose banner is for a person at a terminal.
    const started = await GatewayProcess.start(
      { LOG_LEVEL: 'info', PLAYGROUND: 'off' },
      { keepStderr: true },
    );
    ({ gateway, url } = started);
  }, 60_000);
  afterAll(() => gateway?.kill());

  it('writes one JSON line per operation to stdout, naming its transport, status, time, upstream calls and agent, never the credential or a message text', async () => {
    const running = gateway as GatewayProcess;
    expect(await postGraphQL(url, '{ me { userName } }', undefined, AUTHORIZATION)).toMatchObject({
      status: 200,
      data: { me: { userName: 'testname' } },
    });
    const sent = await postGraphQL(
      url,
      'mutation Send($id: ID!, $text: String!) { sendSmsMessage(id: $id, text: $text) { statusCode } }',
      { id: SEED_SESSION, text: MESSAGE_TEXT },
      AUTHORIZATION,
    );
    expect(sent).toMatchObject({ status: 200, data: { sendSmsMessage: { statusCode: 0 } } });
    expect(
      await overWebSocket(url, AUTHORIZATION, { query: 'query Sessions { smsSessions { id } }' }),
    ).toMatchObject({ data: { smsSessions: expect.arrayContaining([{ id: SEED_SESSION }]) } });
    const refused = await postGraphQL(url, 'query Nobody { me { userName } }', {}, 'Basic !!!');
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await waitFor(() => operationLines(running.logs).length >= 4);
    const [me, send, sessions, nobody] = operationLines(running.logs);
    const agent = expect.stringMatching(/^[0-9a-f]{64}$/);
    expect(me).toMatchObject({
      msg: 'graphql operation',
      level: 30,
      transport: 'http',
      status: 'ok',
      durationMs: expect.any(Number),
      upstreamCalls: 0,
      agent,
    });
    expect(send).toMatchObject({
      operation: 'Send',
      transport: 'http',
      status: 'ok',
      upstreamCalls: 1,
      agent: me?.agent,
    });
    expect(sessions).toMatchObject({
      operation: 'Sessions',
      transport: 'ws',
      status: 'ok',
      upstreamCalls: 1,
      agent: me?.agent,
    });
    expect(nobody).toMatchObject({ operation: 'Nobody', status: 'UNAUTHENTICATED' });

    expect(running.notJson).toEqual([]);
    expect(running.stdout).not.toContain(CREDENTIAL);
    expect(running.stdout).not.toContain(`testname:${PASSWORD}`);
    expect(running.stdout).not.toContain(MESSAGE_TEXT);
    // The banner went to stderr, as stdout is not a terminal.
    expect(running.stdout).not.toContain('Demo agents');
    expect(running.stderr).toContain('Demo agents (Basic credentials)');
  });
});
