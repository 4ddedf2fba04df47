export { ConfigError, type Environment } from './setting.js';
export { SETTINGS, type Config, type LogLevel } from './settings.js';
export { loadConfig } from './load.js';
