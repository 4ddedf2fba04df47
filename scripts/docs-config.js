/**
 * Writes the settings table of docs/configuration.md from the settings table in src/config, where
 * every setting is declared: `npm run docs:config`. A test fails while the two differ.
 */
import { Buffer } from 'node:buffer';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';
import { format, resolveConfig } from 'prettier';

const DOC = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
const CONFIG_ENTRY = fileURLToPath(new URL('../src/config/index.ts', import.meta.url));

// The config module is TypeScript: bundled in memory, it runs without a build.
const bundled = await build({
  entryPoints: [CONFIG_ENTRY],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const source = Buffer.from(bundled.outputFiles[0].text).toString('base64');
const {
  settingsTableMarkdown,
  SETTINGS_TABLE_START: START,
  SETTINGS_TABLE_END: END,
} = await import(`data:text/javascript;base64,${source}`);

const doc = await readFile(DOC, 'utf8');
const start = doc.indexOf(START);
const end = doc.indexOf(END);
if (start === -1 || end < start) {
  process.stderr.write(
    `${DOC} lacks the lines that enclose the settings table:\n${START}\n${END}\n`,
  );
  process.exit(1);
}
const written = `${doc.slice(0, start + START.length)}\n\n${settingsTableMarkdown()}\n\n${doc.slice(end)}`;
const options = { ...(await resolveConfig(DOC)), filepath: DOC };
await writeFile(DOC, await format(written, options));
process.stdout.write(`wrote the settings table of ${DOC}\n`);
