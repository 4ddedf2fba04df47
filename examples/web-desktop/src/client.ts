import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
} from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { OperationTypeNode, print } from 'graphql';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { CloseCode, createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import generated from '../../../src/generated/possible-types.json' with { type: 'json' };
import {
  printTrusted,
  trustedDocumentLink,
  trustedPayload,
  trustedText,
} from './trusted-documents.js';

/** How live events reach the desk: graphql-ws, or graphql-sse where WebSockets do not get through. */
export type LiveTransport = 'WebSocket' | 'Server-Sent Events';

/** Where the live connection stands, as the desk shows it. */
export type LiveStatus =
  | { phase: 'connected'; transport: LiveTransport }
  | { phase: 'reconnecting'; transport: LiveTransport }
  | { phase: 'refused'; transport: LiveTransport };

/** How a subscription resumes where it left off, given to `apollo.subscribe` as its context. */
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

export interface GatewayClientOptions {
  /** The gateway's GraphQL URL (http or https); WebSockets use it as ws(s), SSE its `/stream`. */
  url: string;
  /** The agent's `Authorization` value, on every request and in graphql-ws's `connection_init`. */
  authorization: string;
  onLiveStatus(status: LiveStatus): void;
}

export interface GatewayClient {
  apollo: ApolloClient;
  transport: LiveTransport;
  /** Stops Apollo Client and closes the live connection. */
  dispose(): void;
}

/** How long an opened WebSocket may wait for the gateway's `connection_ack`. */
const ACK_TIMEOUT_MS = 10_000;

const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;
const RETRY_JITTER_MS = 1_000;

/**
 * The wait before a reconnect attempt, for both transports: doubling from a second, but never
 * above half a minute (the libraries' own backoff doubles without end, and a desk keeps trying),
 * with jitter so that many desks do not come back at once after a gateway restart.
 */
function waitBeforeRetry(retries: number): Promise<void> {
  const backoff = Math.min(FIRST_RETRY_MS * 2 ** retries, LONGEST_RETRY_MS);
  return new Promise((resolve) => setTimeout(resolve, backoff + Math.random() * RETRY_JITTER_MS));
}

function isSubscription({ query }: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(query);
  return (
    definition.kind === 'OperationDefinition' &&
    definition.operation === OperationTypeNode.SUBSCRIPTION
  );
}

/**
 * Both transports serialise a subscription's variables on every (re)connect: a resumable
 * subscription's cursor variable is therefore a getter, so each attempt asks for the events after
 * the last one received. Apollo copies variables before the link chain, so the getter is added here.
 */
const resumeLink = new ApolloLink((operation, forward) => {
  const { resume } = operation.getContext();
  if (resume) {
    const variables = { ...operation.variables };
    Object.defineProperty(variables, resume.variable, { enumerable: true, get: resume.lastCursor });
    operation.variables = variables;
  }
  return forward(operation);
});

/** The gateway's close codes for credentials it did not get (4401) or refused (4403). */
const REFUSED_CREDENTIALS: ReadonlySet<number> = new Set([
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
]);

/** The code of a close event, as graphql-ws hands it over (it types it unknown). */
function closeCode(closeEventOrError: unknown): number | undefined {
  const code = (closeEventOrError as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * A graphql-ws client once the gateway has acknowledged it, or undefined when the WebSocket does
 * not get through (refused, closed by a proxy, never acknowledged); rejects when the gateway
 * refuses the credentials, which no other transport would take either. Once acknowledged it
 * reconnects after anything but a refusal of the credentials.
 */
function openWebSocket(options: GatewayClientOptions): Promise<WsClient | undefined> {
  const transport: LiveTransport = 'WebSocket';
  return new Promise((resolve, reject) => {
    let acknowledged = false;
    const client = createWsClient({
      url: options.url.replace(/^http/, 'ws'),
      connectionParams: { Authorization: options.authorization },
      jsonMessageReplacer: trustedPayload,
      lazy: false,
      connectionAckWaitTimeout: ACK_TIMEOUT_MS,
      retryAttempts: Number.POSITIVE_INFINITY,
      retryWait: waitBeforeRetry,
      shouldRetry: (closeEventOrError) =>
        acknowledged && !REFUSED_CREDENTIALS.has(closeCode(closeEventOrError) ?? 0),
      onNonLazyError: (closeEventOrError) => {
        if (acknowledged) return;
        void client.dispose();
        const code = closeCode(closeEventOrError);
        if (code !== undefined && REFUSED_CREDENTIALS.has(code)) {
          reject(new Error('The gateway refused the user name or password.'));
        } else {
          resolve(undefined);
        }
      },
      on: {
        connected: () => {
          acknowledged = true;
          options.onLiveStatus({ phase: 'connected', transport });
          resolve(client);
        },
        closed: () => {
          if (acknowledged) options.onLiveStatus({ phase: 'reconnecting', transport });
        },
      },
    });
  });
}

/** The statuses of an event stream refused for its credentials, which no retry changes. */
const REFUSED_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/**
 * A graphql-sse client of the gateway's `/graphql/stream`, one stream per subscription. It
 * reconnects after anything but a refusal of the credentials: graphql-sse retries every HTTP
 * error alike, so the refusal is noted as the response arrives and ends the retries, each
 * subscription then failing with it.
 */
export function openEventStream(options: GatewayClientOptions): SseClient {
  const transport: LiveTransport = 'Server-Sent Events';
  let refused = false;
  return createSseClient({
    url: `${options.url.replace(/\/$/, '')}/stream`,
    headers: { Authorization: options.authorization },
    fetchFn: async (...request: Parameters<typeof fetch>) => {
      const response = await fetch(...request);
      if (REFUSED_STATUSES.has(response.status)) refused = true;
      return response;
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    retry: async (retries) => {
      if (refused) {
        options.onLiveStatus({ phase: 'refused', transport });
        throw new Error('The gateway refused the user name or password: live updates stopped.');
      }
      await waitBeforeRetry(retries);
    },
    on: {
      connecting: (reconnecting) => {
        if (reconnecting) options.onLiveStatus({ phase: 'reconnecting', transport });
      },
      connected: () => options.onLiveStatus({ phase: 'connected', transport }),
    },
  });
}

/** Subscriptions over graphql-sse, each sent as the manifest's text beside its hash. */
class ServerSentEventsLink extends ApolloLink {
  constructor(private readonly client: SseClient) {
    super();
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    const { query, variables, operationName, extensions } = operation;
    return new Observable((observer) =>
      this.client.subscribe(
        {
          query: trustedText(operationName) ?? print(query),
          variables,
          ...(operationName === undefined ? {} : { operationName }),
          extensions,
        },
        {
          next: (result) => observer.next(result as ApolloLink.Result),
          complete: () => observer.complete(),
          error: (error) =>
            observer.error(
              error instanceof Error
                ? error
                : new CombinedGraphQLErrors({ errors: Array.isArray(error) ? error : [error] }),
            ),
        },
      ),
    );
  }
}

/** The live connection the desk's subscriptions take. */
interface Live {
  transport: LiveTransport;
  link: ApolloLink;
  close(): void;
}

/** graphql-ws when the WebSocket gets through; graphql-sse otherwise. */
async function openLive(options: GatewayClientOptions): Promise<Live> {
  const webSocket = await openWebSocket(options);
  if (webSocket) {
    return {
      transport: 'WebSocket',
      link: new GraphQLWsLink(webSocket),
      close: () => void webSocket.dispose(),
    };
  }
  const eventStream = openEventStream(options);
  return {
    transport: 'Server-Sent Events',
    link: new ServerSentEventsLink(eventStream),
    close: () => eventStream.dispose(),
  };
}

/**
 * Apollo Client for the gateway: queries and mutations over HTTP, subscriptions over graphql-ws,
 * or over graphql-sse when the WebSocket does not get through; each operation named by its hash
 * in the generated manifest, so it runs under TRUSTED_DOCUMENTS. The cache normalises by
 * `__typename` and `id` and matches fragments on interfaces through the gateway's possibleTypes.
 */
export async function connectGateway(options: GatewayClientOptions): Promise<GatewayClient> {
  const live = await openLive(options);
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
      ApolloLink.split(isSubscription, live.link, http),
    ]),
    cache: new InMemoryCache({ possibleTypes: generated.possibleTypes }),
  });
  return {
    apollo,
    transport: live.transport,
    dispose: () => {
      apollo.stop();
      live.close();
    },
  };
}
