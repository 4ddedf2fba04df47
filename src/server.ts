import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import {
  ApolloServer,
  HeaderMap,
  type ApolloServerPlugin,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { startCluster } from './cluster/index.js';
import type { Config } from './config.js';
import {
  ErrorCode,
  GraphQLService,
  httpExecutionLimits,
  refuseSubscriptionsOverHttp,
  retryAfterSeconds,
  type Context,
  type SmsSessionEventModel,
  type SubscriptionLoss,
} from './graphql/index.js';
import { GatewayMetrics, type GatewayGauges } from './metrics/index.js';
import { createPlayground, type PlaygroundPrefill } from './playground/index.js';

export const GRAPHQL_PATH = '/graphql';
export const METRICS_PATH = '/metrics';

/** WebSocket close codes the gateway uses besides graphql-ws's own (4401, 4403, 4408, …). */
export const GatewayCloseCode = {
  /** Server shutdown. */
  GoingAway: 1001,
  /**
   * GWS could not be asked about the credentials, or the agent's notification stream failed
   * ("Bad Gateway"; graphql-ws clients retry it, where they give up on 1011).
   */
  UpstreamUnavailable: 1014,
  /** A subscriber fell too far behind the events meant for it. */
  SubscriberTooSlow: 1013,
} as const;

/**
 * How a connection learns that the gateway ended one of its subscriptions: a quiet `complete`
 * would leave the client believing it is up to date.
 */
const SUBSCRIPTION_LOSS_CLOSE: Readonly<Record<SubscriptionLoss, [number, string]>> = {
  too_slow: [GatewayCloseCode.SubscriberTooSlow, 'Subscriber too slow'],
  credentials_rejected: [CloseCode.Forbidden, 'Forbidden'],
  upstream_unavailable: [GatewayCloseCode.UpstreamUnavailable, 'GWS is unavailable'],
};

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
  stats(): ReturnType<GraphQLService['stats']>;
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

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The gateway: one HTTP server carrying GraphQL over HTTP and WebSocket, health and readiness. */
export async function createGateway({
  config,
  gwsBaseUrl,
  logger,
  playgroundPrefill,
}: GatewayOptions): Promise<Gateway> {
  let openWebSockets = 0;
  const cluster = await startCluster<SmsSessionEventModel>(
    config,
    logger.child({ component: 'cluster' }),
  );
  const metrics: GatewayMetrics = new GatewayMetrics(
    (): GatewayGauges => {
      const { agentSessions, agentStreamsByState, followedAgents, subscribers } = service.stats();
      return {
        openWebSockets,
        subscribers,
        agentSessions,
        agentStreamsByState,
        cluster: cluster && { redisConnected: cluster.redisConnected, followedAgents },
      };
    },
    { cluster: cluster !== undefined },
  );
  const service: GraphQLService = new GraphQLService({
    gws: {
      baseUrl: gwsBaseUrl,
      timeoutMs: config.gwsTimeoutMs,
      sessionIdleTtlMs: config.gwsSessionIdleTtlMs,
      maxAgentSessions: config.gwsMaxAgentSessions,
      notificationChannels: config.gwsNotificationChannels,
      signIn: {
        maxUnknownAttempts: config.signInMaxUnknownAttempts,
        windowMs: config.signInWindowMs,
        refusedTtlMs: config.signInRefusedTtlMs,
      },
      maxSockets: config.gwsMaxSockets,
      keepAliveIdleMs: config.gwsKeepAliveIdleMs,
      ...cluster?.gws,
    },
    limits: {
      maxDepth: config.maxQueryDepth,
      maxAliases: config.maxAliases,
      maxRootFields: config.maxRootFields,
      maxMutationFields: config.maxMutationsPerRequest,
      maxDirectives: config.maxDirectives,
      maxTokens: config.maxTokens,
      introspection: config.introspection,
    },
    budget: {
      maxUpstreamCalls: config.maxUpstreamCallsPerOperation,
      maxResponseBytes: config.maxResponseBytes,
    },
    rateLimitPerMinute: config.rateLimitPerMinute,
    rateLimitStore: cluster?.rateLimitStore,
    errors: { hideSuggestions: !config.introspection },
    observer: metrics,
    subscriberQueueCapacity: config.subscriberQueueCapacity,
    upstreamStreamGraceMs: config.upstreamStreamGraceMs,
    eventLog: {
      entriesPerStream: config.eventLogSize,
      maxStreams: config.eventLogMaxAgents,
      maxAgeMs: config.eventLogMaxAgeMs,
    },
    eventLogStore: cluster?.eventLog,
    streamCoordinator: cluster?.coordinator,
    outcomes: {
      defaultTimeoutMs: config.outcomeTimeoutMs,
      maxTimeoutMs: config.outcomeMaxTimeoutMs,
      quietWindowMs: config.outcomeQuietWindowMs,
    },
    logger,
  });

  const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
    service.formatError(formatted, error);
  const apollo = new ApolloServer<Context>({
    schema: service.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The service's validation rules decide about introspection, for every transport alike.
    introspection: true,
    validationRules: service.validationRules,
    parseOptions: service.parseOptions,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      refuseSubscriptionsOverHttp(),
      httpExecutionLimits(formatError),
      requestMetrics(metrics),
    ],
  });
  await apollo.start();
  const playground = config.playground
    ? await createPlayground({ graphqlPath: GRAPHQL_PATH, prefill: playgroundPrefill })
    : undefined;

  let state: ServerState = { phase: 'started' };

  const handleGraphQL = async (
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: request.method ?? 'GET',
      headers: headerMap(request),
      search: new URL(request.url ?? '/', 'http://localhost').search,
      body: await readJsonBody(request, config.maxRequestBytes),
    };
    const admission = await service.admit(request.headers.authorization);
    if (admission.limited) {
      metrics.recordRefused('rate_limited');
      const retryAfter = retryAfterSeconds(admission.retryAfterMs);
      response.writeHead(429, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(retryAfter),
      });
      response.end(JSON.stringify({ errors: [rateLimitedError(retryAfter).toJSON()] }));
      return;
    }
    // A client that closes its request before the answer ends the operation's upstream work.
    const clientGone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) clientGone.abort();
    });
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => service.httpContext(request.headers.authorization, clientGone.signal),
    });
    response.statusCode = result.status ?? 200;
    for (const [name, value] of result.headers) response.setHeader(name, value);
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  const handle = async (
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    if (playground?.handle(request, response)) return;
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === '/healthz') return sendText(response, 200, 'ok');
    if (pathname === '/readyz') {
      if (state.phase !== 'listening') return sendText(response, 503, 'shutting down');
      if (!(await service.upstreamReachable()))
        return sendText(response, 503, 'GWS is unreachable');
      // Still ready without Redis: the replica serves its own subscribers from its own streams.
      return cluster && !cluster.redisConnected
        ? sendText(response, 200, 'ready, degraded: Redis is unreachable')
        : sendText(response, 200, 'ready');
    }
    if (pathname === GRAPHQL_PATH) return handleGraphQL(request, response);
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
        logger.error({ err: error }, 'HTTP request failed');
        if (!response.headersSent) sendText(response, 500, 'Internal server error');
        else response.destroy();
      });
    },
  );

  const webSockets = new WebSocketServer({
    server,
    path: GRAPHQL_PATH,
    maxPayload: config.maxRequestBytes,
  });
  const closeOnSubscriptionLoss = (socket: WebSocket, reason: SubscriptionLoss): void => {
    if (socket.readyState !== socket.OPEN) return;
    const [code, text] = SUBSCRIPTION_LOSS_CLOSE[reason];
    logger.warn({ reason, code }, 'closing a WebSocket whose subscription the gateway ended');
    socket.close(code, text);
  };
  const formatSocketError = (error: GraphQLError): GraphQLFormattedError => {
    // An error with no path is about the request (a variable of the wrong type, no operation to
    // run), which graphql-js reports without a code.
    const coded = error.path || error.extensions.code ? error : withCode(error, 'BAD_REQUEST');
    return service.formatError(coded.toJSON(), coded);
  };
  const formatResult = (result: ExecutionResult) =>
    result.errors ? { ...result, errors: result.errors.map(formatSocketError) } : result;
  const graphqlWs = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema: service.schema,
      connectionInitWaitTimeout: config.wsConnectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const authorization = authorizationParam(ctx.connectionParams);
        const outcome = await service.authenticateConnection(authorization);
        const { socket } = ctx.extra;
        if (outcome === 'missing') socket.close(CloseCode.Unauthorized, 'Unauthorized');
        if (outcome === 'unavailable') {
          socket.close(GatewayCloseCode.UpstreamUnavailable, 'GWS is unavailable');
        }
        if (outcome !== 'accepted') return false;
        ctx.extra.authorization = authorization;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const refuse = (errors: readonly GraphQLError[]) => {
          const first = errors[0] && formatSocketError(errors[0]);
          metrics.recordRequest({
            transport: 'ws',
            operationName: payload.operationName,
            outcome: String(first?.extensions?.code),
          });
          return errors;
        };
        // graphql-ws has already reserved this operation's place in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > config.wsMaxSubscriptionsPerConnection) {
          return refuse([
            new GraphQLError(
              `At most ${config.wsMaxSubscriptionsPerConnection} operations at once on one connection.`,
              { extensions: { code: ErrorCode.BadUserInput } },
            ),
          ]);
        }
        const admission = await service.admit(ctx.extra.authorization);
        if (admission.limited) {
          metrics.recordRefused('rate_limited');
          return refuse([rateLimitedError(retryAfterSeconds(admission.retryAfterMs))]);
        }
        // Parsed and validated here, not by graphql-ws: its parse error would close the whole
        // socket, and its errors carry no code. The rules and limits are HTTP's.
        let document: DocumentNode;
        try {
          document = parse(payload.query, service.parseOptions);
        } catch (error) {
          return refuse([withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')]);
        }
        const invalid = validate(service.schema, document, [
          ...specifiedRules,
          ...service.validationRules,
        ]);
        if (invalid.length > 0) {
          return refuse(invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')));
        }
        metrics.recordRequest({
          transport: 'ws',
          operationName: payload.operationName,
          outcome: 'ok',
        });
        return {
          schema: service.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        };
      },
      context: (ctx, id) => {
        const operation = new AbortController();
        (ctx.extra.operations ??= new Map()).set(id, operation);
        return service.socketContext(
          ctx.extra.authorization as string,
          operation.signal,
          (reason) => closeOnSubscriptionLoss(ctx.extra.socket, reason),
        );
      },
      // An operation that completed, or was completed by the client, has no more upstream work.
      onComplete: (ctx, id) => {
        ctx.extra.operations?.get(id)?.abort();
        ctx.extra.operations?.delete(id);
      },
      onClose: (ctx) => {
        for (const operation of ctx.extra.operations?.values() ?? []) operation.abort();
        ctx.extra.operations?.clear();
      },
      // graphql-ws waits for each message to reach the kernel before it takes the next event, so a
      // peer that stops reading leaves events in the subscriber's bounded queue, which then overflows.
      onNext: (_ctx, _id, _payload, args, result) =>
        formatResult((args.contextValue as Context).budget.settle(result)),
      onError: (_ctx, _id, _payload, errors): GraphQLFormattedError[] =>
        errors.map(formatSocketError),
    },
    webSockets,
    config.wsKeepAliveMs,
  );
  // Registered after graphql-ws's own, which prints socket errors (such as a message over
  // MAX_REQUEST_BYTES, which ws answers with close code 1009) to stderr: logged as JSON instead.
  webSockets.on('connection', (socket) => {
    openWebSockets += 1;
    socket.once('close', () => (openWebSockets -= 1));
    socket.removeAllListeners('error');
    socket.on('error', (error) => {
      logger.warn({ err: error.message }, 'WebSocket connection failed');
    });
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
    const [finished] = await Promise.all([
      inFlight.settled(config.shutdownGraceMs),
      closeWebSockets(webSockets, SHUTDOWN_CLOSE_WAIT_MS).then(() => graphqlWs.dispose()),
    ]);
    if (!finished) {
      logger.warn({ cutOff: inFlight.size }, 'requests still in flight after the grace period');
    }
    server.closeAllConnections();
    await stoppedListening;
    // Clears what http's close clears besides the listener (its connection-timeout sweep).
    server.close();
    await apollo.stop();
    await service.close();
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
    stats: () => service.stats(),
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

/** What the gateway keeps on each WebSocket connection. */
type SocketExtra = {
  /** The credential the connection was accepted with. */
  authorization?: string;
  /** Each running operation's abort, by operation id. */
  operations?: Map<string, AbortController>;
};

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

/** Closes every WebSocket with 1001; a peer that does not answer in time is cut off. */
async function closeWebSockets(webSockets: WebSocketServer, waitMs: number): Promise<void> {
  const sockets = [...webSockets.clients];
  const allClosed = Promise.all(
    sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))),
  );
  for (const socket of sockets) socket.close(GatewayCloseCode.GoingAway, 'Server shutting down');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([allClosed, timedOut]);
  clearTimeout(timer);
  for (const socket of webSockets.clients) socket.terminate();
}

function rateLimitedError(retryAfter: number): GraphQLError {
  return new GraphQLError(`Too many requests; try again in ${retryAfter} s.`, {
    extensions: { code: ErrorCode.RateLimited, retryAfter },
  });
}

/** Counts each HTTP GraphQL request with its operation name, outcome and time to answer. */
function requestMetrics(metrics: GatewayMetrics): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => {
      const startedAt = Date.now();
      return {
        willSendResponse: async ({ request, operationName, response }) => {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : [];
          const code = errors?.[0]?.extensions?.code;
          metrics.recordRequest({
            transport: 'http',
            operationName: operationName ?? request.operationName,
            outcome: typeof code === 'string' ? code : 'ok',
            durationMs: Date.now() - startedAt,
          });
        },
      };
    },
  };
}

/**
 * The error with the code Apollo Server gives the same failure over HTTP, so that formatting maps
 * both transports' request errors in one place.
 */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** The `Authorization` connection parameter, its key matched case-insensitively. */
function authorizationParam(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const entry = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === 'authorization');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}

function headerMap(request: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * A body past the limit is still read to its end, up to this much more, so the 413 reaches a
 * client that is still sending (closing on unread data resets the connection, answer and all).
 * Beyond it the connection is dropped.
 */
const MAX_DISCARDED_BODY_BYTES = 8 * 1024 * 1024;

/** The request body parsed as JSON when it says it is JSON, else its text; bounded in size. */
async function readJsonBody(request: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  if (request.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  const tooLarge = () => new HttpError(413, `Request body larger than ${maxBytes} bytes`);
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Leaving the loop early destroys the request, connection and all.
    if (size > maxBytes + MAX_DISCARDED_BODY_BYTES) throw tooLarge();
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw tooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

function sendText(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
