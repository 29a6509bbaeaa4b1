import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request over a kept-alive connection; resolves with the status and the body text. */
export function send(
  url: string,
  options: { method?: string; token?: string; body?: Buffer; contentType?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: options.method ?? (options.body ? 'POST' : 'GET'),
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body
            ? {
                'content-type': options.contentType ?? 'application/json',
                'content-length': options.body.length,
              }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Closes idle kept-alive connections, so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
