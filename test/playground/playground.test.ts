import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type http from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { rawRequest } from '../support/http.js';
import { startStack, type Stack } from '../support/stack.js';
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
const SCREENSHOT = fileURLToPath(new URL('../../test-results/playground.png', import.meta.url));

const SEED_SESSION = '0000Na9B26EF006E';
const DEMO_AUTHORIZATION = 'Basic dGVzdG5hbWU6ZGVtbw==';

const browserMissing = !existsSync(CHROMIUM);
const skipBrowser = browserMissing && process.env.CI !== 'true';
if (skipBrowser) {
  process.stderr.write(
    `Skipping the playground's browser test: no Chromium at ${CHROMIUM}. Install it with ` +
      '`apt-get install -y --no-install-recommends chromium-headless-shell` or set CHROMIUM_PATH.\n',
  );
}

let stack: Stack;

beforeAll(async () => {
  ensurePlaygroundBuilt();
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('the playground over HTTP', () => {
  it('serves a browser the page under a strict CSP, with only same-origin scripts', async () => {
    const page = await get(stack.url, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(page.body).toContain(`<script type="application/json" id="playground-config">`);
    const scripts = [...page.body.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    for (const attributes of scripts) {
      expect(attributes).toMatch(/type="application\/json"|src="\/graphql\/playground\/[^"]+"/);
    }
    expect(page.body).toContain(DEMO_AUTHORIZATION);
  });

  it('leaves GraphQL requests to Apollo', async () => {
    for (const accept of ['application/json', '*/*', 'application/json, text/html']) {
      const response = await get(stack.url, { accept });
      expect(response.headers['content-type']).not.toMatch(/text\/html/);
    }
    const byQuery = await get(`${stack.url}?query=${encodeURIComponent('{ __typename }')}`, {
      accept: 'text/html',
      'apollo-require-preflight': 'true',
    });
    expect(byQuery.headers['content-type']).toMatch(/json/);
  });

  it('serves each linked file with its type, long caching and gzip', async () => {
    const page = await get(stack.url, { accept: 'text/html' });
    const config = JSON.parse(
      /id="playground-config">(.*)<\/script>/.exec(page.body)?.[1] ?? 'null',
    ) as { workers: Record<string, string> };
    const linked = [
      ...[...page.body.matchAll(/(?:href|src)="(\/graphql\/playground\/[^"]+)"/g)].map(
        (match) => match[1] as string,
      ),
      ...Object.values(config.workers),
    ];
    expect(linked).toHaveLength(5);
    for (const path of linked) {
      const asset = await get(`${stack.url}${path.slice('/graphql'.length)}`, {
        'accept-encoding': 'gzip, deflate, br',
      });
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toMatch(
        path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect(asset.headers['cache-control']).toContain('immutable');
      expect(asset.headers['content-encoding']).toBe('gzip');
    }
  });

  it.each([
    '/graphql/playground/manifest.json',
    '/graphql/playground/..%2F..%2F..%2Fpackage.json',
    '/graphql/playground/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/graphql/playground/../../package.json',
    '/graphql/playground/',
  ])('serves no file outside the build: %s', async (path) => {
    const response = await get(`${new URL(stack.url).origin}/`, {}, path);
    expect(response.status).toBe(404);
  });
});

(skipBrowser ? describe.skip : describe)('the playground in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    if (browserMissing) {
      throw new Error(
        `CI=true but there is no Chromium at ${CHROMIUM}: .ci/run must install chromium-headless-shell.`,
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('runs a query and a live subscription with nothing from another origin', async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const visited: string[] = [];
    context.on('request', (request) => visited.push(request.url()));
    page.on('websocket', (socket) => visited.push(socket.url()));
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    // Functions, never strings: Playwright compiles a string inside the page, which the page's
    // CSP (no 'unsafe-eval') refuses; a function goes over the DevTools protocol instead.
    await page.addInitScript(() => {
      const inPage = globalThis as unknown as InPage;
      inPage.cspViolations = [];
      inPage.document.addEventListener('securitypolicyviolation', (event) =>
        inPage.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });

    await page.goto(stack.url);
    await tab(page, 'MySessions').waitFor();
    await tab(page, 'InviteSeedContact').waitFor();
    await page
      .locator('.graphiql-editor-tool', { hasText: DEMO_AUTHORIZATION.slice('Basic '.length) })
      .waitFor();

    await page.locator('.graphiql-execute-button').click();
    await response(page, SEED_SESSION).waitFor();

    await tab(page, 'MySessionEvents').click();
    // GraphiQL takes the new tab's operation name from its editor 100 ms later (debounced), when
    // it also stores the query: running before then would ask for the previous tab's operation.
    await waitFor(
      () =>
        page.evaluate(
          () =>
            (globalThis as unknown as InPage).localStorage
              .getItem('graphiql:query')
              ?.startsWith('subscription MySessionEvents') ?? false,
        ),
      20_000,
    );
    await page.locator('.graphiql-execute-button').click();
    await customerWritesUntilShown(page, 'hello-from-the-playground');

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    const origin = new URL(stack.url);
    const foreign = visited.filter((url) => new URL(url).host !== origin.host);
    expect(foreign).toEqual([]);
    expect(visited.some((url) => url.startsWith(`ws://${origin.host}/graphql`))).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  /**
   * The customer writes, through the simulator's control API, until the subscription's pane
   * shows it: the subscription is not in place upstream yet when the click returns.
   */
  async function customerWritesUntilShown(page: Page, text: string): Promise<void> {
    const shown = response(page, text);
    const deadline = Date.now() + 30_000;
    for (let attempt = 0; Date.now() < deadline; attempt += 1) {
      const written = await fetch(
        `${stack.simulator.url}/simulator/sessions/${SEED_SESSION}/customer-messages`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: `${text}-${attempt}` }),
        },
      );
      expect(written.status).toBe(204);
      if (await shown.isVisible()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`The subscription's pane never showed "${text}" within 30 s.`);
  }
});

/** What the test touches inside the page (the tests compile without the DOM's types). */
interface InPage {
  cspViolations: string[];
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string }) => void,
    ): void;
  };
  localStorage: { getItem(key: string): string | null };
}

function tab(page: Page, title: string) {
  return page.locator('.graphiql-tab', { hasText: title });
}

function response(page: Page, text: string) {
  return page.locator('.graphiql-response', { hasText: text });
}

/** A GET with exactly these headers, its body as text. */
async function get(
  url: string,
  headers: Record<string, string>,
  rawPath?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const answer = await rawRequest(url, { headers, rawPath });
  return { ...answer, body: answer.body.toString('utf8') };
}

/** Builds the playground's assets when they are missing or older than what they are built from. */
function ensurePlaygroundBuilt(): void {
  const root = new URL('../../', import.meta.url);
  const manifest = new URL('dist/playground/assets/manifest.json', root);
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const inputs = [
    new URL('scripts/build-playground.js', root),
    new URL('package-lock.json', root),
    ...readdirSync(new URL('src/playground/browser/', root)).map(
      (file) => new URL(`src/playground/browser/${file}`, root),
    ),
  ].filter((input) => existsSync(input));
  if (inputs.every((input) => statSync(input).mtimeMs < builtAt)) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('scripts/build-playground.js', root))], {
    stdio: 'pipe',
  });
}
