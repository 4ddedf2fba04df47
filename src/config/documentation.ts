import type { Setting } from './setting.js';
import { RULES } from './rules.js';
import { SETTINGS } from './settings.js';

/** The lines that enclose the settings table in docs/configuration.md. */
export const SETTINGS_TABLE_START =
  '<!-- settings table: written by `npm run docs:config` from src/config/settings.ts -->';
export const SETTINGS_TABLE_END = '<!-- end of settings table -->';

/** The columns of docs/configuration.md's settings table. */
export const SETTINGS_TABLE_HEADER = ['Variable', 'Default', 'Accepts', 'Meaning'] as const;

/**
 * The rows of docs/configuration.md's settings table, one per setting in the table's order, each
 * cell's Markdown as it stands between the table's pipes.
 */
export function settingsTableRows(): string[][] {
  return Object.values(SETTINGS).map((setting: Setting<unknown>) => {
    const rules = RULES.filter((rule) => rule.variable === setting.variable);
    return [
      `\`${setting.variable}\``,
      defaultCell(setting),
      setting.accepts,
      [setting.description, ...rules.map((rule) => rule.documentation)].join(' '),
    ].map(escapeCell);
  });
}

/** The settings table in Markdown, unpadded: `npm run docs:config` writes it formatted. */
export function settingsTableMarkdown(): string {
  return [SETTINGS_TABLE_HEADER, SETTINGS_TABLE_HEADER.map(() => '---'), ...settingsTableRows()]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

/** The default, and the production default beside it where that differs. */
function defaultCell(setting: Setting<unknown>): string {
  const standard = setting.show(setting.fallback('standard'));
  const production = setting.show(setting.fallback('production'));
  const written = (value: string | undefined) => (value === undefined ? 'unset' : `\`${value}\``);
  return standard === production
    ? written(standard)
    : `${written(standard)}; ${written(production)} under \`${SETTINGS.production.variable}=production\``;
}

/** A pipe inside a cell would end it. */
function escapeCell(markdown: string): string {
  return markdown.replaceAll('|', '\\|');
}
