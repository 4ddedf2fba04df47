import type http from 'node:http';
import {
  ApolloServer,
  HeaderMap,
  type ApolloServerPlugin,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayCore } from '../core.js';
import {
  httpExecutionLimits,
  refuseSubscriptionsOverHttp,
  type Context,
} from '../graphql/index.js';
import type { GatewayMetrics } from '../metrics/index.js';
import { clientGoneSignal, readJsonBody } from './http-io.js';

export interface HttpTransportOptions {
  /** The largest request body accepted (MAX_REQUEST_BYTES); a larger one is answered 413. */
  maxRequestBytes: number;
}

export interface HttpTransport {
  /** Answers one GraphQL request over HTTP (POST, or GET for queries). */
  handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
  stop(): Promise<void>;
}

/** Queries and mutations over HTTP: Apollo Server behind node:http, with the core's rules. */
export async function useHttp(
  core: GatewayCore,
  { maxRequestBytes }: HttpTransportOptions,
): Promise<HttpTransport> {
  const { service } = core;
  const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
    core.formatError(formatted, error);
  const apollo = new ApolloServer<Context>({
    schema: service.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The service's validation rules decide about introspection, for every transport alike.
    introspection: true,
    validationRules: service.validationRules,
    parseOptions: service.parseOptions,
    documentStore: service.documents,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      refuseSubscriptionsOverHttp(),
      httpExecutionLimits(formatError),
      requestMetrics(core.metrics),
    ],
  });
  await apollo.start();

  return {
    handle: async (request, response) => {
      const httpGraphQLRequest: HTTPGraphQLRequest = {
        method: request.method ?? 'GET',
        headers: headerMap(request),
        search: new URL(request.url ?? '/', 'http://localhost').search,
        body: await readJsonBody(request, maxRequestBytes),
      };
      const limited = await core.admit(request.headers.authorization);
      if (limited) {
        response.writeHead(429, {
          'content-type': 'application/json; charset=utf-8',
          'retry-after': String(limited.retryAfter),
        });
        response.end(JSON.stringify({ errors: [limited.error.toJSON()] }));
        return;
      }
      // A client that closes its request before the answer ends the operation's upstream work.
      const signal = clientGoneSignal(response);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => service.httpContext(request.headers.authorization, signal),
      });
      response.statusCode = result.status ?? 200;
      for (const [name, value] of result.headers) response.setHeader(name, value);
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    },
    stop: () => apollo.stop(),
  };
}

/** Counts each HTTP GraphQL request with its operation name, outcome and time to answer. */
function requestMetrics(metrics: GatewayMetrics): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => {
      const startedAt = Date.now();
      return {
        willSendResponse: async ({ request, operationName, response }) => {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : [];
          const code = errors?.[0]?.extensions?.code;
          metrics.recordRequest({
            transport: 'http',
            operationName: operationName ?? request.operationName,
            outcome: typeof code === 'string' ? code : 'ok',
            durationMs: Date.now() - startedAt,
          });
        },
      };
    },
  };
}

function headerMap(request: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
