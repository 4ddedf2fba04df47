import type { ApolloServerPlugin } from '@apollo/server';
import { SUBSCRIPTIONS_NEED_WEBSOCKET, badRequest } from './errors.js';

/**
 * Apollo Server would run a subscription sent over HTTP as a query, through the field's resolve
 * function and without its event stream; this refuses it with HTTP 400, before anything goes
 * upstream.
 */
export function refuseSubscriptionsOverHttp(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'subscription') throw badRequest(SUBSCRIPTIONS_NEED_WEBSOCKET);
      },
    }),
  };
}
