import net from 'node:net';
import { capturedLogger, WARN_LEVEL, type LogLine } from '../support/log-lines.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { EVENTS_QUERY } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

/** What the gateway logs, at debug, for a client that left before its request was answered. */
const CLIENT_GONE = /client went away/;

/**
 * Starts a POST whose body is far from complete and closes the connection in its middle. The
 * request asks `Expect: 100-continue`: Node answers `100 Continue` right before it hands the
 * request to the gateway, so once that arrives, the gateway is reading the body.
 */
function abandonUpload(url: string, path: string): Promise<void> {
  const { port } = new URL(url);
  const body = JSON.stringify({ query: EVENTS_QUERY });
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Authorization: ${basic('testname')}\r\nContent-Type: application/json\r\n` +
          `Accept: text/event-stream\r\nContent-Length: ${body.length * 10}\r\n` +
          `Expect: 100-continue\r\n\r\n`,
      );
    });
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      expect(chunk.toString()).toMatch(/^HTTP\/1\.1 100 Continue/);
      socket.write(body.slice(0, body.length / 2));
      socket.destroy();
      resolve();
    });
  });
}

describe('logs of clients that go away', () => {
  let stack: Stack;
  let lines: LogLine[];
  beforeAll(async () => {
    const captured = capturedLogger('debug');
    lines = captured.lines;
    stack = await startStack({ logger: captured.logger });
  });
  afterAll(() => stack.close());

  it('logs 20 abandoned uploads, over HTTP and Server-Sent Events, below warn and with no stack, and serves the next request', async () => {
    const paths = ['/graphql', '/graphql/stream'];
    for (let upload = 0; upload < 20; upload += 1) {
      await abandonUpload(stack.url, paths[upload % paths.length] as string);
    }
    const aboutUploads = () =>
      lines.filter((line) => line.level >= WARN_LEVEL || CLIENT_GONE.test(line.msg ?? ''));
    await waitFor(() => aboutUploads().length >= 20);
    expect(lines.filter((line) => line.level >= WARN_LEVEL)).toEqual([]);
    expect(aboutUploads().filter((line) => line.err?.stack !== undefined)).toEqual([]);

    const next = await stack.graphql('{ me { userName } }');
    expect(next).toEqual({ status: 200, data: { me: { userName: 'testname' } } });
  });
});
