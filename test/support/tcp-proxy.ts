import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP relay in front of a server, whose connections a test can cut as a network change does. */
export interface TcpProxy {
  /** `target` with the proxy's port in place of the server's. */
  url: string;
  /** Destroys every connection through the proxy; new connections are relayed as before. */
  dropConnections(): void;
  /**
   * The server goes down as its clients see it: every connection is cut, and each new one is
   * reset as soon as it is accepted, and counted, until {@link comeBack}.
   */
  goDown(): void;
  /** New connections are relayed again. */
  comeBack(): void;
  /** Connections reset because the server was down. */
  readonly refusedConnections: number;
  close(): Promise<void>;
}

/** Relays loopback connections to the host and port of `target` (an http:// URL). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  let refusedConnections = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    if (down) {
      refusedConnections += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      track(from);
      from.pipe(to);
      from.once('error', () => to.destroy());
      from.once('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: url.toString(),
    dropConnections,
    goDown: () => {
      down = true;
      dropConnections();
    },
    comeBack: () => {
      down = false;
    },
    get refusedConnections() {
      return refusedConnections;
    },
    close: async () => {
      dropConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
