import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelUrlProblem, publicOnlyLookup, type UrlPolicy } from '../domain/channelTargets.ts';
import { postJson } from './senders.ts';

describe('postJson through the delivery connections', () => {
  let receiver: Server;
  let port = 0;
  let received = 0;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      received += 1;
      request.resume();
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  /** A host that answers a public address to the check and loopback to every later lookup. */
  const rebinding = (): UrlPolicy => {
    const answers = [['93.184.216.34']];
    return { allowHttp: true, allowPrivate: false, lookup: async () => answers.shift() ?? ['127.0.0.1'] };
  };
  const send = (url: string, agent: Agent) =>
    postJson({ url, body: '{}', headers: {}, timeoutMs: 5000, now: 0, dispatcher: agent });

  it('refuses a host that moves to a loopback address after the check (DNS rebinding)', async () => {
    const policy = rebinding();
    const url = `http://rebind.example:${port}/hook`;
    expect(await channelUrlProblem(url, policy)).toBeNull();
    const lookup = publicOnlyLookup(policy);
    expect(lookup).toBeDefined();
    const agent = new Agent({ connect: { lookup } });
    const before = received;
    const outcome = await send(url, agent);
    await agent.close();
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error).toMatch(/loopback address \(127\.0\.0\.1\)/);
    expect(received).toBe(before);
  });

  it('reaches the same receiver when the connection resolves without the guard', async () => {
    // The control: the refusal above is the guard's, not a receiver that cannot be reached.
    const plain: LookupFunction = (_host, options, callback) =>
      options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
    const agent = new Agent({ connect: { lookup: plain } });
    const before = received;
    const outcome = await send(`http://rebind.example:${port}/hook`, agent);
    await agent.close();
    expect(outcome).toEqual({ ok: true, status: 204 });
    expect(received).toBe(before + 1);
  });
});
