import { errorBodySchema, eventsPageSchema, type UsageEventRecord } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../src/domain/export.ts';
import { fixedClock, geminiCall, NOW, reportAll } from './billing-helpers.ts';
import { call, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
const TOTAL = 1234;
beforeAll(async () => {
  t = await startTestServer({ clock: fixedClock });
  const events: unknown[] = Array.from({ length: TOTAL }, (_, i) =>
    geminiCall('pager', new Date(NOW.getTime() - i * 60_000), `page-${i}`),
  );
  // One call from last month, which the November pages must not show.
  events.push(geminiCall('pager', new Date('2026-10-15T00:00:00Z'), 'page-october'));
  // Text a spreadsheet would run as a formula, and a comma and quotes that CSV must escape.
  events.push({
    ...geminiCall('pager', NOW, 'page-tricky'),
    endpoint: '=HYPERLINK("http://x")',
    error: 'bad "quote", comma',
    status_code: 500,
  });
  await reportAll(t, events);
});
afterAll(() => t.close());

async function page(query: string, token?: string) {
  const res = await call(t.url, `/api/billing/usage/pager/events${query}`, {
    token: token ?? (await t.tokenFor('pager')),
  });
  expect(res.status).toBe(200);
  return eventsPageSchema.parse(res.body);
}

async function allPages(limit: number): Promise<UsageEventRecord[]> {
  const seen: UsageEventRecord[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(`?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(next.events.length).toBeLessThanOrEqual(limit);
    seen.push(...next.events);
    cursor = next.next_cursor;
  } while (cursor);
  return seen;
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('GET /api/billing/usage/:userId/events', () => {
  it('returns every event of the period exactly once across pages of 500', async () => {
    const events = await allPages(500);
    expect(events).toHaveLength(TOTAL + 1);
    const ids = events.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('page-october');
    expect(events.every((e) => e.billing_period === '2026-11')).toBe(true);
  });

  it('returns every event exactly once with small uneven pages too', async () => {
    const events = await allPages(7);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(TOTAL + 1);
  });

  it('keeps pages steady while new calls arrive between them', async () => {
    await reportAll(
      t,
      Array.from({ length: 700 }, (_, i) => geminiCall('steady', NOW, `steady-${i}`)),
    );
    const token = await t.tokenFor('steady');
    const read = async (query: string) =>
      eventsPageSchema.parse((await call(t.url, `/api/billing/usage/steady/events${query}`, { token })).body);
    const first = await read('?limit=300');
    await reportAll(
      t,
      Array.from({ length: 20 }, (_, i) => geminiCall('steady', NOW, `late-${i}`)),
    );
    const seen = [...first.events];
    let cursor = first.next_cursor;
    while (cursor) {
      const next = await read(`?limit=300&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...next.events);
      cursor = next.next_cursor;
    }
    const ids = seen.map((e) => e.event_id);
    expect(ids).toHaveLength(700);
    expect(new Set(ids).size).toBe(700);
    expect(ids.every((id) => id.startsWith('steady-'))).toBe(true);
  });

  it('lists the newest stored event first and omits the cursor on the last page', async () => {
    const first = await page('?limit=1');
    expect(first.events[0]?.event_id).toBe('page-tricky');
    expect(first.next_cursor).toBeDefined();
    const october = await page('?period=2026-10');
    expect(october.events.map((e) => e.event_id)).toEqual(['page-october']);
    expect(october.next_cursor).toBeUndefined();
  });

  it('shows each call with its cost in dollars and omits absent fields', async () => {
    const [event] = (await page('?limit=1')).events;
    expect(event).toMatchObject({
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      status_code: 500,
      is_priced: true,
    });
    expect(event?.cost).toBeGreaterThan(0);
    const plain = (await page('?period=2026-10')).events[0];
    expect(plain && 'endpoint' in plain).toBe(false);
    expect(plain && 'error' in plain).toBe(false);
  });

  it('refuses a limit above 500 and a cursor that is not one', async () => {
    const token = await t.tokenFor('pager');
    for (const query of ['?limit=501', '?limit=0', '?cursor=nonsense']) {
      const res = await call(t.url, `/api/billing/usage/pager/events${query}`, { token });
      expect(res.status, query).toBe(400);
      errorBodySchema.parse(res.body);
    }
  });

  it("refuses another user's events", async () => {
    const res = await call(t.url, '/api/billing/usage/pager/events', { token: await t.tokenFor('peeker') });
    expect(res.status).toBe(403);
    errorBodySchema.parse(res.body);
  });
});

describe('GET /api/billing/usage/:userId/events/export.csv', () => {
  it('streams a header and one row per stored event of the period', async () => {
    const res = await fetch(`${t.url}/api/billing/usage/pager/events/export.csv?period=2026-11`, {
      headers: { authorization: `Bearer ${await t.tokenFor('pager')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('spendscope-pager-2026-11.csv');
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const body = rows.slice(1);
    expect(body).toHaveLength(TOTAL + 1);
    expect(body.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const ids = body.map((r) => r[0]);
    expect(new Set(ids).size).toBe(TOTAL + 1);
    expect(ids).not.toContain('page-october');
  });

  it('escapes quotes and commas and defuses formulas', async () => {
    const res = await fetch(`${t.url}/api/billing/usage/pager/events/export.csv`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    const rows = parseCsv(await res.text());
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const tricky = rows.find((r) => r[0] === 'page-tricky');
    expect(tricky?.[column('endpoint')]).toBe('\'=HYPERLINK("http://x")');
    expect(tricky?.[column('error')]).toBe('bad "quote", comma');
    expect(tricky?.[column('cost_usd')]).toMatch(/^0\.\d{9}$/);
  });

  it('is only a header for a period without calls', async () => {
    const res = await fetch(`${t.url}/api/billing/usage/pager/events/export.csv?period=2025-01`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(parseCsv(await res.text())).toEqual([[...CSV_COLUMNS]]);
  });

  it('answers 404 as JSON for an unknown user', async () => {
    const res = await call(t.url, '/api/billing/usage/nobody/events/export.csv', { token: t.adminToken });
    expect(res.status).toBe(404);
    errorBodySchema.parse(res.body);
  });
});
