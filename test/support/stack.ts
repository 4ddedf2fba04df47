import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/server.js';
import {
  demoPlayground,
  startSimulator,
  type DemoAgent,
  type Simulator,
  type SimulatorOptions,
} from '../../simulator/index.js';

export function basic(userName: string, password = 'demo'): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface Stack {
  simulator: Simulator;
  /** The gateway's GraphQL endpoint. */
  url: string;
  gateway: Gateway;
  graphql<T = Record<string, unknown>>(
    query: string,
    options?: { variables?: Record<string, unknown>; authorization?: string },
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real gateway in front of the real simulator, both on ephemeral loopback ports. */
export async function startStack(
  options: {
    env?: Record<string, string>;
    gwsBaseUrl?: string;
    simulator?: SimulatorOptions;
    logger?: Logger;
  } = {},
): Promise<Stack> {
  const simulator = await startSimulator({ ...options.simulator, port: 0 });
  const config: Config = { ...loadConfig(options.env ?? {}), port: 0, host: '127.0.0.1' };
  const gateway = await createGateway({
    config,
    gwsBaseUrl: options.gwsBaseUrl ?? simulator.url,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    playgroundPrefill: options.gwsBaseUrl
      ? undefined
      : demoPlayground(simulator.agents[0] as DemoAgent),
  });
  const url = await gateway.listen();
  return {
    simulator,
    url,
    gateway,
    graphql: (query, { variables, authorization = basic('testname') } = {}) =>
      postGraphQL(url, query, variables, authorization),
    close: async () => {
      await gateway.close();
      await simulator.close();
    },
  };
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  authorization?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    ...((await response.json()) as Omit<GraphQLResponse<T>, 'status'>),
  };
}

/** The contract code of the only error, failing the test if there is not exactly one. */
export function onlyErrorCode(response: GraphQLResponse<unknown>): unknown {
  expect(response.errors).toHaveLength(1);
  return response.errors?.[0]?.extensions?.code;
}
