/** Small numeric helpers shared by the bench's processes. */
import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across local processes. */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}

export function percentile(sorted, p) {
  return sorted.length === 0
    ? null
    : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** p50 and p99 of a list of latencies, rounded to 0.1 ms. */
export function latencySummary(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const round = (value) => (value === null ? null : Math.round(value * 10) / 10);
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)) };
}
