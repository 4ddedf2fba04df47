import { ConfigError, readSetting, type Environment, type Mode, type Setting } from './setting.js';
import { RULES } from './rules.js';
import { SETTINGS, type Config } from './settings.js';

/**
 * Reads every setting of the table from the environment, then checks the rules between them.
 * @throws ConfigError naming the first variable whose value is unusable.
 */
export function loadConfig(env: Environment): Config {
  const mode: Mode = readSetting(SETTINGS.production, env, 'standard') ? 'production' : 'standard';
  const settings: Record<string, Setting<unknown>> = SETTINGS;
  // Each key's value is read by that key's setting, so it has the type Config gives it.
  const config = Object.fromEntries(
    Object.entries(settings).map(([key, setting]) => [key, readSetting(setting, env, mode)]),
  ) as Config;
  for (const rule of RULES) {
    const problem = rule.problem(config);
    if (problem !== undefined) throw new ConfigError(rule.variable, problem);
  }
  return config;
}
