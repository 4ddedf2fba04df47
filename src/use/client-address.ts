import type http from 'node:http';

/** The address of a peer whose socket no longer knows it (it closed): all such share one count. */
const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client's address, the origin that sign-ins and requests without credentials are counted by.
 * With no trusted proxy it is the peer's address, and `X-Forwarded-For` is ignored: anyone can
 * write it. Behind `trustedProxies` proxies, each appending the address it was reached from, it
 * is the entry the outermost of them appended; entries before it are the client's own claims.
 */
export function clientAddress(request: http.IncomingMessage, trustedProxies: number): string {
  const peer = request.socket.remoteAddress ?? UNKNOWN_ADDRESS;
  if (trustedProxies === 0) return peer;
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const hops = [...forwarded, peer];
  return hops[Math.max(0, hops.length - 1 - trustedProxies)] ?? peer;
}
