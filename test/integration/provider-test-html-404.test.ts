// A wrong base URL on a server that answers 404 with a web page (Express's `Cannot GET /nope/models`, nginx's
// page): the connection test and discovery showed the page's raw HTML. Now they name the URL tried, give the
// page's text without markup, and say the base URL of an OpenAI-compatible server usually ends in /v1.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';

let app: SwitchboardApp;
let server: Server;
let dataDir: string;
let origin: string;
const GOOGLE_KEY = `AIzaSy${'B'.repeat(33)}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-html-404-'));
  server = createServer((req, res) => {
    if (req.url?.startsWith('/leaky/')) {
      // the page's text puts a Google key across its cut to a line (200 characters)
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(`<html><body><p>${'x'.repeat(150)} GET /models?key=${GOOGLE_KEY}</p></body></html>`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n<style>body{color:red}</style>\n</head>\n<body>\n<pre>Cannot GET ${req.url?.split('?')[0]}</pre>\n</body>\n</html>\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = await createApp({
    dataDir, port: 0, env: { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, log: () => {},
    limits: { testProvidersOnChange: false },
  });
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a 404 web page for the model listing', () => {
  it('is told as the URL tried, the page\'s text and the /v1 hint, never its markup', async () => {
    await app.service.createProvider({ id: 'wrong-url', name: 'Wrong url', type: 'openai-compatible', base_url: `${origin}/nope`, api_key: 'good-key' });
    const said = `nothing at ${origin}/nope/models (the server said: Cannot GET /nope/models): check the base URL: an OpenAI-compatible server's usually ends in /v1`;
    const test = await app.service.testProvider({ provider_id: 'wrong-url' });
    expect(test).toMatchObject({ ok: false, status: 404 });
    expect(test.message).toContain(said);
    expect(test.message).not.toMatch(/[<>]/);
    const health = (await app.service.listProviders()).find((p) => p.id === 'wrong-url')!;
    expect(health.health.message).toContain(said);
    const discovery = await app.service.discoverModels({ id: 'wrong-url' }).then(() => null, (e: Error) => e);
    expect(discovery?.message).toContain(said);
    expect(discovery?.message).not.toMatch(/[<>]/);
  });

  it('a versioned base URL is told the URL tried and the page\'s text, without the /v1 hint', async () => {
    await app.service.createProvider({ id: 'wrong-v1', name: 'Wrong v1', type: 'openai-compatible', base_url: `${origin}/nope/v1`, api_key: 'good-key' });
    const test = await app.service.testProvider({ provider_id: 'wrong-v1' });
    expect(test.message).toBe(`nothing at ${origin}/nope/v1/models (the server said: Cannot GET /nope/v1/models): check the base URL`);
  });

  it('a key in a page is redacted before the page\'s text is cut to a line, not only the piece left', async () => {
    await app.service.createProvider({ id: 'leaky', name: 'Leaky', type: 'openai-compatible', base_url: `${origin}/leaky`, api_key: 'good-key' });
    const test = await app.service.testProvider({ provider_id: 'leaky' });
    expect(test.ok).toBe(false);
    expect(test.message).toContain(`${'x'.repeat(150)} GET /models?key=[REDACTED]`);
    expect(test.message).not.toContain('AIza');
    expect(test.message).not.toContain('BBBBBB');
  });
});
