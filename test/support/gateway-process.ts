import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
/**
 * Inside the project, so the bundle's imports of packages resolve to its node_modules; two levels
 * down, as src/graphql/schema.ts is, so the schema file is found where the sources find it.
 */
const BUNDLE = fileURLToPath(
  new URL('../../node_modules/.cache/gws-sms-gateway.js', import.meta.url),
);
/** The embedded simulator, where the gateway's entry looks for it beside itself. */
const SIMULATOR_ENTRY = fileURLToPath(new URL('../../simulator/index.ts', import.meta.url));
const SIMULATOR_BUNDLE = fileURLToPath(
  new URL('../../node_modules/.cache/simulator/index.js', import.meta.url),
);

/** One line the gateway process logged (pino's JSON). */
export interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/**
 * The gateway as `npm start` runs it, in a process of its own, from the sources as they are: a
 * bundle of src/main.ts that leaves packages to node_modules.
 */
export class GatewayProcess {
  readonly logs: LogLine[] = [];
  /** Lines of stdout that are not JSON: none, where stdout is a pipe. */
  readonly notJson: string[] = [];
  /** All the process wrote to stderr, when the start asked to keep it. */
  stderr = '';
  /** All the process wrote to stdout. */
  stdout = '';
  private readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly child: ChildProcess) {
    let pending = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.stdout += chunk;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.notJson.push(line);
        }
      }
      for (const waiter of [...this.waiters]) waiter();
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Starts the gateway with these settings; resolves once it listens, with its GraphQL URL.
   * Without GWS_BASE_URL it starts its embedded simulator, bundled beside it.
   * @param keepStderr keeps what it writes to stderr in {@link stderr} instead of passing it on.
   */
  static async start(
    env: Record<string, string>,
    { keepStderr = false }: { keepStderr?: boolean } = {},
  ): Promise<{ gateway: GatewayProcess; url: string }> {
    const bundled = { bundle: true, platform: 'node', format: 'esm', target: 'node20' } as const;
    await build({
      ...bundled,
      entryPoints: [ENTRY],
      outfile: BUNDLE,
      packages: 'external',
      logLevel: 'warning',
    });
    if (env.GWS_BASE_URL === undefined) {
      await build({
        ...bundled,
        entryPoints: [SIMULATOR_ENTRY],
        outfile: SIMULATOR_BUNDLE,
        packages: 'external',
        logLevel: 'warning',
      });
    }
    const child = spawn(process.execPath, [BUNDLE], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', keepStderr ? 'pipe' : 'inherit'],
    });
    const gateway = new GatewayProcess(child);
    const listening = await gateway.logged('gateway listening');
    return { gateway, url: listening.url as string };
  }

  /** The first line logged with this message, waiting for it up to `timeoutMs`. */
  logged(msg: string, timeoutMs = 10_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.logs.find((candidate) => candidate.msg === msg);
        if (!line) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`"${msg}" not logged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The exit code once the process has ended. */
  exitCode(): Promise<number | null> {
    return this.exited;
  }

  /** Ends the process if a test left it running. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
