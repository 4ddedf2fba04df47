/**
 * The web desktop's build and its page server. `npm run web-desktop` builds the gateway and this
 * desktop, starts the gateway with its embedded GWS simulator (unless GATEWAY_URL names one),
 * allowing this page's origin and running only this desktop's documents, and serves the page.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';

const HERE = new URL('./', import.meta.url);
const OUT_DIR = fileURLToPath(new URL('dist/', HERE));

/** The desktop's trusted documents, in the format TRUSTED_DOCUMENTS reads. */
export const MANIFEST = fileURLToPath(new URL('src/gql/persisted-documents.json', HERE));

/** The built files the page loads, with their types. */
const ASSETS = {
  '/app.js': 'text/javascript; charset=utf-8',
  '/style.css': 'text/css; charset=utf-8',
};

/** Bundles the desktop (its TypeScript and CSS) into dist/ with esbuild. */
export async function buildWebDesktop() {
  await build({
    entryPoints: {
      app: fileURLToPath(new URL('src/main.ts', HERE)),
      style: fileURLToPath(new URL('src/style.css', HERE)),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outdir: OUT_DIR,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

/**
 * The page: the built script and style, and the gateway's URL as JSON (no inline script, so the
 * Content-Security-Policy needs no 'unsafe-inline').
 * @param {string} gatewayUrl
 */
function page(gatewayUrl) {
  const config = JSON.stringify({ gatewayUrl }).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>SMS desktop</title>
    <link rel="stylesheet" href="/style.css" />
    <script type="application/json" id="web-desktop-config">${config}</script>
    <script type="module" src="/app.js"></script>
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>
`;
}

/**
 * Only this origin's files, and connections to the gateway alone (HTTP, WebSocket and SSE).
 * @param {string} gatewayUrl
 */
function contentSecurityPolicy(gatewayUrl) {
  const gateway = new URL(gatewayUrl);
  const webSocket = `${gateway.protocol === 'https:' ? 'wss:' : 'ws:'}//${gateway.host}`;
  return [
    "default-src 'self'",
    `connect-src 'self' ${gateway.origin} ${webSocket}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the built desktop. The gateway's URL may come later than the server (a gateway started
 * after it, to be told this server's origin): requests wait for it.
 * @param {{ port?: number, host?: string, gatewayUrl: string | Promise<string> }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function serveWebDesktop({ port = 0, host = '127.0.0.1', gatewayUrl }) {
  const server = http.createServer((request, response) => {
    answer(request, response, gatewayUrl).catch((error) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`The web desktop could not be served: ${error.message}\n`);
    });
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * @param {http.IncomingMessage} request
 * @param {http.ServerResponse} response
 * @param {string | Promise<string>} gatewayUrl
 */
async function answer(request, response, gatewayUrl) {
  const path = new URL(request.url ?? '/', 'http://desktop').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (path === '/') {
    const gateway = await gatewayUrl;
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(gateway),
    });
    response.end(page(gateway));
    return;
  }
  const type = Object.hasOwn(ASSETS, path) ? ASSETS[/** @type {keyof ASSETS} */ (path)] : undefined;
  if (type === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    return;
  }
  const body = await readFile(`${OUT_DIR}${path.slice(1)}`);
  response.writeHead(200, { ...headers, 'content-type': type }).end(body);
}

/** How long `npm run web-desktop` waits for the gateway it started to answer. */
const GATEWAY_START_TIMEOUT_MS = 60_000;
const GATEWAY_POLL_MS = 200;

/**
 * Starts the built gateway (dist/main.js) with its embedded simulator, allowing `origins` and
 * running only the desktop's documents; resolves its GraphQL URL once it answers /healthz.
 * @param {string[]} origins
 * @param {string} port
 */
async function startGateway(origins, port) {
  const gateway = spawn(process.execPath, [fileURLToPath(new URL('../../dist/main.js', HERE))], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: port,
      CORS_ORIGINS: origins.join(','),
      TRUSTED_DOCUMENTS: MANIFEST,
    },
  });
  const exited = new Promise((_resolve, reject) =>
    gateway.once('exit', (code) => reject(new Error(`The gateway exited with code ${code}.`))),
  );
  const base = `http://localhost:${port}`;
  const deadline = Date.now() + GATEWAY_START_TIMEOUT_MS;
  for (;;) {
    const up = await Promise.race([
      fetch(`${base}/healthz`).then(
        (reply) => reply.ok,
        () => false,
      ),
      exited,
    ]);
    if (up) return { gateway, url: `${base}/graphql` };
    if (Date.now() > deadline) throw new Error(`The gateway did not answer at ${base}.`);
    await sleep(GATEWAY_POLL_MS);
  }
}

async function main() {
  const port = process.env.WEB_DESKTOP_PORT ?? '4300';
  await buildWebDesktop();
  /** @type {(url: string) => void} */
  let gatewayKnown = () => {};
  const gatewayUrl = new Promise((resolve) => (gatewayKnown = resolve));
  const site = await serveWebDesktop({ port: Number(port), gatewayUrl });
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  if (process.env.GATEWAY_URL) {
    gatewayKnown(process.env.GATEWAY_URL);
  } else {
    const started = await startGateway(origins, process.env.PORT ?? '4000');
    child = started.gateway;
    gatewayKnown(started.url);
  }
  console.log(`\nWeb desktop: http://localhost:${port}/ (against ${await gatewayUrl})`);
  const stop = async () => {
    child?.kill('SIGTERM');
    await site.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
