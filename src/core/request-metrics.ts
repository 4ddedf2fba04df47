import { getOperationAST, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { refusalReason, type Context } from '../graphql/index.js';
import type { GatewayMetrics, RequestRecord } from '../metrics/index.js';

/** The transports the gateway serves GraphQL over, as metrics name them. */
export type Transport = RequestRecord['transport'];

/**
 * An operation as prepared to run: its document and the name the client chose; as graphql-js
 * runs it (the streaming transports), also its context.
 */
export interface OperationRef {
  document: DocumentNode;
  operationName?: string | null | undefined;
  contextValue?: unknown;
}

/** The operation counted: as prepared, or by the name the client gave (or none). */
export type CountedOperation = OperationRef | string | null | undefined;

/**
 * The one place where GraphQL requests and streaming operations are counted and logged, on every
 * transport: under the code of the first error (`ok` when there is none), as refused by the
 * gateway's limit that refused it, and with the time to the answer where that means something.
 * Each gets one line at `info`: operation name, transport, status, time, requests to GWS and the
 * agent's key; never a credential, a variable or a message text.
 */
export class RequestMetrics {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  /**
   * A request or operation that ran, answered with `errors`; its time since `receivedAt` (ms).
   * @param context the operation's, where `operation` does not carry it (HTTP).
   */
  answered(
    transport: Transport,
    operation: CountedOperation,
    errors: readonly GraphQLFormattedError[] | undefined,
    receivedAt: number,
    context?: Context,
  ): void {
    this.record('answered', transport, operation, errors?.[0], Date.now() - receivedAt, context);
  }

  /** A request or operation refused before it ran, with its (formatted) error: no time. */
  refused(transport: Transport, operation: CountedOperation, error: GraphQLFormattedError): void {
    this.record('refused', transport, operation, error, undefined, undefined);
  }

  /**
   * A subscription whose events started, as `ok` and without a time: its lifetime is the client's
   * choice, and how it ends is counted elsewhere (slow subscribers dropped, upstream streams).
   */
  subscribed(transport: Transport, operation: OperationRef): void {
    this.record('subscribed', transport, operation, undefined, undefined, undefined);
  }

  private record(
    what: 'answered' | 'refused' | 'subscribed',
    transport: Transport,
    operation: CountedOperation,
    first: GraphQLFormattedError | undefined,
    durationMs: number | undefined,
    context: Context | undefined,
  ): void {
    const code = first?.extensions?.code;
    const operationName = typeof operation === 'object' ? operationNameOf(operation) : operation;
    const outcome = typeof code === 'string' ? code : 'ok';
    const refusal = refusalReason(first);
    this.metrics.recordRequest({ transport, operationName, outcome, refusal, durationMs });
    if (!this.logger.isLevelEnabled('info')) return;
    // graphql-js's ExecutionArgs carry the context the streaming transports made.
    const account = (context ?? (operationContext(operation) as Context | undefined))?.account();
    this.logger.info(
      {
        operation: operationName,
        transport,
        status: outcome,
        refusal,
        durationMs,
        upstreamCalls: account?.upstreamCalls,
        agent: account?.agent,
      },
      LOG_MESSAGES[what],
    );
  }
}

const LOG_MESSAGES = {
  answered: 'graphql operation',
  refused: 'graphql operation refused',
  subscribed: 'graphql subscription started',
} as const;

function operationContext(operation: CountedOperation): unknown {
  return typeof operation === 'object' && operation !== null ? operation.contextValue : undefined;
}

/** The name of the operation that runs (a document's only operation need not be named). */
function operationNameOf(operation: OperationRef | null): string | undefined {
  if (!operation) return undefined;
  return getOperationAST(operation.document, operation.operationName)?.name?.value;
}
