/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): the top frames by self time and by inclusive
 * time, aggregated by function and script, self time by package, and the gateway's own frames by
 * inclusive time, each as a share of the process's busy time (idle excluded).
 *   node bench/profile-summary.js <file.cpuprofile | directory> [--top=N]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_TOP = 20;

/** `function (script:line)`, with the script shortened to what tells it apart. */
function frameKey({ functionName, url, lineNumber }) {
  const name = functionName || '(anonymous)';
  if (!url) return name;
  return `${name} (${shortScript(url)}:${lineNumber + 1})`;
}

function shortScript(url) {
  const path = url.replace(/^file:\/\//, '');
  const nodeModules = path.lastIndexOf('node_modules/');
  if (nodeModules >= 0) return path.slice(nodeModules + 'node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  return dist >= 0 ? path.slice(dist + 1) : path;
}

/** `graphql`, `ws`, `gateway (dist)`, `node internals`, or the V8 pseudo-frame itself. */
function packageOf({ functionName, url }) {
  if (!url) return functionName;
  const path = url.replace(/^file:\/\//, '');
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match) return match[1];
  if (path.startsWith('node:')) return 'node internals';
  if (path.includes('/dist/')) return 'gateway (dist)';
  return path;
}

function add(map, key, value) {
  map.set(key, (map.get(key) ?? 0) + value);
}

export function summarise(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const self = new Map();
  const inclusive = new Map();
  const packages = new Map();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = nodes.get(id);
    total += delta;
    if (node.callFrame.functionName === '(idle)') {
      idle += delta;
      return;
    }
    add(self, frameKey(node.callFrame), delta);
    add(packages, packageOf(node.callFrame), delta);
    // A recursive function counts once per sample.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parents.get(at)) {
      const key = frameKey(nodes.get(at).callFrame);
      if (key === '(root)' || seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, delta);
    }
  });
  return { totalMs: total / 1000, busyMs: (total - idle) / 1000, self, inclusive, packages };
}

function top(map, busyMicros, count) {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((100 * micros) / busyMicros).toFixed(1).padStart(5)} %  ${key}`);
}

function profileFiles(target) {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true })
    .filter((name) => String(name).endsWith('.cpuprofile'))
    .map((name) => join(target, String(name)));
}

const [target, ...flags] = process.argv.slice(2);
if (!target) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile | directory> [--top=N]');
  process.exit(2);
}
const count = Number(flags.find((flag) => flag.startsWith('--top='))?.slice(6) ?? DEFAULT_TOP);
for (const file of profileFiles(target)) {
  const summary = summarise(JSON.parse(readFileSync(file, 'utf8')));
  const busy = summary.busyMs * 1000;
  console.log(`\n${file}`);
  console.log(`busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms profiled`);
  console.log('\nself time by package');
  console.log(top(summary.packages, busy, count).join('\n'));
  console.log('\nself time by frame');
  console.log(top(summary.self, busy, count).join('\n'));
  console.log('\ninclusive time by frame');
  console.log(top(summary.inclusive, busy, count).join('\n'));
  console.log("\ninclusive time by the gateway's own frames (dist/)");
  const own = new Map([...summary.inclusive].filter(([key]) => key.includes('(dist/')));
  console.log(top(own, busy, count).join('\n'));
}
