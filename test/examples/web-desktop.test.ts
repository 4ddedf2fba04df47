import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type WebSocketRoute,
} from 'playwright-core';
import { buildWebDesktop, MANIFEST, serveWebDesktop } from '../../examples/web-desktop/serve.js';
import type { SignedInAgentQuery } from '../../examples/web-desktop/src/gql/graphql.js';
import { rawRequest } from '../support/http.js';
import { scrapeMetrics, seriesValue } from '../support/metrics.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
/** Keeps Chromium from calling home on a closed network (and from looking like it leaks). */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * The desk in the middle of the shift; the README shows a copy (docs/web-desktop.png), so a test
 * run leaves the checkout as it found it.
 */
const SCREENSHOT = fileURLToPath(new URL('../../test-results/web-desktop.png', import.meta.url));

/** The demo agent with no seeded session: the shift's sessions are the only ones on the desk. */
const AGENT = 'dlee';
/** The web desktop's transcript page size: a longer transcript is read in pages. */
const PAGE_SIZE = 20;
/** Two devices, each following the session events and the channel events. */
const SUBSCRIBERS = 4;
/** Generous for a loaded machine; every wait is on a condition, never on time alone. */
const STEP_TIMEOUT_MS = 30_000;

const browserMissing = !existsSync(CHROMIUM);
const skipBrowser = browserMissing && process.env.CI !== 'true';
if (skipBrowser) {
  process.stderr.write(
    `Skipping the web desktop's browser test: no Chromium at ${CHROMIUM}. Install it with ` +
      '`apt-get install -y --no-install-recommends chromium-headless-shell` or set CHROMIUM_PATH.\n',
  );
}

/**
 * Runs one of the desktop's trusted documents (`query SignedInAgent`, `mutation EndShift`), by
 * hash and text, as the agent: the gateway runs nothing else.
 */
async function runTrusted<T>(stack: Stack, operation: string): Promise<T> {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
  const [hash, text] =
    Object.entries(manifest).find(([, document]) => document.includes(`${operation} `)) ?? [];
  if (!hash || !text) throw new Error(`The manifest has no ${operation}.`);
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(AGENT) },
    body: JSON.stringify({
      query: text,
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`${operation}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** What the test touches inside the page (the tests compile without the DOM's types). */
interface InPage {
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string }) => void,
    ): void;
  };
}

let stack: Stack;
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await buildWebDesktop();
  // The page server first, so the gateway can be told its origin; the page waits for the gateway.
  let gatewayKnown!: (url: string) => void;
  site = await serveWebDesktop({
    gatewayUrl: new Promise<string>((resolve) => (gatewayKnown = resolve)),
  });
  stack = await startStack({
    env: { CORS_ORIGINS: new URL(site.url).origin, TRUSTED_DOCUMENTS: MANIFEST },
  });
  gatewayKnown(stack.url);
});

afterAll(async () => {
  await stack?.close();
  await site?.close();
});

describe("the web desktop's page server", () => {
  it('serves the page under a CSP that lets it reach only itself and the gateway', async () => {
    const page = await rawRequest(site.url);
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    const gateway = new URL(stack.url);
    expect(csp).toContain(`connect-src 'self' ${gateway.origin} ws://${gateway.host}`);
    expect(page.body.toString()).toContain(
      `<script type="application/json" id="web-desktop-config">${JSON.stringify({ gatewayUrl: stack.url })}</script>`,
    );
  });

  it('serves the built script and style with their types', async () => {
    for (const [path, type] of [
      ['app.js', 'text/javascript'],
      ['style.css', 'text/css'],
    ] as const) {
      const asset = await rawRequest(`${site.url}${path}`);
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toContain(type);
    }
  });

  it.each(['/index.html', '/../package.json', '/%2e%2e/package.json', '/serve.js', '/app.js.map'])(
    'serves nothing else: %s',
    async (path) => {
      expect((await rawRequest(site.url, { rawPath: path })).status).toBe(404);
    },
  );

  it('takes only GET and HEAD', async () => {
    const answer = await rawRequest(site.url, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
  });
});

(skipBrowser ? describe.skip : describe)('the web desktop in Chromium', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  /** Every URL the pages asked for, WebSockets included. */
  const visited: string[] = [];

  beforeAll(async () => {
    if (browserMissing) {
      throw new Error(
        `CI=true but there is no Chromium at ${CHROMIUM}: .ci/run must install chromium-headless-shell.`,
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /** A page of its own browser context: another tab or device of the agent. */
  async function openDesk(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    contexts.push(context);
    const page = await context.newPage();
    context.on('request', (request) => visited.push(request.url()));
    page.on('websocket', (socket) => visited.push(socket.url()));
    // Functions, never strings: a string is compiled inside the page, which its CSP refuses.
    await page.addInitScript(() =>
      (globalThis as unknown as InPage).document.addEventListener(
        'securitypolicyviolation',
        (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      ),
    );
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  }

  /**
   * Passes the page's WebSockets through to the gateway until `drop` closes the current one at
   * both ends; reconnects are then refused until `allowReconnect`.
   */
  async function holdWebSockets(page: Page) {
    let open: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
    let refusing = false;
    await page.routeWebSocket(/\/graphql$/, async (socket) => {
      if (refusing) return socket.close();
      open = { page: socket, server: socket.connectToServer() };
    });
    return {
      drop: async () => {
        refusing = true;
        await open?.server.close();
        await open?.page.close();
      },
      allowReconnect: () => {
        refusing = false;
      },
    };
  }

  async function logIn(page: Page, password = 'demo'): Promise<void> {
    await page.goto(site.url);
    await page.getByLabel('User name').fill(AGENT);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  function shows(page: Page, selector: string, text: string) {
    return page.locator(selector, { hasText: text }).waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  function transcriptLine(page: Page, text: string) {
    return page.locator('.transcript li', { hasText: text });
  }

  function gone(page: Page, selector: string, text: string) {
    return page
      .locator(selector, { hasText: text })
      .waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  }

  it("runs one agent's shift, and a second device of the agent stays in step", async () => {
    // The agent's previous shift ended: logging in starts one, and the sms channel Not Ready.
    await runTrusted(stack, 'mutation EndShift');

    const desk = await openDesk();
    const deskSocket = await holdWebSockets(desk);
    await logIn(desk, 'not-the-password');
    await shows(desk, '.sign-in [role=alert]', 'refused');
    await logIn(desk);
    await shows(desk, '.presence .state', 'SMS: Not Ready');
    await shows(desk, '.live', 'Live over WebSocket');

    // The second device's WebSocket does not get through: it falls back to Server-Sent Events.
    const other = await openDesk();
    await other.routeWebSocket(/\/graphql$/, (socket) => socket.close());
    await logIn(other);
    await shows(other, '.live', 'Live over Server-Sent Events');
    // Both devices' subscriptions are in place before anything happens that they should see.
    await waitFor(
      async () =>
        seriesValue(await scrapeMetrics(stack.url), 'gateway_subscribers') === SUBSCRIBERS,
      STEP_TIMEOUT_MS,
    );

    await desk.getByLabel('SMS state').selectOption({ label: 'Ready' });
    for (const page of [desk, other]) await shows(page, '.presence .state', 'SMS: Ready');

    const sessionId = stack.simulator.offerSession({
      userName: AGENT,
      customerNickname: 'Robin',
      text: 'Hello, is my parcel on its way?',
    });
    // An offer lists no participants (GWS's Invited samples): the desk names it by its id.
    for (const page of [desk, other]) await shows(page, '.sessions button', sessionId);
    await desk.locator('.sessions button', { hasText: sessionId }).click();
    await shows(desk, '.transcript li', 'Hello, is my parcel on its way?');
    await desk.getByRole('button', { name: 'Accept' }).click();
    for (const page of [desk, other]) await shows(page, '.sessions button', 'Robin');

    // More than a page of messages: the other device, opening the session now, reads the last
    // page and pages back to the first message on request.
    for (let update = 1; update <= PAGE_SIZE; update += 1) {
      stack.simulator.sendCustomerMessage(sessionId, `Update ${update} of ${PAGE_SIZE}`);
    }
    stack.simulator.sendCustomerMessage(sessionId, 'It was due yesterday.');
    await shows(desk, '.transcript li', 'It was due yesterday.');
    await other.locator('.sessions button', { hasText: 'Robin' }).click();
    await shows(other, '.transcript li', 'It was due yesterday.');
    expect(await transcriptLine(other, 'Hello, is my parcel on its way?').count()).toBe(0);
    await other.getByRole('button', { name: 'Earlier messages' }).click();
    await shows(other, '.transcript li', 'Hello, is my parcel on its way?');

    await desk.getByLabel('Message').fill('It leaves the depot today.');
    await desk.getByRole('button', { name: 'Send' }).click();
    for (const page of [desk, other]) {
      await shows(page, '.transcript li', 'It leaves the depot today.');
    }

    // The desk's WebSocket drops, and stays down while the customer writes: once it is back, the
    // subscription resumes after the last event the desk received, and the message shows once.
    await deskSocket.drop();
    await shows(desk, '.live', 'Reconnecting');
    stack.simulator.sendCustomerMessage(sessionId, 'Are you still there?');
    deskSocket.allowReconnect();
    await shows(desk, '.live', 'Live over WebSocket');
    await shows(desk, '.transcript li', 'Are you still there?');
    expect(await transcriptLine(desk, 'Are you still there?').count()).toBe(1);

    // A colleague found by name joins: BFriend's desktop answers offers at once.
    await desk.getByLabel('Find a contact').fill('best');
    await desk.getByRole('button', { name: 'Find', exact: true }).click();
    const colleague = desk.locator('.contacts li', { hasText: 'Best Friend' });
    await colleague.getByRole('button', { name: 'Invite' }).click();
    for (const page of [desk, other]) await shows(page, '.participants li', 'BFriend');
    await desk.screenshot({ path: SCREENSHOT });

    // A second session goes to a colleague found by name: it leaves the agent's desks.
    const transferred = stack.simulator.offerSession({
      userName: AGENT,
      customerNickname: 'Sam',
      text: 'Can I change my delivery address?',
    });
    await desk.locator('.sessions button', { hasText: transferred }).click();
    await desk.getByRole('button', { name: 'Accept' }).click();
    for (const page of [desk, other]) await shows(page, '.sessions button', 'Sam');
    await desk.getByLabel('Find a contact').fill('casey');
    await desk.getByRole('button', { name: 'Find', exact: true }).click();
    await desk
      .locator('.contacts li', { hasText: 'Casey Doe' })
      .getByRole('button', { name: 'Transfer' })
      .click();
    for (const page of [desk, other]) await gone(page, '.sessions button', 'Sam');
    await desk.locator('.sessions button', { hasText: 'Robin' }).click();

    await desk.getByLabel('SMS state').selectOption({ label: 'Out to Lunch' });
    for (const page of [desk, other]) await shows(page, '.presence .state', 'SMS: Out to Lunch');

    await desk.getByRole('button', { name: 'Complete' }).click();
    for (const page of [desk, other]) await gone(page, '.sessions button', 'Robin');

    await desk.getByRole('button', { name: 'Log out' }).click();
    await desk.getByRole('button', { name: 'Log in' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await shows(other, '.presence .state', 'SMS: Logged Out');
    const signedOut = await runTrusted<SignedInAgentQuery>(stack, 'query SignedInAgent');
    expect(signedOut.me.channels).toEqual([
      expect.objectContaining({ channel: 'sms', state: 'LOGGED_OUT' }),
    ]);
    expect(errors).toEqual([]);
    const allowed = new Set([new URL(site.url).host, new URL(stack.url).host]);
    expect(visited.filter((url) => !allowed.has(new URL(url).host))).toEqual([]);
    expect(visited).toContain(`${stack.url}/stream`);
  }, 120_000);
});
