import { describe, expect, it } from 'vitest';
import { channelUrlProblem, maskUrl, publicOnlyLookup } from './channelTargets.ts';

const strict = { allowHttp: false, allowPrivate: false };

describe('channel URL safety', () => {
  it('refuses http unless allowed', async () => {
    expect(await channelUrlProblem('http://93.184.216.34/h', strict)).toMatch(/https/);
    expect(await channelUrlProblem('http://93.184.216.34/h', { ...strict, allowHttp: true })).toBeNull();
  });

  it('refuses loopback, private, link-local and unspecified addresses', async () => {
    for (const host of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '169.254.169.254',
      '[::1]',
      '0.0.0.0',
      '[::ffff:127.0.0.1]',
      '[fd00::1]',
    ]) {
      expect(await channelUrlProblem(`https://${host}/h`, strict)).toMatch(/only public addresses/);
    }
  });

  it('resolves host names and refuses one that points inside', async () => {
    const lookup = async (host: string) => (host === 'inside.example' ? ['10.0.0.5'] : ['93.184.216.34']);
    expect(await channelUrlProblem('https://inside.example/h', { ...strict, lookup })).toMatch(/private/);
    expect(await channelUrlProblem('https://outside.example/h', { ...strict, lookup })).toBeNull();
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await channelUrlProblem('https://nowhere.example/h', { ...strict, lookup: failing })).toMatch(
      /does not resolve/,
    );
  });

  it('allows private addresses only when told to', async () => {
    expect(
      await channelUrlProblem('http://127.0.0.1:8430/h', { allowHttp: true, allowPrivate: true }),
    ).toBeNull();
  });
});

describe('the connection resolver', () => {
  type Answer = { error: NodeJS.ErrnoException | null; address: unknown; family?: number | undefined };
  const resolve = (
    lookup: ReturnType<typeof publicOnlyLookup>,
    options: { all?: boolean; family?: number },
  ) =>
    new Promise<Answer>((done) =>
      lookup?.('host.example', options, (error, address, family) => done({ error, address, family })),
    );
  const policy = (addresses: string[]) => ({ ...strict, lookup: async () => addresses });

  it('hands the connection the public addresses it resolved, in the form asked for', async () => {
    const lookup = publicOnlyLookup(policy(['93.184.216.34', '2606:2800:220:1::248']));
    expect(await resolve(lookup, {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await resolve(lookup, { family: 6 })).toEqual({
      error: null,
      address: '2606:2800:220:1::248',
      family: 6,
    });
    expect((await resolve(lookup, { all: true })).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::248', family: 6 },
    ]);
  });

  it('fails the connection when any address is not public', async () => {
    const answer = await resolve(publicOnlyLookup(policy(['93.184.216.34', '10.0.0.5'])), { all: true });
    expect(answer.error?.message).toMatch(/private address \(10\.0\.0\.5\)/);
    expect(answer.error?.code).toBe('EADDRNOTPUBLIC');
  });

  it('is not used when private addresses are allowed', () => {
    expect(publicOnlyLookup({ allowHttp: true, allowPrivate: true })).toBeUndefined();
  });
});

describe('masking a channel URL', () => {
  it('hides token-like path parts and query values', () => {
    expect(maskUrl('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx')).toBe(
      'https://hooks.slack.com/services/T012…/B045…/abcd…',
    );
    expect(maskUrl('https://example.com/hooks/spendscope?token=s3cret&x=1')).toBe(
      'https://example.com/hooks/spendscope?token=…&x=…',
    );
  });
});
