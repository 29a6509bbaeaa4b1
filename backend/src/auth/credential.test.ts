import { describe, expect, it } from 'vitest';
import { parseCredential } from './credential.ts';

const http = (authorization?: string) => ({
  headers: authorization === undefined ? {} : { authorization },
  query: {},
});
const handshake = (headers: Record<string, string>, query: Record<string, unknown> = {}) => ({
  headers: { upgrade: 'websocket', ...headers },
  query,
});

describe('parseCredential', () => {
  it.each(['Bearer tok', 'bearer tok', 'BEARER tok', 'Bearer    tok', 'Bearer\ttok', '  Bearer tok  '])(
    'reads %j as the user token "tok"',
    (header) => {
      expect(parseCredential(http(header))).toEqual({ kind: 'user_token', secret: 'tok', source: 'header' });
    },
  );

  it('tells an ingestion key and the metrics token from a user token', () => {
    expect(parseCredential(http('Bearer sk_abc')).kind).toBe('ingestion_key');
    expect(parseCredential(http('Bearer scrape'), { metricsToken: 'scrape' }).kind).toBe('metrics_token');
    expect(parseCredential(http('Bearer scrapex'), { metricsToken: 'scrape' }).kind).toBe('user_token');
  });

  it.each(['Basic dXNlcjpwdw==', 'Bearer', 'Bearer a b', 'Bearertok', 'tok'])(
    'calls %j malformed',
    (header) => {
      expect(parseCredential(http(header)).kind).toBe('malformed');
    },
  );

  it('finds nothing without a header, and ignores ?token= outside a handshake', () => {
    expect(parseCredential(http())).toEqual({ kind: 'none' });
    expect(parseCredential(http('   '))).toEqual({ kind: 'none' });
    expect(parseCredential({ headers: {}, query: { token: 'tok' } })).toEqual({ kind: 'none' });
  });

  it('reads a handshake token from the subprotocol (any case of "bearer"), else from ?token=', () => {
    const expected = { kind: 'user_token', secret: 'tok' };
    expect(parseCredential(handshake({ 'sec-websocket-protocol': 'bearer, tok' }))).toMatchObject({
      ...expected,
      source: 'subprotocol',
    });
    expect(parseCredential(handshake({ 'sec-websocket-protocol': 'BEARER,tok' }))).toMatchObject(expected);
    expect(parseCredential(handshake({}, { token: ' tok ' }))).toMatchObject({
      ...expected,
      source: 'query',
    });
    expect(parseCredential(handshake({}, { token: ['a', 'b'] }))).toEqual({ kind: 'none' });
    expect(parseCredential(handshake({ authorization: 'bearer tok' }, { token: 'other' }))).toMatchObject({
      ...expected,
      source: 'header',
    });
  });
});
