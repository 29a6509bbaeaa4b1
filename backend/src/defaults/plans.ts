import type { PlanLimits, SubscriptionPlan } from '@spendscope/contracts';

const U = -1;

function limits(
  calls: [number, number, number, number, number, number, number, number, number],
  tokens: [number, number, number, number],
  monthlyCost: number,
): PlanLimits {
  const [gemini, openai, anthropic, mistral, tavily, serper, metaphor, firecrawl, stability] = calls;
  return {
    gemini_calls: gemini,
    openai_calls: openai,
    anthropic_calls: anthropic,
    mistral_calls: mistral,
    tavily_calls: tavily,
    serper_calls: serper,
    metaphor_calls: metaphor,
    firecrawl_calls: firecrawl,
    stability_calls: stability,
    gemini_tokens: tokens[0],
    openai_tokens: tokens[1],
    anthropic_tokens: tokens[2],
    mistral_tokens: tokens[3],
    monthly_cost: monthlyCost,
  };
}

/** The four plans every installation starts with. `-1` unlimited, `0` not included. */
export const DEFAULT_PLANS: SubscriptionPlan[] = [
  {
    id: 'free',
    name: 'Free',
    tier: 'free',
    price_monthly: 0,
    price_yearly: 0,
    description: 'Try Gemini, Mistral and the search APIs at no cost.',
    features: [
      'Gemini and Mistral models',
      'Web search and crawling',
      'Usage dashboard',
      'Email alerts at 80/90/100 %',
    ],
    limits: limits([100, 0, 0, 50, 20, 20, 10, 10, 5], [100_000, 0, 0, 50_000], 2),
  },
  {
    id: 'basic',
    name: 'Basic',
    tier: 'basic',
    price_monthly: 29,
    price_yearly: 290,
    description: 'Every provider for a small team or a side project.',
    features: ['All nine providers', '1M Gemini tokens a month', 'Live usage updates', 'CSV export'],
    limits: limits([1000, 500, 200, 500, 200, 200, 100, 100, 50], [1_000_000, 500_000, 200_000, 500_000], 50),
  },
  {
    id: 'pro',
    name: 'Pro',
    tier: 'pro',
    price_monthly: 79,
    price_yearly: 790,
    description: 'Higher limits for apps in production.',
    features: ['5× Basic limits', '5M Gemini tokens a month', 'Provider drill-down', 'Spend projections'],
    limits: limits(
      [5000, 2500, 1000, 2500, 1000, 1000, 500, 500, 200],
      [5_000_000, 2_500_000, 1_000_000, 2_500_000],
      150,
    ),
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    tier: 'enterprise',
    price_monthly: 199,
    price_yearly: 1990,
    description: 'No call or token limits, with a spending cap you control.',
    features: [
      'Unlimited calls and tokens',
      '$500 monthly spending cap',
      'Priority support',
      'Custom pricing',
    ],
    limits: limits([U, U, U, U, U, U, U, U, U], [U, U, U, U], 500),
  },
];
