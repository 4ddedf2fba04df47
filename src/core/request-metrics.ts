import { getOperationAST, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { refusalReason } from '../graphql/index.js';
import type { GatewayMetrics, RequestRecord } from '../metrics/index.js';

/** The transports the gateway serves GraphQL over, as metrics name them. */
export type Transport = RequestRecord['transport'];

/** An operation as prepared to run: its document and the name the client chose. */
export interface OperationRef {
  document: DocumentNode;
  operationName?: string | null | undefined;
}

/** The operation counted: as prepared, or by the name the client gave (or none). */
export type CountedOperation = OperationRef | string | null | undefined;

/**
 * The one place where GraphQL requests and streaming operations are counted, on every transport:
 * under the code of the first error (`ok` when there is none), as refused by the gateway's limit
 * that refused it, and with the time to the answer where that means something.
 */
export class RequestMetrics {
  constructor(private readonly metrics: GatewayMetrics) {}

  /** A request or operation that ran, answered with `errors`; its time since `receivedAt` (ms). */
  answered(
    transport: Transport,
    operation: CountedOperation,
    errors: readonly GraphQLFormattedError[] | undefined,
    receivedAt: number,
  ): void {
    this.record(transport, operation, errors?.[0], Date.now() - receivedAt);
  }

  /** A request or operation refused before it ran, with its (formatted) error: no time. */
  refused(transport: Transport, operation: CountedOperation, error: GraphQLFormattedError): void {
    this.record(transport, operation, error, undefined);
  }

  /**
   * A subscription whose events started, as `ok` and without a time: its lifetime is the client's
   * choice, and how it ends is counted elsewhere (slow subscribers dropped, upstream streams).
   */
  subscribed(transport: Transport, operation: OperationRef): void {
    this.record(transport, operation, undefined, undefined);
  }

  private record(
    transport: Transport,
    operation: CountedOperation,
    first: GraphQLFormattedError | undefined,
    durationMs: number | undefined,
  ): void {
    const code = first?.extensions?.code;
    this.metrics.recordRequest({
      transport,
      operationName: typeof operation === 'object' ? operationNameOf(operation) : operation,
      outcome: typeof code === 'string' ? code : 'ok',
      refusal: refusalReason(first),
      durationMs,
    });
  }
}

/** The name of the operation that runs (a document's only operation need not be named). */
function operationNameOf(operation: OperationRef | null): string | undefined {
  if (!operation) return undefined;
  return getOperationAST(operation.document, operation.operationName)?.name?.value;
}
