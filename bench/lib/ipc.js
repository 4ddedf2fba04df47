/**
 * Request/answer over the IPC channel between the bench and its child processes. A child that
 * loses its parent exits at once, so no bench process outlives the run, even after a crash.
 */
import { fork } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';

/** How long a child may take to stop cleanly (and write its CPU profile) before it is killed. */
const STOP_GRACE_MS = 10_000;
const children = new Set();

/**
 * In a child: answers `{ id, type, args }` requests with `handlers[type](args)`, and `cpu` with the
 * process's CPU time so far (`process.cpuUsage()`, µs). After answering `stop` (its handler
 * releases what the child holds) the child exits.
 */
export function serve(handlers) {
  const served = { cpu: () => process.cpuUsage(), ...handlers };
  process.on('disconnect', () => process.exit(1));
  process.on('message', async ({ id, type, args }) => {
    let answer;
    try {
      const handler = served[type];
      if (!handler) throw new Error(`no handler for ${type}`);
      answer = { id, result: await handler(args ?? {}) };
    } catch (error) {
      answer = { id, error: error instanceof Error ? error.stack : String(error) };
    }
    process.send(answer, () => {
      if (type === 'stop') process.exit(0);
    });
  });
  process.send({ ready: true });
}

/**
 * Starts `script` as a child process and resolves once it is serving. `request(type, args,
 * timeoutMs)` sends it a request; `stop()` asks it to stop (its `stop` handler runs, then it
 * exits) and kills it if it has not exited within STOP_GRACE_MS.
 */
export async function startChild(script, { execArgv = [], env = {}, args = [] } = {}) {
  const child = fork(script, args, {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => children.delete(child));
  const pending = new Map();
  let nextId = 0;
  child.on('message', (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${script}: ${message.error}`));
    else waiter.resolve(message.result);
  });
  exited.then((code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited (${code})`));
    pending.clear();
  });
  await new Promise((resolve, reject) => {
    child.on('message', function onReady(message) {
      if (!message.ready) return;
      child.off('message', onReady);
      resolve();
    });
    exited.then((code) => reject(new Error(`${script} exited (${code}) before serving`)));
  });

  function request(type, args = {}, timeoutMs = 60_000) {
    const id = (nextId += 1);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${script}: ${type} took over ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      child.send({ id, type, args });
    });
  }

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    request('stop', {}, STOP_GRACE_MS).catch(() => undefined);
    await exited;
    clearTimeout(killer);
  }

  return { request, stop, pid: child.pid };
}

/** Kills every child still running: the last word on any exit path of the bench. */
export function killAllChildren() {
  for (const child of children) child.kill('SIGKILL');
}
