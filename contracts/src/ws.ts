import { z } from 'zod';
import { usageAlertSchema } from './alerts.ts';
import { usageStatsSchema } from './usage.ts';

/** Every message the server pushes over `/ws/billing/:userId`. */
export const billingSocketMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('usage.updated'), data: usageStatsSchema }),
  z.object({ type: z.literal('alert.created'), data: usageAlertSchema }),
]);
export type BillingSocketMessage = z.infer<typeof billingSocketMessageSchema>;
