/** The console table of a bench run: each gateway figure beside its same-run baseline. */

export const fixed = (value, digits = 1) =>
  value === null || value === undefined ? '–' : value.toFixed(digits);
export const ratio = (value, base) => (base > 0 ? `×${(value / base).toFixed(2)}` : '–');
export const percent = (value, base) => (base > 0 ? `${Math.round((100 * value) / base)} %` : '–');

export function printTable(results) {
  if (results.fanout.length > 0) {
    console.log(
      '\nFan-out (latency from publication upstream, or the ask to the plain server, to receipt)',
    );
    console.table(
      results.fanout.map(({ shape, gateway, bridge, baseline }) => ({
        shape: shape.name,
        'gateway p50/p99 ms': `${fixed(gateway.paced.p50)} / ${fixed(gateway.paced.p99)}`,
        'bridge p50/p99 ms': bridge
          ? `${fixed(bridge.paced.p50)} / ${fixed(bridge.paced.p99)}`
          : '–',
        'p99 vs bridge': ratio(gateway.paced.p99, bridge?.paced.p99),
        'burst vs bridge': percent(gateway.burst.perSecond, bridge?.burst.perSecond),
        'ws p50/p99 ms': `${fixed(baseline.paced.p50)} / ${fixed(baseline.paced.p99)}`,
        'p99 vs ws': ratio(gateway.paced.p99, baseline.paced.p99),
        'burst gateway/s': Math.round(gateway.burst.perSecond),
        'burst ws/s': Math.round(baseline.burst.perSecond),
        'burst vs ws': percent(gateway.burst.perSecond, baseline.burst.perSecond),
        'lost gw/bridge/ws': [gateway, bridge, baseline]
          .map((side) => (side ? side.paced.lost + side.burst.lost : '–'))
          .join('/'),
        'streams/agent': `${gateway.upstreamStreams.min}–${gateway.upstreamStreams.max}`,
        're-handshakes': gateway.upstreamStreams.handshakesDuringMeasure,
        'heap KB/idle sub (bridge)': `${fixed(gateway.heapPerIdleSubscriberKB)} (${fixed(bridge?.heapPerIdleSubscriberKB)})`,
        'RSS MB': fixed(gateway.rssMB, 0),
      })),
    );
  }
  if (results.fanout.some(({ gateway }) => gateway.paced.cpuMs)) {
    console.log(
      '\nFan-out CPU time per delivery (user + system, paced and burst together; µs), by process',
    );
    console.table(
      results.fanout.map(({ shape, gateway, bridge, baseline }) => ({
        shape: shape.name,
        gateway: fixed(cpuPerDelivery(gateway, 'gateway')),
        bridge: bridge ? fixed(cpuPerDelivery(bridge, 'bridge')) : '–',
        'gateway vs bridge': bridge
          ? ratio(cpuPerDelivery(gateway, 'gateway'), cpuPerDelivery(bridge, 'bridge'))
          : '–',
        'ws server': fixed(cpuPerDelivery(baseline, 'server')),
        'gateway vs ws': ratio(
          cpuPerDelivery(gateway, 'gateway'),
          cpuPerDelivery(baseline, 'server'),
        ),
        simulator: fixed(cpuPerDelivery(gateway, 'simulator')),
        'simulator (bridge side)': bridge ? fixed(cpuPerDelivery(bridge, 'simulator')) : '–',
        'clients (gw side)': fixed(cpuPerDelivery(gateway, 'clients')),
        'clients (ws side)': fixed(cpuPerDelivery(baseline, 'clients')),
      })),
    );
  }
  const sweep = results.fanout.filter(({ gateway }) => gateway.idle);
  if (sweep.length > 0) printSweepTable(sweep);
  if (results.requests) {
    console.log('\nRequests (8 concurrent loops)');
    console.table(
      Object.entries(results.requests).map(([name, { gateway, direct }]) => ({
        path: name,
        'gateway req/s': Math.round(gateway.perSecond),
        'gateway p50/p99 ms': `${fixed(gateway.p50)} / ${fixed(gateway.p99)}`,
        'direct req/s': Math.round(direct.perSecond),
        'direct p50/p99 ms': `${fixed(direct.p50)} / ${fixed(direct.p99)}`,
        'gateway vs direct': percent(gateway.perSecond, direct.perSecond),
        failures: gateway.failures + direct.failures,
      })),
    );
    console.log('\nRequests: CPU time per request (user + system, µs), by process');
    console.table(
      Object.entries(results.requests).map(([name, { gateway, direct }]) => ({
        path: name,
        gateway: fixed(gateway.cpuPerRequestMicros?.gateway, 0),
        'simulator (gw path)': fixed(gateway.cpuPerRequestMicros?.simulator, 0),
        'client (gw path)': fixed(gateway.cpuPerRequestMicros?.client, 0),
        'simulator (direct)': fixed(direct.cpuPerRequestMicros?.simulator, 0),
        'client (direct)': fixed(direct.cpuPerRequestMicros?.client, 0),
      })),
    );
  }
}

/** A process's CPU µs per delivery over the paced and burst phases of one side of a shape. */
export function cpuPerDelivery({ paced, burst }, process) {
  const delivered = paced.delivered + burst.delivered;
  const cpuMs = (paced.cpuMs?.[process] ?? NaN) + (burst.cpuMs?.[process] ?? NaN);
  return delivered > 0 && Number.isFinite(cpuMs) ? (cpuMs * 1000) / delivered : null;
}

/**
 * A process's CPU µs per delivery less what it spends per second with nothing published (its
 * `idle` phase) over the paced and burst phases' time: the cost that grows with events, apart
 * from the cost of holding streams and sockets, which grows with agents and time.
 */
export function cpuPerDeliveryAboveIdle({ idle, paced, burst }, process) {
  const delivered = paced.delivered + burst.delivered;
  const cpuMs = (paced.cpuMs?.[process] ?? NaN) + (burst.cpuMs?.[process] ?? NaN);
  const idleMs =
    ((idle?.cpuMs?.[process] ?? NaN) / (idle?.wallMs ?? NaN)) * (paced.wallMs + burst.wallMs);
  return delivered > 0 && Number.isFinite(cpuMs - idleMs)
    ? ((cpuMs - idleMs) * 1000) / delivered
    : null;
}

/** CPU ms per second a process spends in the idle phase. */
const idlePerSecond = ({ idle }, process) =>
  idle ? (idle.cpuMs[process] * 1000) / idle.wallMs : null;

/** The sweep: CPU per delivery as agents grow, whole and above idle, with its spread. */
function printSweepTable(sweep) {
  console.log(
    '\nHow cost grows (µs per delivery, whole / above idle; idle: CPU ms per second with no event)',
  );
  const sides = [
    ['gateway', (entry) => entry.gateway, 'gateway'],
    ['simulator', (entry) => entry.gateway, 'simulator'],
    ['bridge', (entry) => entry.bridge, 'bridge'],
    ['simulator (bridge side)', (entry) => entry.bridge, 'simulator'],
  ];
  console.table(
    sweep.map((entry) => ({
      shape: entry.shape.name,
      ...Object.fromEntries(
        sides.map(([label, side, process]) => {
          const measured = side(entry);
          return [
            label,
            measured
              ? `${fixed(cpuPerDelivery(measured, process))} / ${fixed(cpuPerDeliveryAboveIdle(measured, process))} (idle ${fixed(idlePerSecond(measured, process))})`
              : '–',
          ];
        }),
      ),
    })),
  );
  for (const [label, side, process] of sides) {
    const figures = sweep
      .map((entry) => side(entry))
      .filter(Boolean)
      .map((measured) => cpuPerDeliveryAboveIdle(measured, process));
    if (figures.length < 2 || figures.some((figure) => figure === null)) continue;
    const spread = Math.max(...figures) / Math.min(...figures);
    console.log(`${label}: above idle, largest ÷ smallest ${ratio(spread, 1)}`);
  }
}
