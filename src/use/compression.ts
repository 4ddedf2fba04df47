import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/*
 * Node's zlib, called once on the whole answer, rather than the `compression` middleware: the
 * answer is complete before it is sent, so one call compresses it and it goes with its length;
 * the middleware wraps `write`/`end` in a zlib stream per response and sends it chunked, and cost
 * the same or more server CPU per answer in two runs (BENCHMARKS.md: gzip +10 % and +52 %, brotli
 * −3 % and +9 %).
 */

/** Bodies smaller than this go as they are: compressing them saves less than it costs. */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Brotli's quality for answers made on the fly: its default (11) is meant for static assets and
 * costs far more CPU for little gain; 4 compresses about as well as gzip's default, faster.
 */
const BROTLI_QUALITY = 4;

export type ContentEncoding = 'br' | 'gzip';

const compress: Record<ContentEncoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) =>
    promisify(zlib.brotliCompress)(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      },
    }),
  gzip: (body) => promisify(zlib.gzip)(body),
};

/**
 * The coding the client accepts best of br and gzip (Accept-Encoding with its q-values, `*`
 * included); brotli when it accepts both alike. Undefined: the body goes as it is.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): ContentEncoding | undefined {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [coding = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!coding) continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: ContentEncoding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).reduce((a, b) => (weightOf(b) > weightOf(a) ? b : a));
  return weightOf(best) > 0 ? best : undefined;
}

/**
 * Ends the response with `body`, compressed when it is at least {@link MIN_COMPRESSED_BYTES} and
 * the client accepts br or gzip. Says `Vary: Accept-Encoding` either way, for caches.
 */
export async function sendCompressible(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  body: string,
): Promise<void> {
  appendVary(response, 'Accept-Encoding');
  const encoding =
    Buffer.byteLength(body) >= MIN_COMPRESSED_BYTES
      ? negotiateEncoding(request.headers['accept-encoding'])
      : undefined;
  if (!encoding) {
    // A string goes out in one write with the head.
    response.end(body);
    return;
  }
  const compressed = await compress[encoding](Buffer.from(body));
  response.setHeader('content-encoding', encoding);
  response.setHeader('content-length', compressed.length);
  response.end(compressed);
}

/** Adds a name to the response's Vary header, keeping those already there (`Origin`). */
function appendVary(response: http.ServerResponse, name: string): void {
  const present = response.getHeader('vary');
  if (present === undefined) {
    response.setHeader('vary', name);
    return;
  }
  const names = String(present).split(/\s*,\s*/);
  if (!names.some((each) => each.toLowerCase() === name.toLowerCase())) names.push(name);
  response.setHeader('vary', names.join(', '));
}
