/**
 * The self-hosted GraphiQL playground: a browser's GET of the GraphQL path gets the page, and
 * `<graphqlPath>/playground/<file>` the files `npm run build:playground` bundled from npm
 * packages, so the page loads nothing from any other origin and runs under a strict CSP.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PlaygroundOperation {
  /** Name the operation: GraphiQL titles the operation's tab with it. */
  query: string;
  variables?: Record<string, unknown>;
}

export interface PlaygroundPrefill {
  /** Sent as the `Authorization` header over HTTP and in graphql-ws's connectionParams. */
  authorization: string;
  /** One tab each, in this order. */
  operations: PlaygroundOperation[];
}

export interface PlaygroundOptions {
  /** The GraphQL endpoint's path, e.g. `/graphql`. */
  graphqlPath: string;
  /** What the page opens with; without it the page opens empty. */
  prefill?: PlaygroundPrefill;
}

export interface Playground {
  /**
   * Answers a browser's GET of the GraphQL path (Accept preferring text/html, no `query`
   * parameter) with the page, and a GET of a built file with that file; returns false, having
   * done nothing, for every other request.
   */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

/**
 * `default-src 'self'` covers scripts, workers and connections (graphql-ws's ws: or wss: URL on
 * this origin included). Monaco adds <style> elements and style attributes at run time, with no
 * nonce, hence 'unsafe-inline' for styles only; its icon fonts are data: URLs.
 */
const PLAYGROUND_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the build writes; relative to this module, so it holds from src/ and from dist/. */
const ASSETS_DIR = new URL('../../dist/playground/assets/', import.meta.url);

/** What scripts/build-playground.js writes into manifest.json. */
interface Manifest {
  script: string;
  style: string;
  workers: Record<string, string>;
  files: string[];
}

interface Asset {
  contentType: string;
  body: Buffer;
  gzipped: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
};

/** Hashed build output: the name changes whenever the content does. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const NOT_BUILT =
  'The playground is not built: run `npm run build:playground` (or `npm run build`), ' +
  'then restart the gateway.\n';

/** Reads the built files into memory; a missing build leaves the page explaining how to build. */
export async function createPlayground(options: PlaygroundOptions): Promise<Playground> {
  const assetPrefix = `${options.graphqlPath}/playground/`;
  const build = await readBuild();
  const assets = build?.assets ?? new Map<string, Asset>();
  const page = build && pageHtml(build.manifest, assetPrefix, options);

  return {
    handle(request, response) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === options.graphqlPath) {
        if (url.searchParams.has('query') || !prefersHtml(request.headers.accept)) return false;
        sendPage(response, page);
        return true;
      }
      if (!url.pathname.startsWith(assetPrefix)) return false;
      // Only names from the manifest resolve, so no path can reach another file.
      const asset = assets.get(url.pathname.slice(assetPrefix.length));
      if (!asset) return false;
      sendAsset(response, asset, acceptsGzip(request.headers['accept-encoding']));
      return true;
    },
  };
}

/**
 * The manifest and every file it names, or undefined while any is missing: not built yet, or
 * being rebuilt (the build empties the folder first and writes the manifest last).
 */
async function readBuild(): Promise<
  { manifest: Manifest; assets: Map<string, Asset> } | undefined
> {
  try {
    const manifest = parseManifest(await readFile(new URL('manifest.json', ASSETS_DIR), 'utf8'));
    return { manifest, assets: await readAssets(manifest) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseManifest(text: string): Manifest {
  const manifest = JSON.parse(text) as Manifest;
  const named = [manifest.script, manifest.style, ...Object.values(manifest.workers)];
  if (
    !manifest.files.every((file) => SAFE_FILE_NAME.test(file)) ||
    !named.every((file) => manifest.files.includes(file))
  ) {
    throw new Error(`The playground's manifest.json is inconsistent: run npm run build:playground`);
  }
  return manifest;
}

async function readAssets(manifest: Manifest): Promise<Map<string, Asset>> {
  const entries = await Promise.all(
    manifest.files.map(async (file): Promise<[string, Asset]> => {
      const [body, gzipped] = await Promise.all([
        readFile(new URL(file, ASSETS_DIR)),
        readFile(new URL(`${file}.gz`, ASSETS_DIR)),
      ]);
      const extension = file.slice(file.lastIndexOf('.'));
      const contentType = CONTENT_TYPES[extension] ?? 'application/octet-stream';
      return [file, { contentType, body, gzipped }];
    }),
  );
  return new Map(entries);
}

function pageHtml(manifest: Manifest, assetPrefix: string, options: PlaygroundOptions): string {
  const config = {
    graphqlPath: options.graphqlPath,
    workers: Object.fromEntries(
      Object.entries(manifest.workers).map(([label, file]) => [label, assetPrefix + file]),
    ),
    prefill: options.prefill && browserPrefill(options.prefill),
  };
  // Inside <script> only "</script" or "<!--" could end the block early; JSON allows \u003c.
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>gws-sms-gateway playground</title>
    <link rel="stylesheet" href="${assetPrefix}${manifest.style}" />
    <script type="module" src="${assetPrefix}${manifest.script}"></script>
  </head>
  <body>
    <div id="graphiql">Loading the playground…</div>
    <script type="application/json" id="playground-config">${configJson}</script>
  </body>
</html>
`;
}

/** The prefill as GraphiQL's editors hold it: headers and variables as JSON text. */
function browserPrefill({ authorization, operations }: PlaygroundPrefill) {
  const headers = JSON.stringify({ Authorization: authorization }, null, 2);
  return {
    headers,
    tabs: operations.map(({ query, variables }) => ({
      query,
      variables: variables && JSON.stringify(variables, null, 2),
      headers,
    })),
  };
}

function sendPage(response: ServerResponse, page: string | undefined): void {
  if (page === undefined) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(NOT_BUILT);
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    // The same URL answers GraphQL requests with JSON.
    vary: 'Accept',
    'content-security-policy': PLAYGROUND_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(page);
}

function sendAsset(response: ServerResponse, asset: Asset, gzip: boolean): void {
  response.writeHead(200, {
    'content-type': asset.contentType,
    'cache-control': IMMUTABLE,
    vary: 'Accept-Encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    // A worker runs under the policy its own script arrives with.
    'content-security-policy': PLAYGROUND_CSP,
    'x-content-type-options': 'nosniff',
  });
  response.end(gzip ? asset.gzipped : asset.body);
}

/**
 * Whether the Accept header ranks text/html above GraphQL's JSON types; at equal quality the
 * type listed first wins. A wildcard counts for neither: a client that sends only that wants data.
 */
function prefersHtml(accept: string | undefined): boolean {
  const decisive = weighted(accept).find(
    ({ value }) => value === 'text/html' || JSON_TYPES.has(value),
  );
  return decisive?.value === 'text/html';
}

const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return weighted(acceptEncoding).some(({ value }) => value === 'gzip');
}

/** An Accept-style header's values with a quality above 0, best first (stable for equal ones). */
function weighted(header: string | undefined): { value: string; quality: number }[] {
  return (header ?? '')
    .split(',')
    .map((item) => {
      const [value = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      return { value, quality: q === undefined ? 1 : Number(q.slice(2)) };
    })
    .filter(({ quality }) => quality > 0)
    .sort((a, b) => b.quality - a.quality);
}
