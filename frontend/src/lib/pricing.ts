import type { APIPricing } from '@spendscope/contracts';
import { formatUnitPrice } from './format.ts';

const PER_MILLION = 1_000_000;

/** A price version in words, only the parts that cost something (tokens per 1M, others per unit). */
export function describePrice(price: APIPricing): string[] {
  const parts: string[] = [];
  const perMillion = (value: number, what: string) => {
    if (value > 0) parts.push(`${formatUnitPrice(value * PER_MILLION)} / 1M ${what} tokens`);
  };
  perMillion(price.cost_per_input_token, 'input');
  perMillion(price.cost_per_output_token, 'output');
  if (price.cost_per_cached_token !== undefined) perMillion(price.cost_per_cached_token, 'cached');
  const perUnit = (value: number, what: string) => {
    if (value > 0) parts.push(`${formatUnitPrice(value)} / ${what}`);
  };
  perUnit(price.cost_per_request, 'request');
  perUnit(price.cost_per_search, 'search');
  perUnit(price.cost_per_page, 'page');
  perUnit(price.cost_per_image, 'image');
  return parts.length > 0 ? parts : ['Free'];
}

/** Whether a price version is the one in effect now. */
export function isCurrentPrice(price: APIPricing, now: Date = new Date()): boolean {
  return new Date(price.effective_from) <= now && (!price.effective_to || new Date(price.effective_to) > now);
}
