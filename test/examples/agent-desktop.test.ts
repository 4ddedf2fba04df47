import { fileURLToPath } from 'node:url';
import { runAgentDesktop, type DesktopUpdate } from '../../examples/agent-desktop/src/desktop.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import {
  allReceiving,
  hasText,
  Subscriber,
  transcriptTexts,
  type ReceivedEvent,
} from '../support/subscriber.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';

/** The manifest the example's codegen writes, in the format TRUSTED_DOCUMENTS reads. */
const MANIFEST = fileURLToPath(
  new URL('../../examples/agent-desktop/src/gql/persisted-documents.json', import.meta.url),
);

const WITNESS_QUERY = `subscription {
  smsSessionEvents {
    __typename cursor sessionId notificationType referenceId
    ... on SmsMessagesAdded { messages { text } }
  }
}`;

/** The example desktop against the stack through `proxy`, with what it saw and its reconnects held. */
class Desktop {
  readonly updates: DesktopUpdate[] = [];
  readonly events: ReceivedEvent[] = [];
  readonly done: Promise<void>;
  private readonly stop = new AbortController();
  private allowReconnect!: () => void;
  private readonly reconnectAllowed = new Promise<void>(
    (resolve) => (this.allowReconnect = resolve),
  );

  constructor(url: string, password = 'demo') {
    this.done = runAgentDesktop({
      url,
      userName: 'testname',
      password,
      signal: this.stop.signal,
      // Holds every reconnect until the test lets it through, so events happen while it is away.
      retryWait: () => this.reconnectAllowed,
      onUpdate: (update) => {
        this.updates.push(update);
        if (update.kind === 'event') this.events.push(update.event);
      },
    });
  }

  reconnect(): void {
    this.allowReconnect();
  }

  updatesOf<Kind extends DesktopUpdate['kind']>(kind: Kind) {
    return this.updates.filter(
      (update): update is Extract<DesktopUpdate, { kind: Kind }> => update.kind === kind,
    );
  }

  async close(): Promise<void> {
    this.stop.abort();
    this.allowReconnect();
    await this.done;
  }
}

describe('the example agent desktop', () => {
  let stack: Stack;
  let proxy: TcpProxy;
  let witness: Subscriber;
  let desktop: Desktop;

  beforeEach(async () => {
    stack = await startStack();
    proxy = await startTcpProxy(stack.url);
    witness = new Subscriber(stack.url, basic('testname'), { query: WITNESS_QUERY });
  });

  afterEach(async () => {
    await desktop.close().catch(() => undefined);
    await witness.dispose();
    await proxy.close();
    await stack.close();
  });

  it('signs in, lists the sessions, and after a dropped connection gets exactly the three events it missed', async () => {
    desktop = new Desktop(proxy.url);
    await allReceiving(stack.simulator, SEED_SESSION, witness, desktop);
    expect(desktop.updatesOf('signedIn')[0]?.agent.userName).toBe('testname');
    expect(desktop.updatesOf('sessions')[0]?.sessions.map((session) => session.id)).toContain(
      SEED_SESSION,
    );
    const lastSeen = desktop.events.at(-1)?.cursor;
    expect(lastSeen).toEqual(expect.any(String));
    const seenBefore = desktop.events.length;

    proxy.dropConnections();
    await waitFor(() => desktop.updatesOf('disconnected').length === 1);
    for (const text of ['missed 1', 'missed 2', 'missed 3']) {
      stack.simulator.sendCustomerMessage(SEED_SESSION, text);
    }
    await witness.waitFor(hasText('missed 3'));
    const missed = witness.events.slice(-3);
    expect(transcriptTexts(missed)).toEqual(['missed 1', 'missed 2', 'missed 3']);

    desktop.reconnect();
    await waitFor(() => desktop.events.some(hasText('missed 3')));
    expect(desktop.updatesOf('connected').at(-1)).toEqual({
      kind: 'connected',
      reconnect: true,
      resumeAfter: lastSeen,
    });
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'live again');
    await waitFor(() => desktop.events.some(hasText('live again')));

    const resumed = desktop.events.slice(seenBefore);
    expect(transcriptTexts(resumed)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live again']);
    expect(resumed.slice(0, 3).map((event) => event.cursor)).toEqual(
      missed.map((event) => event.cursor),
    );
    expect(desktop.updatesOf('connected').map((update) => update.reconnect)).toEqual([false, true]);
  });

  it('stops with the refusal when GWS refuses the credentials', async () => {
    desktop = new Desktop(proxy.url, 'not-the-password');
    await expect(desktop.done).rejects.toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(desktop.updates).toEqual([]);
  });
});

describe('the example agent desktop against a gateway that runs only its manifest', () => {
  let stack: Stack;
  let desktop: Desktop;

  beforeEach(async () => {
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: MANIFEST } });
  });

  afterEach(async () => {
    await desktop.close().catch(() => undefined);
    await stack.close();
  });

  it('signs in, lists the sessions and receives events, each operation named by its hash', async () => {
    desktop = new Desktop(stack.url);
    await allReceiving(stack.simulator, SEED_SESSION, desktop);
    expect(desktop.updatesOf('signedIn')[0]?.agent.userName).toBe('testname');
    expect(desktop.updatesOf('sessions')[0]?.sessions.map((session) => session.id)).toContain(
      SEED_SESSION,
    );
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'by hash');
    await waitFor(() => desktop.events.some(hasText('by hash')));
    // The gateway runs nothing else.
    const adHoc = await stack.graphql('query SignedInAgent { me { id } }');
    expect(adHoc.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
