import type http from 'node:http';
import { clientAddress } from '../../src/use/client-address.js';

function request(peer: string | undefined, forwardedFor?: string): http.IncomingMessage {
  const socket = { remoteAddress: peer };
  // Node's `connection` is the same socket; proxy-addr reads it by that name.
  return {
    socket,
    connection: socket,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as http.IncomingMessage;
}

describe('clientAddress', () => {
  it('is the peer address, whatever X-Forwarded-For claims, when no proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.9', '203.0.113.7'), 0)).toBe('10.0.0.9');
  });

  it('is the entry the outermost trusted proxy appended, not what the client wrote before it', () => {
    const forwarded = 'forged, 203.0.113.7, 10.0.0.2';
    expect(clientAddress(request('10.0.0.1', forwarded), 1)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.1', forwarded), 2)).toBe('203.0.113.7');
  });

  it('falls back to the first entry, or the peer, when the header is shorter than the proxies', () => {
    expect(clientAddress(request('10.0.0.1', ' 203.0.113.7 ,'), 3)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.1'), 1)).toBe('10.0.0.1');
    expect(clientAddress(request(undefined), 0)).toBe('unknown');
  });
});
