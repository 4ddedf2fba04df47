import type { PlaygroundPrefill } from './playground/index.js';

/**
 * The embedded GWS simulator, as the gateway's entry starts it when GWS_BASE_URL is unset. It is
 * a program of its own (`simulator/`), built beside the gateway (`dist/simulator/`) and loaded
 * only then, so a start against a real GWS never loads it; the gateway knows it only by this shape,
 * which a test holds the simulator to.
 */
export interface EmbeddedSimulator {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The demo agents, whose credentials a start prints. */
  readonly agents: readonly { readonly userName: string; readonly password: string }[];
  close(): Promise<void>;
}

/** What the simulator's entry module offers the gateway. */
export interface EmbeddedSimulatorModule {
  startSimulator(options: {
    port: number;
    host: string;
    demoScenario: boolean;
  }): Promise<EmbeddedSimulator>;
  /** What the playground opens with: a demo agent's credentials and example operations. */
  demoPlayground(agent: EmbeddedSimulator['agents'][number]): PlaygroundPrefill;
}

/** Where the built simulator lies, relative to the built gateway. */
const SIMULATOR_ENTRY = './simulator/index.js';

/** Starts the simulator on a free loopback port, with simulated customers writing. */
export async function startEmbeddedSimulator(): Promise<{
  simulator: EmbeddedSimulator;
  playground: PlaygroundPrefill | undefined;
}> {
  const module = (await import(
    new URL(SIMULATOR_ENTRY, import.meta.url).href
  )) as EmbeddedSimulatorModule;
  const simulator = await module.startSimulator({
    port: 0,
    host: '127.0.0.1',
    demoScenario: true,
  });
  const agent = simulator.agents[0];
  return { simulator, playground: agent && module.demoPlayground(agent) };
}
