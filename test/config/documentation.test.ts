import { readFile } from 'node:fs/promises';
import {
  SETTINGS_TABLE_END,
  SETTINGS_TABLE_HEADER,
  SETTINGS_TABLE_START,
  settingsTableRows,
} from '../../src/config/index.js';

const DOC = new URL('../../docs/configuration.md', import.meta.url);

/** The cells of each row of the Markdown table between the two lines, the divider left out. */
async function documentedTable(): Promise<string[][]> {
  const doc = await readFile(DOC, 'utf8');
  const start = doc.indexOf(SETTINGS_TABLE_START);
  const end = doc.indexOf(SETTINGS_TABLE_END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return doc
    .slice(start + SETTINGS_TABLE_START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

describe('docs/configuration.md', () => {
  it('holds the settings table as src/config writes it (npm run docs:config rewrites it)', async () => {
    expect(await documentedTable()).toEqual([[...SETTINGS_TABLE_HEADER], ...settingsTableRows()]);
  });
});
