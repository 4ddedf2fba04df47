import {
  GraphQLError,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { Logger } from 'pino';
import { formatError, type Context } from '../graphql/index.js';

/**
 * What clients are sent of an execution, on every transport: every error with a contract code
 * (the graphql layer's one table), and only the budget's error once the budget is spent.
 */
export class Results {
  constructor(
    private readonly logger: Logger,
    /** Drop GraphQL's "Did you mean …?" hints, which tell a stranger the schema's names. */
    private readonly hideSuggestions: boolean,
  ) {}

  /** Apollo Server's `formatError`: an error as graphql-js or Apollo formatted it, coded. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return formatError(formatted, error, this.logger, { hideSuggestions: this.hideSuggestions });
  }

  /**
   * An error of a streaming transport, coded. An error with no path is about the request (a
   * variable of the wrong type, no operation to run), which graphql-js reports without a code.
   */
  formatRequestError(error: GraphQLError): GraphQLFormattedError {
    const coded = error.path || error.extensions.code ? error : withCode(error, 'BAD_REQUEST');
    return this.formatError(coded.toJSON(), coded);
  }

  /** One result of an operation as sent: only the budget's error once it is spent, errors coded. */
  settle(result: ExecutionResult, context: Context): FormattedExecutionResult {
    const { errors, ...settled } = context.budget.settle(result);
    return errors
      ? { ...settled, errors: errors.map((error) => this.formatRequestError(error)) }
      : settled;
  }
}

/**
 * The error with the code Apollo Server gives the same failure over HTTP, so that formatting maps
 * every transport's request errors in one place.
 */
export function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
