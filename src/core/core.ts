import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Cluster } from '../cluster/index.js';
import { createSchema, type AgentEventModel } from '../graphql/index.js';
import type { GatewayMetrics } from '../metrics/index.js';
import { Admission } from './admission.js';
import { Agents } from './agents.js';
import { Documents } from './documents.js';
import type { CoreOptions } from './options.js';
import { RequestMetrics } from './request-metrics.js';
import { Results } from './results.js';
import { Subscriptions } from './subscriptions.js';

/**
 * What every transport shares, applied once for all of them. The adapters in `src/use/` only
 * turn their protocol into calls on these and back.
 */
export interface GatewayCore {
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  readonly documents: Documents;
  readonly agents: Agents;
  readonly admission: Admission;
  readonly results: Results;
  readonly requests: RequestMetrics;
  readonly subscriptions: Subscriptions;
}

export interface CoreDependencies {
  logger: Logger;
  metrics: GatewayMetrics;
  /** What replicas share in cluster mode; undefined in a process alone. */
  cluster: Cluster<AgentEventModel> | undefined;
}

/** @throws ConfigError when the TRUSTED_DOCUMENTS manifest cannot be used. */
export function createCore(
  options: CoreOptions,
  { logger, metrics, cluster }: CoreDependencies,
): GatewayCore {
  const schema = createSchema();
  const documents = new Documents(schema, options.limits, options.trustedDocuments);
  if (documents.trusted) {
    logger.info({ documents: documents.trusted.size }, 'only trusted documents run');
  }
  const agents = new Agents({ options, logger, metrics, cluster });
  const results = new Results(logger, options.hideSuggestions);
  const requests = new RequestMetrics(metrics, logger.child({ component: 'requests' }));
  const admission = new Admission({
    agents,
    documents,
    results,
    requests,
    rateLimitPerMinute: options.rateLimitPerMinute,
    rateLimitStore: cluster?.rateLimitStore,
    maxStreamsPerAgent: options.maxStreamsPerAgent,
    maxAgents: options.gws.maxAgentSessions,
  });
  const subscriptions = new Subscriptions({ agents, results });
  return { schema, logger, documents, agents, admission, results, requests, subscriptions };
}
