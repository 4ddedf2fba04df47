import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { startCluster } from './cluster/index.js';
import type { Config } from './config/index.js';
import { componentOptions, createCore, type AgentStats } from './core/index.js';
import { heldAgentEvents, type AgentEventModel } from './graphql/index.js';
import { GatewayMetrics, type GatewayGauges } from './metrics/index.js';
import { createPlayground, type PlaygroundPrefill } from './playground/index.js';
import {
  ClientGoneError,
  HttpError,
  OriginPolicy,
  sendText,
  useHttp,
  useMultipart,
  useServerSentEvents,
  useWebSockets,
  wantsMultipart,
} from './use/index.js';

export const GRAPHQL_PATH = '/graphql';
export const METRICS_PATH = '/metrics';
/** GraphQL over Server-Sent Events (graphql-sse). */
export const STREAM_PATH = `${GRAPHQL_PATH}/stream`;

export interface GatewayOptions {
  config: Config;
  /** The GWS to proxy: the configured one, or the embedded simulator's. */
  gwsBaseUrl: string;
  logger: Logger;
  /** What the playground opens with; given only when the upstream is the embedded simulator. */
  playgroundPrefill?: PlaygroundPrefill | undefined;
}

export interface Gateway {
  /** Listens on the configured host and port; resolves to the URL of the GraphQL endpoint. */
  listen(): Promise<string>;
  /** Counts of upstream sessions, notification streams and subscribers. */
  stats(): AgentStats;
  /**
   * Drains and stops: /readyz answers 503 at once, new connections are refused, requests in
   * flight have SHUTDOWN_GRACE_MS to finish (then they are cut off), WebSockets are closed with
   * 1001, and upstream notification streams are disconnected. Calling it again returns the same
   * drain.
   */
  close(): Promise<void>;
}

/** Where the gateway is in its life; every transition is in {@link createGateway}. */
type ServerState =
  | { phase: 'started' }
  | { phase: 'listening' }
  | { phase: 'draining'; stopped: Promise<void> }
  | { phase: 'stopped' };

/**
 * The gateway: one HTTP server carrying GraphQL over HTTP (multipart subscriptions included),
 * WebSocket and Server-Sent Events, health, readiness, metrics and the playground. The transports are adapters around one core (`src/use/`).
 */
export async function createGateway({
  config,
  gwsBaseUrl,
  logger,
  playgroundPrefill,
}: GatewayOptions): Promise<Gateway> {
  const options = componentOptions(config, gwsBaseUrl);
  const cluster = await startCluster<AgentEventModel>(
    options.cluster,
    logger.child({ component: 'cluster' }),
    heldAgentEvents,
  );
  const metrics: GatewayMetrics = new GatewayMetrics(
    (): GatewayGauges => {
      const { agentSessions, agentStreamsByState, followedAgents, subscribers } =
        core.agents.stats();
      return {
        openWebSockets: webSockets.openConnections,
        openEventStreams: eventStreams.openStreams,
        openMultipartStreams: multipartSubscriptions.openStreams,
        subscribers,
        agentSessions,
        agentStreamsByState,
        cluster: cluster && { redisConnected: cluster.redisConnected, followedAgents },
      };
    },
    { cluster: cluster !== undefined },
  );
  const core = createCore(options.core, { logger, metrics, cluster });
  const graphqlOverHttp = await useHttp(core, options.http);
  const eventStreams = useServerSentEvents(core, options.sse);
  const multipartSubscriptions = useMultipart(core, options.multipart);
  const playground = config.playground
    ? await createPlayground({ graphqlPath: GRAPHQL_PATH, prefill: playgroundPrefill })
    : undefined;

  const origins = new OriginPolicy(config);
  let state: ServerState = { phase: 'started' };

  const handle = async (
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    if (playground?.handle(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const { pathname } = url;
    if (pathname === '/healthz') return sendText(response, 200, 'ok');
    if (pathname === '/readyz') {
      if (state.phase !== 'listening') return sendText(response, 503, 'shutting down');
      if (!(await core.agents.reachable())) {
        return sendText(response, 503, 'GWS is unreachable');
      }
      // Still ready without Redis: the replica serves its own subscribers from its own streams.
      return cluster && !cluster.redisConnected
        ? sendText(response, 200, 'ready, degraded: Redis is unreachable')
        : sendText(response, 200, 'ready');
    }
    if (pathname === GRAPHQL_PATH || pathname === STREAM_PATH) {
      if (await origins.answer(request, response)) return;
      if (pathname === STREAM_PATH) return eventStreams.handle(request, response);
      return wantsMultipart(request)
        ? multipartSubscriptions.handle(request, response, url)
        : graphqlOverHttp.handle(request, response, url);
    }
    if (pathname === METRICS_PATH && config.metrics) {
      response.writeHead(200, { 'content-type': metrics.contentType });
      response.end(await metrics.render());
      return;
    }
    sendText(response, 404, 'Not found');
  };

  const inFlight = new InFlightRequests();
  const server = http.createServer(
    {
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      connectionsCheckingInterval: CONNECTIONS_CHECK_INTERVAL_MS,
    },
    (request, response) => {
      inFlight.add(response);
      // While draining, a kept-alive connection takes no request after this one.
      if (state.phase !== 'listening') response.setHeader('connection', 'close');
      handle(request, response).catch((error: unknown) => {
        if (error instanceof HttpError) {
          // Refused before the body was used: the connection is not trusted with another request.
          response.setHeader('connection', 'close');
          return sendText(response, error.status, error.message);
        }
        if (error instanceof ClientGoneError) {
          // No stack: a client on a poor network is no fault of the gateway's.
          logger.debug('client went away before its request was read');
          return void response.destroy();
        }
        logger.error({ err: error }, 'HTTP request failed');
        if (!response.headersSent) sendText(response, 500, 'Internal server error');
        else response.destroy();
      });
    },
  );

  const webSockets = useWebSockets(core, {
    ...options.webSocket,
    server,
    path: GRAPHQL_PATH,
    origins,
  });

  const drain = async (): Promise<void> => {
    logger.info({ inFlight: inFlight.size }, 'draining');
    // net's close, not http's: http's also drops idle kept-alive connections at once, and a load
    // balancer reads the 503 of /readyz over one of those.
    const stoppedListening = new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      net.Server.prototype.close.call(server, () => resolve());
    });
    inFlight.closeConnectionsAfterwards();
    eventStreams.close();
    multipartSubscriptions.close();
    const [finished] = await Promise.all([
      inFlight.settled(config.shutdownGraceMs),
      webSockets.close(SHUTDOWN_CLOSE_WAIT_MS),
    ]);
    if (!finished) {
      logger.warn({ cutOff: inFlight.size }, 'requests still in flight after the grace period');
    }
    server.closeAllConnections();
    await stoppedListening;
    // Clears what http's close clears besides the listener (its connection-timeout sweep).
    server.close();
    await graphqlOverHttp.stop();
    await core.agents.close();
    await cluster?.close();
    state = { phase: 'stopped' };
    logger.info('stopped');
  };

  return {
    listen: () => {
      if (state.phase !== 'started') {
        return Promise.reject(new Error(`The gateway cannot listen once ${state.phase}.`));
      }
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          state = { phase: 'listening' };
          const { port } = server.address() as AddressInfo;
          const host =
            config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}`);
        });
      });
    },
    stats: () => core.agents.stats(),
    close: () => {
      switch (state.phase) {
        case 'draining':
          return state.stopped;
        case 'stopped':
          return Promise.resolve();
        default: {
          const stopped = drain();
          state = { phase: 'draining', stopped };
          return stopped;
        }
      }
    },
  };
}

/**
 * How often Node looks for connections past their header or request timeout; its default (30 s)
 * would let a slow client hold a connection far longer than the timeouts say.
 */
const CONNECTIONS_CHECK_INTERVAL_MS = 1_000;

/** How long a WebSocket peer has to answer the server's close frame at shutdown. */
const SHUTDOWN_CLOSE_WAIT_MS = 1_000;

/** The HTTP requests being answered, so a drain knows when they are done. */
class InFlightRequests {
  private readonly responses = new Set<http.ServerResponse>();
  private readonly whenEmpty = new Set<() => void>();

  get size(): number {
    return this.responses.size;
  }

  add(response: http.ServerResponse): void {
    this.responses.add(response);
    response.once('close', () => {
      this.responses.delete(response);
      if (this.responses.size > 0) return;
      for (const resolve of this.whenEmpty) resolve();
    });
  }

  /** Answers to requests in flight tell their clients the connection closes after them. */
  closeConnectionsAfterwards(): void {
    for (const response of this.responses) {
      if (!response.headersSent) response.setHeader('connection', 'close');
    }
  }

  /** Resolves true once no request is in flight, or false after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<boolean> {
    if (this.responses.size === 0) return true;
    let resolveEmpty = () => {};
    let timer: NodeJS.Timeout | undefined;
    const empty = new Promise<boolean>((resolve) => {
      resolveEmpty = () => resolve(true);
      this.whenEmpty.add(resolveEmpty);
    });
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([empty, timedOut]);
    } finally {
      clearTimeout(timer);
      this.whenEmpty.delete(resolveEmpty);
    }
  }
}
