import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Context } from './context.js';
import { ErrorCode } from './errors.js';

/**
 * The HTTP face of the execution limits, applied to the answer about to be sent: an execution
 * that spent its budget answers with that one error, not with the part it built; a rate-limited
 * request answers 429 with Retry-After.
 * @param formatError the service's error formatting, for the budget's error
 */
export function applyHttpExecutionLimits(
  { response, contextValue }: GraphQLRequestContextWillSendResponse<Context>,
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): void {
  const { body } = response;
  if (body.kind !== 'single') return;
  const settled = contextValue.budget.settle(body.singleResult);
  if (settled !== body.singleResult) {
    const errors = settled.errors?.map((error) =>
      error instanceof GraphQLError ? formatError(error.toJSON(), error) : error,
    );
    body.singleResult = { ...settled, errors };
  }
  const waits = (body.singleResult.errors ?? []).flatMap(({ extensions }) =>
    extensions?.code === ErrorCode.RateLimited && typeof extensions.retryAfter === 'number'
      ? [extensions.retryAfter]
      : [],
  );
  if (waits.length === 0) return;
  response.http.status = 429;
  response.http.headers.set('retry-after', String(Math.max(...waits)));
}
