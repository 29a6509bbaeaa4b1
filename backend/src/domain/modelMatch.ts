import type { PriceMatch, Provider } from '@spendscope/contracts';

/** A catalog's rule naming the model ids one price applies to (the genai-prices `MatchLogic`). */
export type MatchRule =
  | { and: MatchRule[] }
  | { or: MatchRule[] }
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string };

/** How a name met a rule: an `equals` clause lists an alias, any other clause is a pattern. */
export type RuleMatch = Exclude<PriceMatch, 'exact' | 'override'>;

/**
 * Whether `name` meets `rule`, compared case-insensitively as the catalog does (a regex as written),
 * and how: `alias` when an `equals` clause names it, `pattern` otherwise; undefined when it does not.
 */
export function matchRule(rule: MatchRule, name: string): RuleMatch | undefined {
  const lower = name.toLowerCase();
  if ('or' in rule) {
    let found: RuleMatch | undefined;
    for (const part of rule.or) {
      const kind = matchRule(part, name);
      if (kind === 'alias') return kind;
      found ??= kind;
    }
    return found;
  }
  if ('and' in rule) {
    let kind: RuleMatch = 'alias';
    for (const part of rule.and) {
      const partKind = matchRule(part, name);
      if (!partKind) return undefined;
      if (partKind === 'pattern') kind = 'pattern';
    }
    return rule.and.length > 0 ? kind : undefined;
  }
  if ('equals' in rule) return lower === rule.equals.toLowerCase() ? 'alias' : undefined;
  if ('starts_with' in rule) return lower.startsWith(rule.starts_with.toLowerCase()) ? 'pattern' : undefined;
  if ('ends_with' in rule) return lower.endsWith(rule.ends_with.toLowerCase()) ? 'pattern' : undefined;
  if ('contains' in rule) return lower.includes(rule.contains.toLowerCase()) ? 'pattern' : undefined;
  return safeRegex(rule.regex)?.test(name) ? 'pattern' : undefined;
}

const regexes = new Map<string, RegExp | null>();

/** A catalog regex compiled once; an invalid one matches nothing. */
function safeRegex(source: string): RegExp | null {
  let compiled = regexes.get(source);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(source);
    } catch {
      compiled = null;
    }
    regexes.set(source, compiled);
  }
  return compiled;
}

/** Prefixes SDKs and routers put before a model id, per provider (`models/`, `openai/`, …). */
const PREFIXES: Record<Provider, readonly string[]> = {
  gemini: ['models/', 'google/', 'gemini/', 'vertex_ai/'],
  openai: ['openai/'],
  anthropic: ['anthropic/'],
  mistral: ['mistral/', 'mistralai/'],
  tavily: [],
  serper: [],
  metaphor: [],
  firecrawl: [],
  stability: [],
};

const DATED = /-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/**
 * The spellings a reported name is looked up under, in order: trimmed and lower-cased without the
 * provider's SDK or router prefixes, then (as the catalog does) with a compact date written with
 * dashes (`-20250929` → `-2025-09-29`).
 */
export function lookupNames(provider: Provider, reported: string): string[] {
  let name = reported.trim().toLowerCase();
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const prefix of PREFIXES[provider]) {
      if (name.startsWith(prefix) && name.length > prefix.length) {
        name = name.slice(prefix.length);
        stripped = true;
      }
    }
  }
  const dashed = name.replace(DATED, '-$1-$2-$3');
  return dashed === name ? [name] : [name, dashed];
}
