import { errorBodySchema, type UsersPage, usersResponseSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/db/users.ts';
import { fixedClock, geminiCall, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

const PEOPLE = [
  { id: 'u-anna', display_name: 'Anna Berg', timezone: 'UTC' },
  { id: 'u-bert', display_name: 'Bert ANDERSSON', timezone: 'Asia/Tokyo' },
  { id: 'u-cleo', display_name: 'Cleo', timezone: 'America/Los_Angeles' },
  { id: 'u-dana', display_name: '100%_Club', timezone: 'UTC' },
  { id: 'u-emil', display_name: 'Emil', timezone: 'UTC' },
  { id: 'x-ANDY', display_name: 'Someone', timezone: 'UTC' },
];

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  for (const person of PEOPLE) await upsertUser(t.server.ctx.db, { ...person, role: 'user' }, 'free', 0);
  await reportAll(t, [geminiCall('u-bert'), geminiCall('u-bert'), geminiCall('u-emil')]);
});
afterAll(() => t.close());

async function page(query: string): Promise<UsersPage> {
  const res = await call(t.url, `/api/billing/users${query}`, { token: t.adminToken });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return usersResponseSchema.parse(res.body);
}

async function everyPage(query: string, limit: number): Promise<UsersPage[]> {
  const pages = [await page(`?limit=${limit}${query}`)];
  for (let cursor = pages[0]?.next_cursor; cursor; cursor = pages.at(-1)?.next_cursor) {
    pages.push(await page(`?limit=${limit}&cursor=${encodeURIComponent(cursor)}${query}`));
  }
  return pages;
}

describe('GET /api/billing/users, paged', () => {
  it('walks every user exactly once, in id order, two at a time, and says when it is done', async () => {
    const pages = await everyPage('', 2);
    const ids = pages.flatMap((p) => p.users.map((u) => u.id));
    const all = ['admin', ...PEOPLE.map((p) => p.id)].sort();
    expect(ids).toEqual(all);
    expect(pages).toHaveLength(Math.ceil(all.length / 2));
    expect(pages.slice(0, -1).every((p) => p.users.length === 2 && p.next_cursor)).toBe(true);
    expect(pages.at(-1)?.next_cursor).toBeUndefined();
  });

  it('keeps plan, spend and status on each page', async () => {
    const [first] = await everyPage('&q=u-bert', 1);
    expect(first?.users).toEqual([
      expect.objectContaining({
        id: 'u-bert',
        total_calls: 2,
        plan: expect.objectContaining({ id: 'free' }),
      }),
    ]);
    expect(first?.users[0]?.total_cost).toBeGreaterThan(0);
  });

  it('finds users by a part of their id or display name, ignoring case, across pages', async () => {
    const found = (await everyPage('&q=AnD', 1)).flatMap((p) => p.users.map((u) => u.id));
    // "Bert ANDERSSON" by name, "x-ANDY" by id; Anna Berg has no "and".
    expect(found).toEqual(['u-bert', 'x-ANDY']);
    expect((await page('?q=%20cleo%20')).users.map((u) => u.id)).toEqual(['u-cleo']);
  });

  it('takes % and _ in a search literally', async () => {
    expect((await page('?q=%25_')).users.map((u) => u.id)).toEqual(['u-dana']);
    expect((await page('?q=_')).users.map((u) => u.id)).toEqual(['u-dana']);
  });

  it('answers an empty page when nothing matches', async () => {
    expect(await page('?q=nobody-like-this')).toEqual({ users: [] });
  });

  it.each([
    ['?limit=0', 'limit must be at least 1'],
    ['?limit=201', 'limit must be at most 200'],
    ['?limit=ten', 'limit must be a whole number'],
    ['?cursor=garbage', 'not a cursor from a previous page of users'],
    [`?q=${'a'.repeat(129)}`, 'q must be at most 128 characters'],
    ['?sort=cost', 'sort'],
  ])('refuses %s with 400 saying what is allowed', async (query, message) => {
    const res = await call(t.url, `/api/billing/users${query}`, { token: t.adminToken });
    expect(res.status).toBe(400);
    const { error } = errorBodySchema.parse(res.body);
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain(message);
  });

  it('refuses a cursor of the raw-calls list', async () => {
    const eventsCursor = Buffer.from('2026-11:5').toString('base64url');
    const res = await call(t.url, `/api/billing/users?cursor=${eventsCursor}`, { token: t.adminToken });
    expect(res.status).toBe(400);
  });
});
