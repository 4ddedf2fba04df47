import { GraphQLError, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { ErrorCode } from './errors.js';

/** What one execution may spend while it runs. */
export interface ExecutionBudgetLimits {
  /** Requests to GWS. */
  maxUpstreamCalls: number;
  /** The response's size as JSON, approximately, in bytes. */
  maxResponseBytes: number;
}

/**
 * The spending of one execution (an HTTP request, a WebSocket query, or one event of a
 * subscription). Once a limit is passed every further charge fails with the same error, so
 * resolvers still running stop asking GWS and stop adding to a response that will not be sent.
 */
export class ExecutionBudget {
  private upstreamCalls = 0;
  private responseBytes = 0;
  private spent: GraphQLError | undefined;

  constructor(private readonly limits: ExecutionBudgetLimits) {}

  /** The requests to GWS charged to this execution so far. */
  get upstreamCallsCharged(): number {
    return this.upstreamCalls;
  }

  /**
   * Counts requests to GWS before they are sent; a batch is counted whole, so none of it goes
   * when it does not fit. @throws GraphQLError `QUERY_TOO_COMPLEX`.
   */
  chargeUpstreamCalls(count = 1): void {
    this.throwIfSpent();
    this.upstreamCalls += count;
    if (this.upstreamCalls <= this.limits.maxUpstreamCalls) return;
    this.spend(
      ErrorCode.QueryTooComplex,
      `The operation needs more than ${this.limits.maxUpstreamCalls} requests to GWS.`,
    );
  }

  /**
   * Counts a value a resolver returns, as the JSON it becomes. @throws GraphQLError
   * `RESPONSE_TOO_LARGE` once the response would pass its limit.
   */
  chargeResponse<T>(value: T): T {
    this.throwIfSpent();
    const room = this.limits.maxResponseBytes - this.responseBytes;
    this.responseBytes += approximateJsonBytes(value, room);
    if (this.responseBytes <= this.limits.maxResponseBytes) return value;
    return this.spend(
      ErrorCode.ResponseTooLarge,
      `The response would be larger than ${this.limits.maxResponseBytes} bytes; ask for less (fewer aliases, message paging).`,
    );
  }

  /** A fresh budget for the next execution on the same context (a subscription's next event). */
  startOver(): void {
    this.upstreamCalls = 0;
    this.responseBytes = 0;
    this.spent = undefined;
  }

  /** The execution's result, or only the error that ended it: a partial answer is not sent. */
  settle<T extends ExecutionResult | FormattedExecutionResult>(
    result: T,
  ): T | { data: null; errors: GraphQLError[] } {
    return this.spent ? { data: null, errors: [this.spent] } : result;
  }

  private throwIfSpent(): void {
    if (this.spent) throw this.spent;
  }

  private spend(code: ErrorCode, message: string): never {
    this.spent = new GraphQLError(message, { extensions: { code } });
    throw this.spent;
  }
}

/** JSON punctuation around a value: quotes, a comma, a colon. */
const SEPARATOR_BYTES = 2;

/**
 * About how many bytes `value` takes as JSON, counting no further than `limit` so a huge value
 * costs no more than the limit to measure.
 */
export function approximateJsonBytes(value: unknown, limit: number): number {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && bytes <= limit) {
    const next = pending.pop();
    if (typeof next === 'string') bytes += Buffer.byteLength(next) + SEPARATOR_BYTES;
    else if (Array.isArray(next)) {
      bytes += SEPARATOR_BYTES;
      for (const item of next as unknown[]) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      bytes += SEPARATOR_BYTES;
      for (const [key, item] of Object.entries(next)) {
        bytes += key.length + SEPARATOR_BYTES;
        pending.push(item);
      }
    } else bytes += String(next).length + 1;
  }
  return bytes;
}
