import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { Logger } from 'pino';
import { readFileSync } from 'node:fs';
import type { Cluster } from './cluster/index.js';
import { ConfigError, type Config } from './config/index.js';
import {
  DocumentCache,
  ErrorCode,
  GraphQLService,
  refusalReason,
  retryAfterSeconds,
  TrustedDocuments,
  TrustedDocumentsError,
  type Caller,
  type ConnectionAuthentication,
  type Context,
  type SmsSessionEventModel,
  type SubscriptionLoss,
} from './graphql/index.js';
import type { GatewayMetrics, RequestRecord } from './metrics/index.js';

/** The transports the gateway serves GraphQL over, as metrics name them. */
export type Transport = RequestRecord['transport'];

/** What a client asks to run, as graphql-ws's `subscribe` and graphql-sse's request carry it. */
export interface OperationRequest {
  query?: string | undefined;
  operationName?: string | null | undefined;
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  extensions?: Readonly<Record<string, unknown>> | null | undefined;
}

/** An operation that passed the gateway's checks, ready for graphql-js. */
export interface PreparedOperation {
  document: DocumentNode;
  operationName: string | undefined;
  variableValues: Record<string, unknown> | undefined;
}

/**
 * What a transport tells a client whose subscription the gateway ended: a quiet end would leave
 * the client believing it is up to date. WebSockets send the message as the close reason, Server-
 * Sent Events an error with the code. `logLevel`: a client that cannot keep up or whose
 * credentials GWS no longer takes is its own affair (info, for an operator who looks); GWS failing
 * is worth a warning.
 */
export const SUBSCRIPTION_LOSS: Readonly<
  Record<SubscriptionLoss, { message: string; code: ErrorCode; logLevel: 'info' | 'warn' }>
> = {
  too_slow: { message: 'Subscriber too slow', code: ErrorCode.SubscriberTooSlow, logLevel: 'info' },
  credentials_rejected: { message: 'Forbidden', code: ErrorCode.Forbidden, logLevel: 'info' },
  upstream_unavailable: {
    message: 'GWS is unavailable',
    code: ErrorCode.UpstreamUnavailable,
    logLevel: 'warn',
  },
};

/**
 * The `reason` of the RATE_LIMITED error that refuses a streaming connection past
 * MAX_STREAMS_PER_AGENT, beside the rate limit's own refusals.
 */
export const TOO_MANY_STREAMS_REASON = 'TOO_MANY_STREAMS';

/** How long a refused streaming connection is told to wait: a place frees whenever one closes. */
const STREAM_RETRY_AFTER_SECONDS = 5;

/** Why a streaming connection found no place, as its client is told. */
const NO_STREAM_PLACE = {
  agent: 'Too many connections for this agent; try again later.',
  gateway: 'Too many agents connected; try again later.',
} as const;

/**
 * The outcome of admitting a streaming connection: its credential checked with GWS, then its
 * place among its agent's connections.
 */
export type StreamAdmission =
  | Exclude<ConnectionAuthentication, { outcome: 'accepted' }>
  /** `release` gives the place back: call it when the connection closes, however it ends. */
  | { outcome: 'accepted'; release: () => void }
  /** Past MAX_STREAMS_PER_AGENT: `error` (RATE_LIMITED) says so; try again after `retryAfter` s. */
  | { outcome: 'too_many_streams'; error: GraphQLError; retryAfter: number };

/**
 * Each agent's streaming connections open on this process, WebSockets and Server-Sent Events
 * streams together, at most `maxPerAgent` each. An agent is in the table only while it has one
 * open, and at most `maxAgents` are, as every other table of agents is bounded.
 */
class AgentStreams {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly maxPerAgent: number,
    private readonly maxAgents: number,
  ) {}

  /** Takes a place for one more connection of `agent`: its release, or why there is none. */
  take(agent: string): (() => void) | keyof typeof NO_STREAM_PLACE {
    const count = this.open.get(agent) ?? 0;
    if (count >= this.maxPerAgent) return 'agent';
    if (count === 0 && this.open.size >= this.maxAgents) return 'gateway';
    this.open.set(agent, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(agent) ?? 1) - 1;
      if (left === 0) this.open.delete(agent);
      else this.open.set(agent, left);
    };
  }
}

export interface GatewayCoreOptions {
  config: Config;
  /** The GWS to proxy: the configured one, or the embedded simulator's. */
  gwsBaseUrl: string;
  logger: Logger;
  metrics: GatewayMetrics;
  /** What replicas share in cluster mode; undefined in a process alone. */
  cluster?: Cluster<SmsSessionEventModel> | undefined;
}

/**
 * What every transport shares, applied once for all of them: the credential check, admission
 * (rate limit), the operation limits and validation, contexts and error formatting. The adapters
 * in `src/use/` only speak their protocol around it.
 */
export class GatewayCore {
  readonly service: GraphQLService;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** The only documents that run, when TRUSTED_DOCUMENTS is set. */
  readonly trustedDocuments: TrustedDocuments | undefined;
  private readonly streams: AgentStreams;

  /** @throws ConfigError when the TRUSTED_DOCUMENTS file cannot be used. */
  constructor({ config, gwsBaseUrl, logger, metrics, cluster }: GatewayCoreOptions) {
    this.logger = logger;
    this.metrics = metrics;
    this.streams = new AgentStreams(config.maxStreamsPerAgent, config.gwsMaxAgentSessions);
    this.service = new GraphQLService({
      gws: {
        baseUrl: gwsBaseUrl,
        timeoutMs: config.gwsTimeoutMs,
        sessionIdleTtlMs: config.gwsSessionIdleTtlMs,
        maxAgentSessions: config.gwsMaxAgentSessions,
        notificationChannels: config.gwsNotificationChannels,
        signIn: {
          maxUnknownAttempts: config.signInMaxUnknownAttempts,
          maxUnknownAttemptsPerUser: config.signInMaxAttemptsPerUser,
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
      subscriberCatchUpMs: config.subscriberCatchUpMs,
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
    this.trustedDocuments =
      config.trustedDocuments === undefined
        ? undefined
        : loadTrustedDocuments(config.trustedDocuments, this.service);
    if (this.trustedDocuments) {
      logger.info({ documents: this.trustedDocuments.size }, 'only trusted documents run');
    }
  }

  /**
   * Admits a streaming connection (a WebSocket at its `connection_init`, a Server-Sent Events
   * stream before it opens): checks its credential with GWS, then counts it among its agent's
   * connections, refused past MAX_STREAMS_PER_AGENT.
   */
  async admitStream(caller: Caller): Promise<StreamAdmission> {
    const authentication = await this.service.authenticateConnection(caller);
    if (authentication.outcome !== 'accepted') return authentication;
    const place = this.streams.take(authentication.agent);
    if (typeof place === 'function') return { outcome: 'accepted', release: place };
    const retryAfter = STREAM_RETRY_AFTER_SECONDS;
    const error = new GraphQLError(NO_STREAM_PLACE[place], {
      extensions: { code: ErrorCode.RateLimited, reason: TOO_MANY_STREAMS_REASON, retryAfter },
    });
    return { outcome: 'too_many_streams', error, retryAfter };
  }

  /**
   * Counts one request against the caller's rate limit.
   * @returns the RATE_LIMITED error when the caller is past it, with `retryAfter` in seconds.
   */
  async admit(caller: Caller): Promise<{ error: GraphQLError; retryAfter: number } | undefined> {
    const admission = await this.service.admit(caller);
    if (!admission.limited) return undefined;
    this.metrics.recordRefused('rate_limited');
    const retryAfter = retryAfterSeconds(admission.retryAfterMs);
    const error = new GraphQLError(`Too many requests; try again in ${retryAfter} s.`, {
      extensions: { code: ErrorCode.RateLimited, retryAfter },
    });
    return { error, retryAfter };
  }

  /**
   * Parses and validates a streaming transport's operation with the rules and limits HTTP uses,
   * once per distinct document (the service's document cache); with TRUSTED_DOCUMENTS, takes the
   * trusted document it names instead, or refuses it.
   * @returns the operation, or the errors that refuse it (already counted in the metrics); an
   * operation that runs is counted when its result is known ({@link recordResult}).
   */
  prepare(request: OperationRequest, transport: Transport): PreparedOperation | GraphQLError[] {
    const { service, trustedDocuments } = this;
    const prepared = (document: DocumentNode): PreparedOperation => ({
      document,
      operationName: request.operationName ?? undefined,
      variableValues: request.variables ? { ...request.variables } : undefined,
    });
    if (trustedDocuments) {
      // Parsed and validated when the manifest was read.
      const trusted = trustedDocuments.resolve(request);
      if (trusted instanceof GraphQLError) return this.refuse([trusted], { transport, request });
      return prepared(trusted.document);
    }
    const query = request.query ?? '';
    const key = DocumentCache.documentKey(query);
    let document = service.documents.lookup(key);
    if (!document) {
      try {
        document = parse(query, service.parseOptions);
      } catch (error) {
        return this.refuse([withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')], {
          transport,
          request,
        });
      }
      const invalid = validate(service.schema, document, [
        ...specifiedRules,
        ...service.validationRules,
      ]);
      if (invalid.length > 0) {
        return this.refuse(
          invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')),
          { transport, request },
        );
      }
      service.documents.store(key, document);
    }
    return prepared(document);
  }

  /**
   * Counts a streaming operation that ran, once: under the code of its first error (`ok` when it
   * has none) and the time since it was received.
   */
  recordResult(
    transport: Transport,
    operation: OperationRef,
    result: FormattedExecutionResult,
    receivedAt: number,
  ): void {
    const first = result.errors?.[0];
    const code = first?.extensions?.code;
    this.metrics.recordRequest({
      transport,
      operationName: operationNameOf(operation),
      outcome: typeof code === 'string' ? code : 'ok',
      refusal: refusalReason(first),
      durationMs: Date.now() - receivedAt,
    });
  }

  /**
   * Counts a subscription whose event stream started as `ok`, once and without a duration: its
   * lifetime is the client's choice, and how it ends is counted elsewhere (slow subscribers
   * dropped, upstream streams by state).
   */
  recordSubscribed(transport: Transport, operation: OperationRef): void {
    this.metrics.recordRequest({
      transport,
      operationName: operationNameOf(operation),
      outcome: 'ok',
    });
  }

  /** Counts a refused operation under the code of its first error; returns the errors. */
  refuse(
    errors: GraphQLError[],
    { transport, request }: { transport: Transport; request: OperationRequest },
  ): GraphQLError[] {
    const first = errors[0] && this.formatRequestError(errors[0]);
    this.metrics.recordRequest({
      transport,
      operationName: request.operationName,
      outcome: String(first?.extensions?.code),
      refusal: refusalReason(first),
    });
    return errors;
  }

  /**
   * The context of one operation on a streaming connection.
   * @param signal aborted when the connection closes or the operation completes.
   * @param onSubscriptionLost told when the gateway ends one of its subscriptions.
   */
  streamContext(
    caller: Caller,
    signal: AbortSignal,
    onSubscriptionLost: (reason: SubscriptionLoss) => void,
  ): Context {
    return this.service.socketContext(caller, signal, onSubscriptionLost);
  }

  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return this.service.formatError(formatted, error);
  }

  /**
   * Formats an error of a streaming transport. An error with no path is about the request (a
   * variable of the wrong type, no operation to run), which graphql-js reports without a code.
   */
  formatRequestError(error: GraphQLError): GraphQLFormattedError {
    const coded = error.path || error.extensions.code ? error : withCode(error, 'BAD_REQUEST');
    return this.service.formatError(coded.toJSON(), coded);
  }

  /** One result of an operation as sent: only the budget's error once it is spent, errors coded. */
  settle(result: ExecutionResult, context: Context): FormattedExecutionResult {
    const { errors, ...settled } = context.budget.settle(result);
    return errors
      ? { ...settled, errors: errors.map((error) => this.formatRequestError(error)) }
      : settled;
  }
}

/** The operation a streaming transport runs: its document and the name the client chose. */
export interface OperationRef {
  document: DocumentNode;
  operationName?: string | null | undefined;
}

/** The name of the operation that runs (a document's only operation need not be named). */
function operationNameOf({ document, operationName }: OperationRef): string | undefined {
  return getOperationAST(document, operationName)?.name?.value;
}

/** Reads and checks the manifest of trusted documents; a start error names TRUSTED_DOCUMENTS. */
function loadTrustedDocuments(path: string, service: GraphQLService): TrustedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      'TRUSTED_DOCUMENTS',
      `must name a readable JSON file (${String(error)}).`,
    );
  }
  try {
    return TrustedDocuments.fromManifest(manifest, {
      schema: service.schema,
      rules: service.validationRules,
      parseOptions: service.parseOptions,
    });
  } catch (error) {
    if (!(error instanceof TrustedDocumentsError)) throw error;
    throw new ConfigError('TRUSTED_DOCUMENTS', `${path}: ${error.message}`);
  }
}

/**
 * The error with the code Apollo Server gives the same failure over HTTP, so that formatting maps
 * every transport's request errors in one place.
 */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
