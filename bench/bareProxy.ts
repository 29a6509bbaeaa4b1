// The floor under the gateway's added latency: a forwarder with nothing but the HTTP work any Node
// gateway does (fastify reads the body, JSON is parsed, undici forwards it, the reply is read and
// parsed, then sent), run as its own process as the gateway is. The bench measures it beside the
// gateway, so what the gateway adds is split into the cost of being an HTTP hop at all and the cost
// of metering (reservation, limits, report).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { Agent, request } from 'undici';

const PREFIX = '/gateway/openai';

async function serve(upstream: string): Promise<void> {
  const agent = new Agent({ connections: null, keepAliveTimeout: 30_000 });
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
  app.post(`${PREFIX}/*`, async (req, reply) => {
    const body = Buffer.from(JSON.stringify(JSON.parse(String(req.body))));
    const answer = await request(`${upstream}${req.url.slice(PREFIX.length)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
      body,
      dispatcher: agent,
    });
    const text = await answer.body.text();
    JSON.parse(text);
    return reply.code(answer.statusCode).header('content-type', 'application/json').send(text);
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`listening ${address}`);
}

export type BareProxy = { url: string; stop(): Promise<void> };

/** Starts the bare forwarder as a child process in front of `upstream`. */
export async function startBareProxy(upstream: string): Promise<BareProxy> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), upstream],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(`${match[1]}${PREFIX}`);
    });
    void exited.then(() => reject(new Error(`the bare proxy exited before listening:\n${output}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const upstream = process.argv[2];
  if (!upstream) throw new Error('usage: bareProxy.ts <upstream base URL>');
  await serve(upstream);
}
