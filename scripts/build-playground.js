/**
 * Bundles the playground (GraphiQL 5 with React, Monaco and Monaco's three workers) from npm
 * packages into dist/playground/assets/: content-hashed files, a gzip twin of each, and
 * manifest.json naming them, the only files the gateway serves. Nothing is fetched at run time.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const OUT_DIR = fileURLToPath(new URL('../dist/playground/assets/', import.meta.url));
const APP_ENTRY = fileURLToPath(new URL('../src/playground/browser/main.js', import.meta.url));

/** Monaco asks for a worker by label; GraphiQL's editors use these three. */
const WORKER_ENTRIES = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

const common = {
  bundle: true,
  minify: true,
  outdir: OUT_DIR,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
};

const started = Date.now();
await rm(OUT_DIR, { recursive: true, force: true });
await mkdir(OUT_DIR, { recursive: true });

const [app, workers] = await Promise.all([
  build({
    ...common,
    entryPoints: { playground: APP_ENTRY },
    format: 'esm',
    loader: { '.ttf': 'file' },
  }),
  // Classic workers, so that the page can start them with a plain `new Worker(url)`.
  build({
    ...common,
    entryPoints: Object.fromEntries(
      Object.entries(WORKER_ENTRIES).map(([label, entry]) => [`${label}.worker`, entry]),
    ),
    format: 'iife',
  }),
]);

/** The file name of the output built from the entry point `name`, and that output. */
function entryOutput(metafile, name) {
  const found = Object.entries(metafile.outputs).find(
    ([path, output]) => output.entryPoint !== undefined && basename(path).startsWith(`${name}-`),
  );
  if (!found) throw new Error(`esbuild produced no output for the entry point ${name}`);
  return [basename(found[0]), found[1]];
}

const [script, scriptOutput] = entryOutput(app.metafile, 'playground');
const files = [...Object.keys(app.metafile.outputs), ...Object.keys(workers.metafile.outputs)]
  .map((path) => basename(path))
  .sort();
const manifest = {
  script,
  style: basename(scriptOutput.cssBundle),
  workers: Object.fromEntries(
    Object.keys(WORKER_ENTRIES).map((label) => [
      label,
      entryOutput(workers.metafile, `${label}.worker`)[0],
    ]),
  ),
  files,
};

await Promise.all(
  files.map(async (file) =>
    writeFile(`${OUT_DIR}${file}.gz`, gzipSync(await readFile(`${OUT_DIR}${file}`), { level: 9 })),
  ),
);
await writeFile(`${OUT_DIR}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`playground: ${files.length} files in ${OUT_DIR} (${Date.now() - started} ms)`);
