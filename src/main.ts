import { startBanner } from './banner.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger } from './logger.js';
import { startEmbeddedSimulator, type EmbeddedSimulator } from './embedded-simulator.js';
import type { PlaygroundPrefill } from './playground/index.js';
import { createGateway, type Gateway } from './server.js';
import { startTelemetry } from './telemetry/index.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Invalid configuration: ${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
// OpenTelemetry's own OTEL_* variables: off unless they ask for traces (docs/telemetry.md).
const telemetry = await startTelemetry(process.env, logger);
let simulator: EmbeddedSimulator | undefined;
let playgroundPrefill: PlaygroundPrefill | undefined;
if (config.gwsBaseUrl === undefined) {
  ({ simulator, playground: playgroundPrefill } = await startEmbeddedSimulator());
  logger.info(
    { url: simulator.url },
    'GWS_BASE_URL is not set: started the embedded GWS simulator',
  );
}

let gateway: Gateway;
try {
  gateway = await createGateway({
    config,
    gwsBaseUrl: config.gwsBaseUrl ?? (simulator as EmbeddedSimulator).url,
    logger,
    playgroundPrefill,
  });
} catch (error) {
  // A setting that names a file (TRUSTED_DOCUMENTS) is checked as the gateway starts.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Invalid configuration: ${error.message}\n`);
  process.exit(1);
}
const url = await gateway.listen();
logger.info({ url }, 'gateway listening');

if (simulator) {
  const credentials = simulator.agents.map((agent) => `${agent.userName}:${agent.password}`);
  // For a person at a terminal; where stdout is piped (a log collector) it carries JSON lines only.
  const banner = process.stdout.isTTY ? process.stdout : process.stderr;
  banner.write(
    startBanner({
      gatewayUrl: url,
      simulatorUrl: simulator.url,
      credentials,
      trustedDocuments: config.trustedDocuments,
    }),
  );
}

let stopping = false;
const stop = async (signal: NodeJS.Signals): Promise<void> => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await gateway.close();
  await simulator?.close();
  // After the drain, so the spans of the last requests are exported too.
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));
