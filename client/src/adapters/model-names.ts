import type { Provider } from '@spendscope/contracts';

/**
 * Providers answer with dated snapshot names (`gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`,
 * `mistral-large-2411`, `gemini-1.5-flash-002`) while prices are kept per model family (`gpt-4o`,
 * `claude-3.5-sonnet`, `mistral-large`, `gemini-1.5-flash`). Reporting the family keeps calls priced; a
 * caller that prices snapshots separately passes `model` explicitly, which always wins.
 */
export function canonicalModel(provider: Provider, model: string | null | undefined): string | undefined {
  if (typeof model !== 'string') return undefined;
  let name = model.trim();
  if (name === '') return undefined;
  switch (provider) {
    case 'openai':
      // gpt-4o-2024-08-06, o3-mini-2025-01-31, gpt-4-0613
      name = name.replace(/-\d{4}-\d{2}-\d{2}$/, '').replace(/-\d{4}$/, '');
      break;
    case 'anthropic':
      // claude-3-5-sonnet-20241022 → claude-3.5-sonnet; claude-sonnet-4-5-20250929 → claude-sonnet-4.5
      name = name
        .replace(/-(\d{8}|latest)$/, '')
        .replace(/-(\d)-(\d)(?=-|$)/, '-$1.$2')
        .replace(/@\d{8}$/, '');
      break;
    case 'gemini':
      // models/gemini-1.5-flash-002, gemini-2.5-flash-preview-05-20, gemini-2.0-flash-001
      name = name
        .replace(/^models\//, '')
        .replace(/-preview(-\d{2}-\d{2})?$/, '')
        .replace(/-(\d{3}|latest)$/, '');
      break;
    case 'mistral':
      // mistral-large-latest, mistral-large-2411, mistral-small-2503
      name = name.replace(/-(latest|\d{4})$/, '');
      break;
    default:
      break;
  }
  return name;
}
