import {
  type ApiKey,
  apiKeyResponseSchema,
  apiKeysResponseSchema,
  createApiKeyResponseSchema,
  errorBodySchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_USAGE_GAP_MS } from '../src/auth/keyUsage.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

const START = new Date('2026-11-20T12:00:00Z');
let now = START;
let t: TestServer;
let userToken: string;

beforeAll(async () => {
  t = await startTestServer({ clock: () => now });
  userToken = await t.tokenFor('someone');
});
afterAll(() => t.close());

const keysUrl = '/api/admin/keys';

async function listKeys(): Promise<ApiKey[]> {
  const res = await call(t.url, keysUrl, { token: t.adminToken });
  expect(res.status).toBe(200);
  return apiKeysResponseSchema.parse(res.body).keys;
}

async function createKey(name: string) {
  const res = await call(t.url, keysUrl, { token: t.adminToken, body: { name } });
  expect(res.status).toBe(201);
  return createApiKeyResponseSchema.parse(res.body);
}

const report = (key: string, eventId: string) =>
  call(t.url, '/api/usage/events', {
    token: key,
    body: { events: [{ event_id: eventId, user_id: 'key-user', provider: 'serper' }] },
  });

async function keyCount(): Promise<number> {
  const row = await t.server.ctx.db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function expectError(res: { status: number; body: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  const { error } = errorBodySchema.parse(res.body);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(8);
}

describe('ingestion keys in the console', () => {
  it('creates a key whose secret is shown once and works for reporting at once', async () => {
    const created = await createKey('  Production app  ');
    expect(created.secret).toMatch(/^sk_[A-Za-z0-9_-]{20,}$/);
    expect(created.key).toMatchObject({ name: 'Production app', created_at: START.toISOString() });
    expect(created.secret.startsWith(created.key.prefix)).toBe(true);
    expect(created.key.last_used_at).toBeUndefined();
    expect(created.key.revoked_at).toBeUndefined();

    expect((await report(created.secret, 'created-1')).status).toBe(200);
    const listing = await call(t.url, keysUrl, { token: t.adminToken });
    expect(JSON.stringify(listing.body)).not.toContain(created.secret);
    const stored = await t.server.ctx.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(created.secret);
  });

  it('keeps when each key was last used, written at most once a minute', async () => {
    const { key, secret } = await createKey('last-used');
    now = new Date(START.getTime() + 1000);
    expect((await report(secret, 'used-1')).status).toBe(200);
    await t.server.ctx.keyUsage.flush();
    const usedAt = (await listKeys()).find((k) => k.id === key.id)?.last_used_at;
    expect(usedAt).toBe(now.toISOString());

    // Within the minute: no new write.
    now = new Date(START.getTime() + 1000 + KEY_USAGE_GAP_MS - 1);
    expect((await report(secret, 'used-2')).status).toBe(200);
    await t.server.ctx.keyUsage.flush();
    expect((await listKeys()).find((k) => k.id === key.id)?.last_used_at).toBe(usedAt);

    now = new Date(START.getTime() + 1000 + KEY_USAGE_GAP_MS);
    expect((await report(secret, 'used-3')).status).toBe(200);
    await t.server.ctx.keyUsage.flush();
    expect((await listKeys()).find((k) => k.id === key.id)?.last_used_at).toBe(now.toISOString());
    now = START;
  });

  it('renames a key, active or revoked', async () => {
    const { key } = await createKey('old name');
    const res = await call(t.url, `${keysUrl}/${key.id}`, {
      method: 'PATCH',
      token: t.adminToken,
      body: { name: 'new name' },
    });
    expect(res.status).toBe(200);
    expect(apiKeyResponseSchema.parse(res.body).key).toMatchObject({ id: key.id, name: 'new name' });
    expect((await listKeys()).find((k) => k.id === key.id)?.name).toBe('new name');
  });

  it('revokes a key: its next report is refused; revoking again changes nothing', async () => {
    const { key, secret } = await createKey('to revoke');
    expect((await report(secret, 'revoke-1')).status).toBe(200);
    now = new Date(START.getTime() + 5000);
    const res = await call(t.url, `${keysUrl}/${key.id}/revoke`, { method: 'POST', token: t.adminToken });
    expect(res.status).toBe(200);
    const revoked = apiKeyResponseSchema.parse(res.body).key;
    expect(revoked.revoked_at).toBe(now.toISOString());
    expectError(await report(secret, 'revoke-2'), 401, 'unauthorized');

    now = new Date(START.getTime() + 9000);
    const again = await call(t.url, `${keysUrl}/${key.id}/revoke`, { method: 'POST', token: t.adminToken });
    expect(again.status).toBe(200);
    expect(apiKeyResponseSchema.parse(again.body).key.revoked_at).toBe(revoked.revoked_at);
    now = START;
  });

  it('answers 404 for a key that does not exist', async () => {
    expectError(
      await call(t.url, `${keysUrl}/999999/revoke`, { method: 'POST', token: t.adminToken }),
      404,
      'not_found',
    );
    expectError(
      await call(t.url, `${keysUrl}/999999`, { method: 'PATCH', token: t.adminToken, body: { name: 'x' } }),
      404,
      'not_found',
    );
  });
});

describe('bad input', () => {
  const badNames: unknown[] = [
    {},
    { name: '' },
    { name: '   ' },
    { name: 'x'.repeat(101) },
    { name: 42 },
    { name: null },
    { name: 'tab\there' },
    { name: 'ok', extra: true },
    [],
    'a string',
  ];

  it.each(badNames.map((body) => [JSON.stringify(body), body]))(
    'refuses to create a key from %s with a 400, storing nothing',
    async (_name, body) => {
      const before = await keyCount();
      expectError(await call(t.url, keysUrl, { token: t.adminToken, body }), 400, 'validation_error');
      expect(await keyCount()).toBe(before);
    },
  );

  it('refuses a bad rename with a 400 and keeps the name', async () => {
    const { key } = await createKey('keeps its name');
    for (const body of badNames) {
      expectError(
        await call(t.url, `${keysUrl}/${key.id}`, { method: 'PATCH', token: t.adminToken, body }),
        400,
        'validation_error',
      );
    }
    expect((await listKeys()).find((k) => k.id === key.id)?.name).toBe('keeps its name');
  });

  it.each(['0', '-1', 'abc', '1.5', '99999999999999999'])('refuses key id %s with a 400', async (id) => {
    expectError(
      await call(t.url, `${keysUrl}/${id}/revoke`, { method: 'POST', token: t.adminToken }),
      400,
      'validation_error',
    );
  });
});

describe('who may manage keys', () => {
  it('refuses a user who is not an admin with a 403 on every route, changing nothing', async () => {
    const { key } = await createKey('untouchable');
    const before = await keyCount();
    const attempts = [
      call(t.url, keysUrl, { token: userToken }),
      call(t.url, keysUrl, { token: userToken, body: { name: 'mine' } }),
      call(t.url, `${keysUrl}/${key.id}`, { method: 'PATCH', token: userToken, body: { name: 'mine' } }),
      call(t.url, `${keysUrl}/${key.id}/revoke`, { method: 'POST', token: userToken }),
    ];
    for (const res of await Promise.all(attempts)) expectError(res, 403, 'forbidden');
    expect(await keyCount()).toBe(before);
    expect((await listKeys()).find((k) => k.id === key.id)).toMatchObject({ name: 'untouchable' });
    expect((await listKeys()).find((k) => k.id === key.id)?.revoked_at).toBeUndefined();
  });

  it('refuses an ingestion key and no credential with a 401', async () => {
    expectError(await call(t.url, keysUrl, { token: t.apiKey }), 401, 'unauthorized');
    expectError(await call(t.url, keysUrl, { body: { name: 'anon' } }), 401, 'unauthorized');
  });
});
