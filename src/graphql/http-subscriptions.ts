import type { OperationDefinitionNode } from 'graphql';
import { SUBSCRIPTION_TRANSPORTS, badRequest } from './errors.js';

/**
 * Apollo Server would run a subscription sent over HTTP as a query, through the field's resolve
 * function and without its event stream; this refuses it with HTTP 400 once the operation is
 * resolved, before anything goes upstream.
 * @throws GraphQLError BAD_REQUEST for a subscription.
 */
export function refuseSubscriptionOverHttp(operation: OperationDefinitionNode | undefined): void {
  if (operation?.operation === 'subscription') throw badRequest(SUBSCRIPTION_TRANSPORTS);
}
