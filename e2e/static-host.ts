/**
 * What the embed specs need to stand up other origins: plain static HTTP servers on 127.0.0.1
 * (a port of their own each, so a different origin from the app's localhost:4173), their MIME
 * types, a response with or without CORS, and a `test` whose console errors fail it unless the test
 * allows them (a refused CORS fetch logs one by design).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test as base } from '@playwright/test';

/** Content types by file extension. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml; charset=utf-8',
  '.png': 'image/png',
};

/** Sends `body`; with `cors`, `Access-Control-Allow-Origin: *`, else no Access-Control-* header at all. */
export function send(res: ServerResponse, status: number, body: string | Buffer, type: string, cors = false): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}) });
  res.end(body);
}

/** Starts a server for `handler` on a free port of 127.0.0.1. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Console errors fail a test unless it allows them (`consoleGuard.allow(/…/)`). */
export const test = base.extend<{ consoleGuard: { allow(re: RegExp): void } }>({
  consoleGuard: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await use({ allow: (re) => allowed.push(re) });
      expect(
        errors.filter((e) => !allowed.some((re) => re.test(e))),
        'console errors',
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
