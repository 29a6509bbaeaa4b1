import { z } from 'zod';

/** The customer's deployment endpoints, per environment (from the spec). */
export const API_ENDPOINTS = {
  development: 'http://localhost:8000/api',
  staging: 'https://staging-api.alwrity.com/api',
  production: 'https://api.alwrity.com/api',
} as const;

export type AppEnvironment = keyof typeof API_ENDPOINTS;

/** Same origin: the server that serves this app also serves the API. */
export const DEFAULT_API_BASE_URL = '/api';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  /** Picks one of API_ENDPOINTS; unset means same-origin. */
  VITE_APP_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'staging', 'production']).optional()),
  /** Overrides everything else: an absolute URL or a path on this origin, ending in `/api`. */
  VITE_API_BASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^(https?:\/\/[^\s]+|\/[^\s]*)$/,
        'VITE_API_BASE_URL must be an http(s) URL or a path such as /api',
      )
      .optional(),
  ),
});

export type Env = {
  appEnvironment: AppEnvironment | undefined;
  /** Where `/api/...` paths are sent, without a trailing slash. */
  apiBaseUrl: string;
};

/** Reads the build-time environment once; a bad value fails loudly at start-up, not at the first request. */
export function readEnv(source: Record<string, unknown>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid environment configuration: ${detail}`);
  }
  const { VITE_APP_ENV, VITE_API_BASE_URL } = result.data;
  const base = VITE_API_BASE_URL ?? (VITE_APP_ENV ? API_ENDPOINTS[VITE_APP_ENV] : DEFAULT_API_BASE_URL);
  return { appEnvironment: VITE_APP_ENV, apiBaseUrl: base.replace(/\/+$/, '') };
}

export const env: Env = readEnv(import.meta.env);
