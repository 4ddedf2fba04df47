/**
 * The rules between the gateway's settings, checked by loadConfig once each setting has been read
 * and stated beside their variables in docs/configuration.md.
 */
import { SETTINGS, type Config } from './settings.js';

/** The credential hash's key: 32 characters of base64 carry 192 bits. */
const MIN_CLUSTER_SECRET_LENGTH = 32;

/** A rule between settings, checked once each setting has been read. */
export interface SettingsRule {
  /** The variable a broken rule is reported against. */
  readonly variable: string;
  /** The rule as docs/configuration.md states it, beside that variable. */
  readonly documentation: string;
  /** What is wrong with these settings, as the message goes on after the variable; or nothing. */
  problem(config: Config): string | undefined;
}

type NumericSetting = {
  [K in keyof Config]: Config[K] extends number ? K : never;
}[keyof Config];

/** The setting `lower` must not exceed the setting `upper`. */
function notAbove(lower: NumericSetting, upper: NumericSetting): SettingsRule {
  const bound = SETTINGS[upper].variable;
  return {
    variable: SETTINGS[lower].variable,
    documentation: `Not above \`${bound}\`.`,
    problem: (config) =>
      config[lower] > config[upper] ? `must not exceed ${bound} (${config[upper]}).` : undefined,
  };
}

/** In the order they are checked: the first one broken is the one reported. */
export const RULES: readonly SettingsRule[] = [
  {
    variable: SETTINGS.gwsBaseUrl.variable,
    documentation: `Required under \`${SETTINGS.production.variable}=production\`.`,
    problem: (config) =>
      config.production && config.gwsBaseUrl === undefined
        ? `is required when ${SETTINGS.production.variable}=production.`
        : undefined,
  },
  notAbove('outcomeTimeoutMs', 'outcomeMaxTimeoutMs'),
  notAbove('httpHeadersTimeoutMs', 'httpRequestTimeoutMs'),
  notAbove('signInMaxUnknownAttempts', 'signInMaxAttemptsPerUser'),
  {
    variable: SETTINGS.clusterSecret.variable,
    documentation: `Required with \`${SETTINGS.redisUrl.variable}\`: at least ${MIN_CLUSTER_SECRET_LENGTH} characters.`,
    problem: (config) =>
      config.redisUrl !== undefined &&
      (config.clusterSecret === undefined ||
        config.clusterSecret.length < MIN_CLUSTER_SECRET_LENGTH)
        ? `must be set to at least ${MIN_CLUSTER_SECRET_LENGTH} random characters, the same on every replica, when ${SETTINGS.redisUrl.variable} is set.`
        : undefined,
  },
];
