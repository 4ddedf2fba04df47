import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent, not decoded. */
  body: Buffer;
}

/**
 * One HTTP request with exactly the given headers (a browser's `Origin`, `Accept-Encoding`),
 * which fetch would add to or decode. `rawPath` goes on the wire unnormalized, as an attacker
 * would send it, instead of the URL's path.
 */
export function rawRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
    rawPath,
    localAddress,
  }: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    rawPath?: string;
    /** The loopback address to send from (any of 127.0.0.0/8), so tests can be several clients. */
    localAddress?: string;
  } = {},
): Promise<RawAnswer> {
  const target = new URL(url);
  const path = rawPath ?? `${target.pathname}${target.search}`;
  const options = {
    host: target.hostname,
    port: target.port,
    path,
    method,
    headers,
    agent: false,
    localAddress,
  };
  return new Promise((resolve, reject) => {
    const request = http.request(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}
