import { fileURLToPath } from 'node:url';
import { GatewayProcess } from '../support/gateway-process.js';
import { basic, postGraphQL } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const MANIFEST = fileURLToPath(
  new URL('../../examples/agent-desktop/src/gql/persisted-documents.json', import.meta.url),
);

/** The command the banner suggests: its query, and where it is sent. */
function suggestedCurl(banner: string): { query: string; url: string } | undefined {
  const match = /-d '(\{.*\})' (\S+)/.exec(banner);
  if (!match) return undefined;
  const body = JSON.parse(match[1] as string) as { query: string };
  return { query: body.query, url: match[2] as string };
}

describe('the start banner of the embedded simulator', () => {
  let gateway: GatewayProcess | undefined;
  afterEach(() => gateway?.kill());

  it('suggests a query the gateway runs', async () => {
    ({ gateway } = await GatewayProcess.start({ PLAYGROUND: 'off' }, { keepStderr: true }));
    const running = gateway;
    await waitFor(() => running.stderr.includes('Demo agents'), 10_000);
    const curl = suggestedCurl(running.stderr);
    expect(curl).toBeDefined();
    const response = await postGraphQL(curl!.url, curl!.query, undefined, basic('testname'));
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ me: { userName: 'testname' } });
  }, 60_000);

  it('under TRUSTED_DOCUMENTS suggests no ad-hoc query, which would be refused, and says what runs', async () => {
    ({ gateway } = await GatewayProcess.start(
      { PLAYGROUND: 'off', TRUSTED_DOCUMENTS: MANIFEST },
      { keepStderr: true },
    ));
    const running = gateway;
    await waitFor(() => running.stderr.includes('Demo agents'), 10_000);
    expect(suggestedCurl(running.stderr)).toBeUndefined();
    expect(running.stderr).toContain(`Trusted documents only (TRUSTED_DOCUMENTS=${MANIFEST})`);
  }, 60_000);
});
