import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

/** How a stand-in receiver answers its n-th request (0-based): a status, and headers to send. */
export type Script = (n: number) => {
  status: number;
  headers?: Record<string, string>;
  hold?: Promise<void>;
};

export type Received = { headers: IncomingHttpHeaders; body: string; at: number };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A webhook receiver as a customer would write one: it verifies each request's signature with the
 * `standardwebhooks` package and processes a `webhook-id` once, however often it is sent.
 */
export async function startWebhookReceiver(script: Script = () => ({ status: 200 })) {
  let secret: string | undefined;
  const requests: Received[] = [];
  const processed = new Map<string, unknown>();
  const badSignatures: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', async () => {
      const n = requests.length;
      requests.push({ headers: req.headers, body, at: Date.now() });
      const answer = script(n);
      await answer.hold;
      if (answer.status >= 200 && answer.status < 300) {
        try {
          const payload = new Webhook(secret ?? '').verify(body, req.headers as Record<string, string>);
          const id = String(req.headers['webhook-id']);
          if (!processed.has(id)) processed.set(id, payload);
        } catch (error) {
          badSignatures.push(String(error));
          res.writeHead(400).end('bad signature');
          return;
        }
      }
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.status < 300 ? 'ok' : 'no');
    });
  });
  const url = await listen(server);
  return {
    url: `${url}/hooks/spendscope`,
    requests,
    processed,
    badSignatures,
    setSecret(value: string) {
      secret = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A Slack-shaped incoming webhook: JSON with `text` and `blocks`, answered `ok` (or as scripted). */
export async function startSlackReceiver(script: Script = () => ({ status: 200 })) {
  const messages: { text: string; blocks: unknown[] }[] = [];
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const n = requests.length;
      requests.push({ headers: req.headers, body, at: Date.now() });
      const answer = script(n);
      if (answer.status === 200) {
        const parsed = JSON.parse(body) as { text?: unknown; blocks?: unknown };
        if (typeof parsed.text !== 'string' || !Array.isArray(parsed.blocks)) {
          res.writeHead(400).end('invalid_payload');
          return;
        }
        messages.push({ text: parsed.text, blocks: parsed.blocks });
      }
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.status === 200 ? 'ok' : 'rate_limited');
    });
  });
  const url = await listen(server);
  return {
    url: `${url}/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx`,
    messages,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Mail = { to: string[]; raw: string };

/** A real SMTP server (smtp-server) keeping every message it accepts. */
export async function startSmtpReceiver() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString();
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
