import { diag, DiagLogLevel, trace, type DiagLogger } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { setTracing } from './spans.js';

/** The tracer's name, and the service name when OTEL_SERVICE_NAME and the resource name none. */
export const SERVICE_NAME = 'gws-sms-gateway';

export interface Telemetry {
  /** Whether spans are recorded and exported. */
  readonly tracing: boolean;
  /** Exports the spans still buffered, then stops recording. */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { tracing: false, shutdown: async () => undefined };

/**
 * Whether the environment asks for traces: an exporter named in OTEL_TRACES_EXPORTER (its first
 * entry `none` says no, as the SDK reads it), or an OTLP endpoint for traces; OTEL_SDK_DISABLED
 * says no to all. Nothing set: off, so a gateway nobody collects traces from starts no SDK.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'null');
  if (exporters.length > 0) return exporters[0] !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * Starts OpenTelemetry tracing when the environment asks for it ({@link tracingRequested}):
 * the SDK reads every other OTEL_* variable itself (exporter protocol and endpoint, headers,
 * sampler, batch sizes, resource attributes, propagators). Loaded only then, so a gateway
 * without tracing never loads it. Traces only: the gateway's metrics are Prometheus' at
 * /metrics and its logs pino's on stdout, so the SDK's metric and log exporters stay off.
 */
export async function startTelemetry(env: NodeJS.ProcessEnv, logger: Logger): Promise<Telemetry> {
  if (!tracingRequested(env)) return OFF;
  // The SDK's own complaints (an export that failed) reach the gateway's log, unless
  // OTEL_LOG_LEVEL asks for the SDK's console logger.
  if (env.OTEL_LOG_LEVEL === undefined) diag.setLogger(diagLogger(logger), DiagLogLevel.WARN);
  const { NodeSDK, core } = await import('@opentelemetry/sdk-node');
  const named =
    env.OTEL_SERVICE_NAME || /(^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    serviceName: named ? undefined : SERVICE_NAME,
    // The SDK's default adds W3C baggage, which would pass whatever a client puts in its
    // `baggage` header on to GWS: only the trace context goes, unless OTEL_PROPAGATORS says more.
    textMapPropagator: env.OTEL_PROPAGATORS ? undefined : new core.W3CTraceContextPropagator(),
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  setTracing(trace.getTracer(SERVICE_NAME));
  logger.info('OpenTelemetry tracing started');
  return {
    tracing: true,
    shutdown: async () => {
      setTracing(undefined);
      await sdk.shutdown();
    },
  };
}

function diagLogger(logger: Logger): DiagLogger {
  const child = logger.child({ component: 'opentelemetry' });
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) =>
      child[level]({ details: args.map(String) }, message);
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    verbose: at('trace'),
  };
}
