import { describe, expect, it } from 'vitest';
import { SpendscopeError } from './errors.ts';
import type { FetchLike } from './http.ts';
import { createReporter } from './reporter.ts';

function reporterAnswering(answer: () => Response | Promise<Response>) {
  const calls: Array<{ url: string; body: unknown; authorization: string | null }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({
      url,
      body: JSON.parse(String(init.body)),
      authorization: new Headers(init.headers).get('authorization'),
    });
    return answer();
  };
  const reporter = createReporter({ url: 'http://spendscope.test', apiKey: 'sk_test', fetch });
  return { reporter, calls };
}

const allowed = {
  allowed: true,
  estimated_cost: 0.0025,
  remaining: { calls: 99, tokens: 99_000, cost: 1.5 },
};

describe('check', () => {
  it('posts the request to the check endpoint and returns the parsed answer', async () => {
    const { reporter, calls } = reporterAnswering(() => Response.json(allowed));
    const answer = await reporter.check({ user_id: 'user-1', provider: 'gemini', input_tokens: 1000 });
    expect(answer).toEqual(allowed);
    expect(calls).toEqual([
      {
        url: 'http://spendscope.test/api/usage/check',
        body: { user_id: 'user-1', provider: 'gemini', input_tokens: 1000 },
        authorization: 'Bearer sk_test',
      },
    ]);
    await reporter.close();
  });

  it('returns a refusal with its reason', async () => {
    const refused = {
      allowed: false,
      reason: 'OpenAI is not included in the Free plan',
      reason_code: 'provider_not_included',
      estimated_cost: 0,
      remaining: { calls: 0, cost: 2 },
    };
    const { reporter } = reporterAnswering(() => Response.json(refused));
    await expect(reporter.check({ user_id: 'u', provider: 'openai' })).resolves.toMatchObject({
      allowed: false,
      reason_code: 'provider_not_included',
    });
    await reporter.close();
  });

  it('throws the API error code and status when the server refuses the request', async () => {
    const { reporter } = reporterAnswering(() =>
      Response.json({ error: { code: 'unauthorized', message: 'API key not recognised' } }, { status: 401 }),
    );
    const error = await reporter.check({ user_id: 'u', provider: 'openai' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpendscopeError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, message: 'API key not recognised' });
    await reporter.close();
  });

  it('throws unavailable when the server cannot be reached', async () => {
    const { reporter } = reporterAnswering(() => {
      throw new TypeError('fetch failed');
    });
    await expect(reporter.check({ user_id: 'u', provider: 'openai' })).rejects.toMatchObject({
      code: 'unavailable',
    });
    await reporter.close();
  });

  it('refuses an invalid request without sending it', async () => {
    const { reporter, calls } = reporterAnswering(() => Response.json(allowed));
    await expect(
      reporter.check({ user_id: 'u', provider: 'openai', input_tokens: -1 }),
    ).rejects.toMatchObject({
      code: 'validation_error',
    });
    expect(calls).toHaveLength(0);
    await reporter.close();
  });

  it('throws when the answer is not a check reply', async () => {
    const { reporter } = reporterAnswering(() => Response.json({ allowed: 'yes' }));
    await expect(reporter.check({ user_id: 'u', provider: 'openai' })).rejects.toMatchObject({
      code: 'invalid_reply',
    });
    await reporter.close();
  });
});

describe('release', () => {
  it("posts to the reservation's release path and returns whether it was released", async () => {
    const { reporter, calls } = reporterAnswering(() =>
      Response.json({ reservation_id: 'rsv_1-2', released: true }),
    );
    await expect(reporter.release('rsv_1-2')).resolves.toEqual({ reservation_id: 'rsv_1-2', released: true });
    expect(calls).toEqual([
      {
        url: 'http://spendscope.test/api/usage/reservations/rsv_1-2/release',
        body: {},
        authorization: 'Bearer sk_test',
      },
    ]);
    await reporter.close();
  });

  it('refuses an empty or malformed reservation id without sending it', async () => {
    const { reporter, calls } = reporterAnswering(() => Response.json({}));
    await expect(reporter.release('')).rejects.toMatchObject({ code: 'validation_error' });
    await expect(reporter.release('rsv_1/2')).rejects.toMatchObject({ code: 'validation_error' });
    expect(calls).toHaveLength(0);
    await reporter.close();
  });
});
