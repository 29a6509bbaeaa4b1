import type { Provider } from '@spendscope/contracts';

/** Calls per month each demo user makes, per provider (scaled down for the part of a month elapsed). */
export type DemoUser = {
  id: string;
  display_name: string;
  timezone: string;
  plan: string;
  monthlyCalls: Partial<Record<Provider, number>>;
  /**
   * Calls already made this month whatever the day, per provider: on the 1st a month scaled to its
   * elapsed part is nearly empty, and the demo should still show every provider and its story.
   */
  thisMonthAtLeast: Partial<Record<Provider, number>>;
};

export const DEMO_USERS: DemoUser[] = [
  {
    id: 'demo-alice',
    display_name: 'Alice Chen',
    timezone: 'America/New_York',
    plan: 'basic',
    monthlyCalls: {
      gemini: 640,
      openai: 330,
      anthropic: 120,
      mistral: 150,
      tavily: 120,
      serper: 90,
      metaphor: 45,
      firecrawl: 40,
      stability: 20,
    },
    thisMonthAtLeast: {},
  },
  {
    id: 'demo-bob',
    display_name: 'Bob Okafor',
    timezone: 'Europe/Berlin',
    plan: 'free',
    monthlyCalls: {
      gemini: 92,
      mistral: 30,
      tavily: 14,
      serper: 10,
      metaphor: 5,
      firecrawl: 4,
      stability: 3,
    },
    // Four of the Free plan's five images: Bob is always at 80 % of a limit, with an unread alert.
    thisMonthAtLeast: { stability: 4 },
  },
  {
    id: 'demo-carol',
    display_name: 'Carol Díaz',
    timezone: 'Asia/Tokyo',
    plan: 'pro',
    monthlyCalls: {
      gemini: 2600,
      openai: 1500,
      anthropic: 700,
      mistral: 900,
      tavily: 500,
      serper: 600,
      metaphor: 240,
      firecrawl: 260,
      stability: 90,
    },
    thisMonthAtLeast: {},
  },
];

export const DEMO_ADMIN = { id: 'admin', display_name: 'Operator', timezone: 'UTC', role: 'admin' as const };
