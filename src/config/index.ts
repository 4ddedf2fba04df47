export { ConfigError, type Environment } from './setting.js';
export { SETTINGS, type Config, type LogLevel } from './settings.js';
export { loadConfig } from './load.js';
export {
  SETTINGS_TABLE_END,
  SETTINGS_TABLE_HEADER,
  SETTINGS_TABLE_START,
  settingsTableMarkdown,
  settingsTableRows,
} from './documentation.js';
