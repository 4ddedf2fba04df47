/** The gateway's `/metrics` text. */
export async function scrapeMetrics(url: string): Promise<string> {
  const response = await fetch(new URL('/metrics', url));
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** The value of one series (name and labels exactly as rendered), 0 when it is not there yet. */
export function seriesValue(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
