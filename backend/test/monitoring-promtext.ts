/** One sample of the Prometheus text format. */
export type PromSample = { name: string; labels: Record<string, string>; value: number };
export type PromFamily = { name: string; type: string; help: string; samples: PromSample[] };

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/g;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created', ''];

/** Values as Prometheus reads them (Go's ParseFloat): NaN and Inf in any letter case. */
function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a number: ${text}`);
  return value;
}

/**
 * Parses the Prometheus text exposition format strictly: every sample must belong to a family declared
 * by `# TYPE` before it, label sets must be well-formed, and histogram buckets must be cumulative with a
 * `+Inf` bucket equal to `_count`. Throws on anything else.
 */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    const where = `line ${index + 1}: ${line}`;
    if (line.startsWith('# HELP ')) {
      const [name, ...help] = line.slice(7).split(' ');
      const family = families.get(name!) ?? { name: name!, type: 'untyped', help: '', samples: [] };
      family.help = help.join(' ');
      families.set(name!, family);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type ?? ''))
        throw new Error(where);
      const family = families.get(name!) ?? { name: name!, type: type!, help: '', samples: [] };
      family.type = type!;
      families.set(name!, family);
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`malformed sample, ${where}`);
    const [, name, labelText, valueText] = match;
    const labels: Record<string, string> = {};
    if (labelText) {
      const consumed = [...labelText.matchAll(LABEL)];
      if (consumed.map((m) => m[0]).join('') !== labelText) throw new Error(`malformed labels, ${where}`);
      for (const m of consumed) labels[m[1]!] = m[2]!;
    }
    const family = SUFFIXES.map((s) => (s && name!.endsWith(s) ? name!.slice(0, -s.length) : name!))
      .map((base) => families.get(base))
      .find((f) => f !== undefined);
    if (!family) throw new Error(`sample before its # TYPE, ${where}`);
    family.samples.push({ name: name!, labels, value: parseValue(valueText!) });
  }
  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

function checkHistogram(family: PromFamily): void {
  const series = new Map<string, PromSample[]>();
  for (const sample of family.samples) {
    if (!sample.name.endsWith('_bucket')) continue;
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(rest);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, buckets] of series) {
    let previous = 0;
    for (const bucket of buckets) {
      if (bucket.value < previous) throw new Error(`${family.name} buckets are not cumulative for ${key}`);
      previous = bucket.value;
    }
    const last = buckets.at(-1);
    if (last?.labels.le !== '+Inf') throw new Error(`${family.name} has no +Inf bucket for ${key}`);
    const count = family.samples.find(
      (s) => s.name === `${family.name}_count` && JSON.stringify(s.labels) === key,
    );
    if (count?.value !== last.value) throw new Error(`${family.name}_count differs from +Inf for ${key}`);
  }
}

/** The value of the sample named `name` whose labels include `labels`. */
export function sampleValue(
  families: Map<string, PromFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      if (Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) return sample.value;
    }
  }
  return undefined;
}
