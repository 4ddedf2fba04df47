import type { ApolloServerPlugin } from '@apollo/server';
import { SUBSCRIPTIONS_NEED_WEBSOCKET, badUserInput } from './errors.js';

/**
 * Apollo Server would run a subscription sent over HTTP as a query, through the field's resolve
 * function and without its event stream; this refuses it, before anything goes upstream.
 */
export function refuseSubscriptionsOverHttp(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'subscription')
          throw badUserInput(SUBSCRIPTIONS_NEED_WEBSOCKET);
      },
    }),
  };
}
