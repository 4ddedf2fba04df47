import type http from 'node:http';
import proxyAddr from 'proxy-addr';

/** The address of a peer whose socket no longer knows it (it closed): all such share one count. */
const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client's address, the origin that sign-ins and requests without credentials are counted by
 * (by `proxy-addr`, as Express reads it). With no trusted proxy it is the peer's address, and
 * `X-Forwarded-For` is ignored: anyone can write it. Behind `trustedProxies` proxies, each
 * appending the address it was reached from, it is the entry the outermost of them appended;
 * entries before it are the client's own claims.
 */
export function clientAddress(request: http.IncomingMessage, trustedProxies: number): string {
  if (request.socket.remoteAddress === undefined) return UNKNOWN_ADDRESS;
  // A count of proxies trusts the peer and the hops behind it: `hop` counts from the peer (0).
  return proxyAddr(request, (_address, hop) => hop < trustedProxies) || UNKNOWN_ADDRESS;
}
