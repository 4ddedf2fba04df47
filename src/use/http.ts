import type http from 'node:http';
import type net from 'node:net';
import {
  ApolloServer,
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContextWillSendResponse,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  answerRefusal,
  operationIdentified,
  operationSettled,
  traceOperation,
  type GatewayCore,
  type RequestMetrics,
} from '../core/index.js';
import {
  refuseSubscriptionOverHttp,
  type Context,
  type Caller,
  type TrustedDocuments,
} from '../graphql/index.js';
import { continuedTrace } from '../telemetry/index.js';
import { clientAddress } from './client-address.js';
import { sendCompressible } from './compression.js';
import {
  ClientGoneSignals,
  JSON_CONTENT,
  readJsonBody,
  refusalAnswer,
  refusalHeaders,
} from './http-io.js';

export interface HttpTransportOptions {
  /** The largest request body accepted (MAX_REQUEST_BYTES); a larger one is answered 413. */
  maxRequestBytes: number;
  /** TRUST_PROXY: proxies whose `X-Forwarded-For` entries name the client; see `clientAddress`. */
  trustProxy: number;
}

export interface HttpTransport {
  /**
   * Answers one GraphQL request over HTTP (POST, or GET for queries).
   * @param url the request's URL, as the server read it
   */
  handle(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void>;
  stop(): Promise<void>;
}

/** Queries and mutations over HTTP: Apollo Server behind node:http, with the core's rules. */
export async function useHttp(
  core: GatewayCore,
  { maxRequestBytes, trustProxy }: HttpTransportOptions,
): Promise<HttpTransport> {
  const { documents, results } = core;
  const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
    results.formatError(formatted, error);
  const apollo = new ApolloServer<Context>({
    schema: core.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The documents' validation rules decide about introspection, for every transport alike.
    introspection: true,
    validationRules: documents.validationRules,
    parseOptions: documents.parseOptions,
    // Automatic persisted queries would let a client register documents of its own.
    persistedQueries: documents.trusted ? false : undefined,
    documentStore: documents.cache,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // The schema has no cache hints: `answersNotStored` says what this plugin would, without
      // its hook around every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      // Traces for a federation gateway: this is no subgraph.
      ApolloServerPluginInlineTraceDisabled(),
      httpRequestRules(core.requests, formatError),
    ],
  });
  await apollo.start();
  const callers = new CallersByConnection(trustProxy);
  const clientGone = new ClientGoneSignals();

  return {
    handle: async (request, response, url) => {
      // A client that closes its request before the answer ends the operation's upstream work.
      const signal = clientGone.of(response);
      const sent: HTTPGraphQLRequest = {
        method: request.method ?? 'GET',
        headers: headerMap(request),
        search: url.search,
        // A GET has no body to wait for.
        body: request.method === 'POST' ? await readJsonBody(request, maxRequestBytes) : undefined,
      };
      const httpGraphQLRequest = documents.trusted
        ? withTrustedDocument(documents.trusted, sent)
        : sent;
      if (httpGraphQLRequest instanceof GraphQLError) {
        const errors = core.admission.refuse('http', undefined, [httpGraphQLRequest]);
        response.writeHead(400, JSON_CONTENT);
        response.end(JSON.stringify({ errors }));
        return;
      }
      const caller = callers.of(request);
      const limited = await core.admission.admitRequest(caller, 'http');
      if (limited) {
        const { status, headers, body } = refusalAnswer(limited);
        response.writeHead(status, headers);
        response.end(body);
        return;
      }
      const result = await traceOperation('http', continuedTrace(request.headers), () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => core.agents.context(caller, signal),
        }),
      );
      response.statusCode = result.status ?? 200;
      for (const [name, value] of result.headers) response.setHeader(name, value);
      if (result.body.kind === 'complete') {
        await sendCompressible(request, response, result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    },
    stop: () => apollo.stop(),
  };
}

/**
 * The caller of each request, the same object for the requests of one connection while their
 * credential and address stay the same: the service reads and hashes a caller's credential once
 * (as for a WebSocket connection), not once per request of a kept-alive connection.
 */
class CallersByConnection {
  private readonly callers = new WeakMap<net.Socket, Caller>();

  constructor(private readonly trustProxy: number) {}

  of(request: http.IncomingMessage): Caller {
    const { authorization } = request.headers;
    const origin = clientAddress(request, this.trustProxy);
    const known = this.callers.get(request.socket);
    if (known && known.authorization === authorization && known.origin === origin) return known;
    const caller = { authorization, origin };
    this.callers.set(request.socket, caller);
    return caller;
  }
}

/**
 * The gateway's rules for each HTTP request, as one plugin: Apollo Server awaits each hook of
 * each plugin's listener, so one listener per request costs fewer promises than one per rule.
 * - a subscription is refused (HTTP 400) once its operation is known, before anything goes
 *   upstream;
 * - the execution limits have their say on the answer ({@link applyExecutionLimits});
 * - every answer is one agent's own: `Cache-Control: no-store` on each, errors included (the
 *   schema has no cache hints, so Apollo's cache-control plugin, off, would say the same);
 * - each request is counted with its operation name, outcome and time to answer;
 * - its span (traceOperation) is named by its operation and settled with its outcome.
 */
function httpRequestRules(
  requests: RequestMetrics,
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => {
      const startedAt = Date.now();
      return {
        didResolveOperation: async ({ document, operationName, operation }) => {
          operationIdentified(document, operationName);
          refuseSubscriptionOverHttp(operation);
        },
        willSendResponse: async (requestContext) => {
          applyExecutionLimits(requestContext, formatError);
          const { request, operationName, response, contextValue } = requestContext;
          response.http.headers.set('cache-control', 'no-store');
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : [];
          const name = operationName ?? request.operationName;
          requests.answered('http', name, errors, startedAt, contextValue);
          operationSettled(errors);
        },
      };
    },
  };
}

/**
 * The execution limits' say on the answer about to be sent: an execution that spent its budget
 * answers with that one error, not with the part it built; an answer that calls on the client to
 * act is sent with its refusal's status (a throttled sign-in 429 with Retry-After, credentials
 * missing or refused 401).
 */
function applyExecutionLimits(
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
  const refused = answerRefusal(body.singleResult.errors);
  if (!refused) return;
  response.http.status = refused.httpStatus;
  for (const [name, value] of Object.entries(refusalHeaders(refused))) {
    response.http.headers.set(name, value);
  }
}

/**
 * The request with the text of the trusted document it names (by hash or documentId, or by its
 * whole text) as its query and no persisted-query extension or documentId, or the error that refuses it. Apollo Server then
 * parses and validates that text once and keeps it in its document cache.
 */
function withTrustedDocument(
  trusted: TrustedDocuments,
  request: HTTPGraphQLRequest,
): HTTPGraphQLRequest | GraphQLError {
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    let extensions: Record<string, unknown> | undefined;
    try {
      extensions = jsonObject(JSON.parse(search.get('extensions') ?? '{}'));
    } catch {
      extensions = undefined;
    }
    const found = trusted.resolve({
      query: search.get('query'),
      extensions,
      documentId: search.get('documentId'),
    });
    if (found instanceof GraphQLError) return found;
    search.set('query', found.text);
    search.delete('extensions');
    search.delete('documentId');
    return { ...request, search: `?${search.toString()}` };
  }
  if (request.method !== 'POST') return request;
  const body = jsonObject(request.body);
  const found = trusted.resolve({
    query: typeof body?.query === 'string' ? body.query : undefined,
    extensions: jsonObject(body?.extensions),
    documentId: body?.documentId,
  });
  if (found instanceof GraphQLError) return found;
  const rewritten: Record<string, unknown> = { ...body, query: found.text };
  delete rewritten.extensions;
  delete rewritten.documentId;
  return { ...request, body: rewritten };
}

function jsonObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const ANY_TYPE = '*/*';

/**
 * The request's headers for Apollo Server. An `Accept` header that takes any type at all is left
 * out: Apollo negotiates the answer's type (twice per request) to the same outcome without it.
 */
function headerMap(request: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || (name === 'accept' && value === ANY_TYPE)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
