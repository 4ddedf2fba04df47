/**
 * What src/use/ws-internals.ts relies on in `ws`, beyond its documented API, pinned: a release of
 * `ws` that changes any of it fails here, not silently in delivery.
 */
import type http from 'node:http';
import { jest } from '@jest/globals';
import net, { type AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { CoalescingWebSocket, tcpSocket } from '../../src/use/ws-internals.js';

let server: WebSocketServer;
let serverSocket: CoalescingWebSocket;
let upgradeSocket: net.Socket;
let client: WebSocket;

beforeEach(async () => {
  server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    WebSocket: CoalescingWebSocket,
    perMessageDeflate: false,
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const connected = new Promise<void>((resolve) =>
    server.once('connection', (socket: CoalescingWebSocket, request: http.IncomingMessage) => {
      serverSocket = socket;
      upgradeSocket = request.socket as net.Socket;
      // Read at once, as the gateway reads it in its `connection` listener.
      expect(tcpSocket(socket)).toBe(upgradeSocket);
      resolve();
    }),
  );
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await connected;
  await new Promise((resolve) => client.once('open', resolve));
});

afterEach(async () => {
  client.terminate();
  await new Promise((resolve) => server.close(resolve));
});

/** The TCP socket's writes made while `act` runs, counted as they are called. */
function writesDuring(act: () => void): number {
  const tcp = tcpSocket(serverSocket);
  const write = jest.spyOn(tcp, 'write');
  try {
    act();
    return write.mock.calls.length;
  } finally {
    write.mockRestore();
  }
}

describe("ws's server-side connection", () => {
  it('is made with the class given as the WebSocketServer’s `WebSocket` option', () => {
    expect(serverSocket).toBeInstanceOf(CoalescingWebSocket);
  });

  it('keeps its TCP socket as `_socket`, set before `connection` fires', () => {
    expect(tcpSocket(serverSocket)).toBeInstanceOf(net.Socket);
    expect(tcpSocket(serverSocket)).toBe(upgradeSocket);
  });

  it('writes the frames of send, ping, pong and close to that socket within the call', () => {
    // With nothing held, each write is ws's own frame, never left in a queue of ws's.
    expect(writesDuring(() => serverSocket.send('text'))).toBeGreaterThan(0);
    expect(writesDuring(() => serverSocket.send('x'.repeat(100_000)))).toBeGreaterThan(0);
    expect(writesDuring(() => serverSocket.ping())).toBeGreaterThan(0);
    expect(writesDuring(() => serverSocket.pong())).toBeGreaterThan(0);
    expect(writesDuring(() => serverSocket.close(1000))).toBeGreaterThan(0);
  });

  it('answers a ping through `pong`, and a close frame through `close`', async () => {
    const pong = jest.spyOn(serverSocket, 'pong');
    const close = jest.spyOn(serverSocket, 'close');
    const ponged = new Promise((resolve) => client.once('pong', resolve));
    client.ping('are you there');
    await ponged;
    expect(pong).toHaveBeenCalledTimes(1);
    const closed = new Promise((resolve) => client.once('close', resolve));
    client.close(4000, 'bye');
    await closed;
    expect(close).toHaveBeenCalledWith(4000, expect.anything());
  });

  it('lets frames held for the end of the tick go out before each of its own frames', async () => {
    const received: string[] = [];
    client.on('message', (data: Buffer) => received.push(data.toString()));
    client.on('pong', () => received.push('pong'));
    client.on('close', (code: number) => received.push(`closed ${code}`));
    // Frames as a server sends them: final, unmasked text.
    const frame = (text: string) =>
      Buffer.concat([Buffer.from([0x81, text.length]), Buffer.from(text)]);
    serverSocket.hold(frame('held 1'));
    serverSocket.send('own 1');
    serverSocket.hold(frame('held 2'));
    serverSocket.pong();
    serverSocket.hold(frame('held 3'));
    serverSocket.close(1013, 'too slow');
    await new Promise<void>((resolve) => {
      const check = () => (received.length >= 6 ? resolve() : setImmediate(check));
      check();
    });
    expect(received).toEqual(['held 1', 'own 1', 'held 2', 'pong', 'held 3', 'closed 1013']);
  });
});
