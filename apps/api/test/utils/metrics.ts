/** One sample of a Prometheus text exposition: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the samples of a text exposition (comments skipped). */
export function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[label[1]] = label[2];
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the sample of this name whose labels include `labels` (summed if several match). */
export function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  return samplesOf(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Every label value of the exposition, for checks that none is personal. */
export function labelValuesOf(text: string): string[] {
  return samplesOf(text).flatMap((s) => Object.values(s.labels));
}

/** GET /metrics at `origin`, with the token as a bearer credential if given. */
export async function scrape(origin: string, token?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${origin}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return { status: res.status, text: await res.text() };
}
