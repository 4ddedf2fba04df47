import {
  GraphQLError,
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
import { ConfigError, type Config } from './config.js';
import {
  DocumentCache,
  GraphQLService,
  retryAfterSeconds,
  TrustedDocuments,
  TrustedDocumentsError,
  type Caller,
  type Context,
  type SmsSessionEventModel,
  type SubscriptionLoss,
} from './graphql/index.js';
import type { GatewayMetrics } from './metrics/index.js';
import { refusal, type Refusal, type RefusalKind } from './core/refusals.js';
import { RequestMetrics, type Transport } from './core/request-metrics.js';

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

/** The refusal that tells a client why the gateway ended its subscription. */
export const SUBSCRIPTION_LOSS: Readonly<Record<SubscriptionLoss, RefusalKind>> = {
  too_slow: 'subscriber_too_slow',
  credentials_rejected: 'subscription_forbidden',
  upstream_unavailable: 'subscription_upstream_unavailable',
};

/**
 * The outcome of admitting a streaming connection: its credential checked with GWS, then its
 * place among its agent's connections.
 */
export type StreamAdmission =
  /** `release` gives the place back: call it when the connection closes, however it ends. */
  { outcome: 'accepted'; release: () => void } | { outcome: 'refused'; refusal: Refusal };

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
  take(agent: string): (() => void) | 'too_many_streams' | 'too_many_agents' {
    const count = this.open.get(agent) ?? 0;
    if (count >= this.maxPerAgent) return 'too_many_streams';
    if (count === 0 && this.open.size >= this.maxAgents) return 'too_many_agents';
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
  /** Where every transport counts its requests and operations. */
  readonly requests: RequestMetrics;
  readonly logger: Logger;
  /** The only documents that run, when TRUSTED_DOCUMENTS is set. */
  readonly trustedDocuments: TrustedDocuments | undefined;
  private readonly streams: AgentStreams;

  /** @throws ConfigError when the TRUSTED_DOCUMENTS file cannot be used. */
  constructor({ config, gwsBaseUrl, logger, metrics, cluster }: GatewayCoreOptions) {
    this.logger = logger;
    this.requests = new RequestMetrics(metrics);
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
    switch (authentication.outcome) {
      case 'missing':
        return { outcome: 'refused', refusal: refusal('missing_credentials') };
      case 'rejected':
        return { outcome: 'refused', refusal: refusal('credentials_rejected') };
      case 'unavailable':
        return { outcome: 'refused', refusal: refusal('upstream_unavailable') };
      case 'throttled': {
        const retryAfter = retryAfterSeconds(authentication.retryAfterMs);
        return { outcome: 'refused', refusal: refusal('sign_in_throttled', { retryAfter }) };
      }
      case 'accepted': {
        const place = this.streams.take(authentication.agent);
        if (typeof place === 'function') return { outcome: 'accepted', release: place };
        return { outcome: 'refused', refusal: refusal(place) };
      }
    }
  }

  /** Counts one request against the caller's rate limit: the refusal when it is past it. */
  async admit(caller: Caller): Promise<Refusal | undefined> {
    const admission = await this.service.admit(caller);
    if (!admission.limited) return undefined;
    return refusal('rate_limited', { retryAfter: retryAfterSeconds(admission.retryAfterMs) });
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

  /** Counts a refused operation under the code of its first error; returns the errors. */
  refuse(
    errors: GraphQLError[],
    { transport, request }: { transport: Transport; request: OperationRequest },
  ): GraphQLError[] {
    const first = errors[0];
    if (first)
      this.requests.refused(transport, request.operationName, this.formatRequestError(first));
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
