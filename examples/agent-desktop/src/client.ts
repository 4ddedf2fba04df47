import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { CloseCode, createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import generated from './gql/possible-types.js';
import { printTrusted, trustedDocumentLink, trustedPayload } from './trusted-documents.js';

/** How a subscription resumes where it left off, given to `client.subscribe` as its context. */
export interface Resume {
  /** The variable that carries the cursor, such as `after`. */
  variable: string;
  /** The cursor of the last event received; undefined before the first. */
  lastCursor(): string | undefined;
}

declare module '@apollo/client' {
  interface DefaultContext {
    resume?: Resume;
  }
}

export interface DesktopClientOptions {
  /** The gateway's GraphQL URL (http or https); subscriptions use the same URL over ws or wss. */
  url: string;
  /** The agent's `Authorization` value, sent on every HTTP request and in `connection_init`. */
  authorization: string;
  /** graphql-ws's wait before each reconnect attempt. Default: graphql-ws's randomised backoff. */
  retryWait?: (retries: number) => Promise<void>;
  /** Told each time the WebSocket is acknowledged; `reconnect` is false for the first time. */
  onConnected?: (reconnect: boolean) => void;
  /** Told each time an acknowledged WebSocket closes, with its close code. */
  onClosed?: (code: number | undefined) => void;
}

export interface DesktopClient {
  apollo: ApolloClient;
  /** Stops Apollo Client and closes the WebSocket. */
  dispose(): Promise<void>;
}

/** How many times graphql-ws reconnects in a row before it gives up: a desktop keeps trying. */
const RECONNECT_ATTEMPTS = Number.POSITIVE_INFINITY;

/**
 * Reconnects after anything but the gateway's refusal of the credentials (4403), which graphql-ws
 * would retry. graphql-ws's default gives up on a connection error, as a restarting gateway's
 * refused connection is; the close codes it deems fatal, such as 4401, end the subscription before
 * this is asked. (Only close events then reach GraphQLWsLink, whose test for error events needs
 * Node 22's global WebSocket.)
 */
function shouldReconnect(closeEventOrError: unknown): boolean {
  return (closeEventOrError as { code?: unknown } | null)?.code !== CloseCode.Forbidden;
}

function isSubscription({ query }: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(query);
  return (
    definition.kind === 'OperationDefinition' &&
    definition.operation === OperationTypeNode.SUBSCRIPTION
  );
}

/**
 * graphql-ws sends a subscription again on every reconnect, serialising its payload at that moment.
 * A resumable subscription's cursor variable is therefore a getter: each subscribe message, the first
 * and every resent one, carries the cursor of the last event received, and the gateway replays what
 * the client missed. Apollo copies variables before the link chain, so the getter is added here.
 */
const resumeLink = new ApolloLink((operation, forward) => {
  const { resume } = operation.getContext();
  if (resume) {
    const variables = { ...operation.variables };
    Object.defineProperty(variables, resume.variable, {
      enumerable: true,
      get: resume.lastCursor,
    });
    operation.variables = variables;
  }
  return forward(operation);
});

/**
 * Apollo Client for the gateway: queries and mutations over HTTP, subscriptions over graphql-ws,
 * each operation named by its hash in the generated manifest (so that it runs on a gateway whose
 * TRUSTED_DOCUMENTS is that manifest), and a cache that normalises by `__typename` and `id` (no keyFields) and matches fragments on
 * `SmsSessionEvent` through the generated possibleTypes.
 */
export function createDesktopClient(options: DesktopClientOptions): DesktopClient {
  // A reconnect attempt that fails closes a socket that never opened: that is no news.
  let acknowledged = false;
  const webSocket: Client = createClient({
    url: options.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: options.authorization },
    jsonMessageReplacer: trustedPayload,
    retryAttempts: RECONNECT_ATTEMPTS,
    shouldRetry: shouldReconnect,
    ...(options.retryWait ? { retryWait: options.retryWait } : {}),
    on: {
      connected: (_socket, _payload, reconnect) => {
        acknowledged = true;
        options.onConnected?.(reconnect);
      },
      closed: (event) => {
        if (!acknowledged) return;
        acknowledged = false;
        options.onClosed?.((event as { code?: number } | undefined)?.code);
      },
    },
  });
  const http = new HttpLink({
    uri: options.url,
    headers: { Authorization: options.authorization },
    includeExtensions: true,
    print: printTrusted,
  });
  const apollo = new ApolloClient({
    link: ApolloLink.from([
      resumeLink,
      trustedDocumentLink,
      ApolloLink.split(isSubscription, new GraphQLWsLink(webSocket), http),
    ]),
    cache: new InMemoryCache({ possibleTypes: generated.possibleTypes }),
  });
  return {
    apollo,
    dispose: async () => {
      apollo.stop();
      await webSocket.dispose();
    },
  };
}
