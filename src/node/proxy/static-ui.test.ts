import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveStatic } from './static-ui';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function get(uiDir: string | null, path: string): Promise<{ status: number; body: string; type: string | null }> {
  const server = createServer((req, res) => void serveStatic(req, res, new URL(req.url ?? '/', 'http://x').pathname, uiDir));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
}

const tempUi = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-static-ui-'));
  dirs.push(dir);
  return dir;
};

describe('serveStatic', () => {
  it("on the desktop core (no UI directory) says the UI is the app's window and the browser UI is npm run serve", async () => {
    const res = await get(null, '/');
    expect(res.status).toBe(404);
    expect(res.type).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain("its UI is the app's window");
    expect(res.body).toContain('`npm run serve`');
    expect(res.body).not.toContain('npm run build');
  });

  it('in headless mode with the UI not built says how to build it, for the page and its routes', async () => {
    const uiDir = join(tempUi(), 'out', 'renderer');
    for (const path of ['/', '/settings']) {
      const res = await get(uiDir, path);
      expect(res.status).toBe(404);
      expect(res.body).toBe('The UI is not built. Run `npm run build`.');
    }
  });

  it('serves the built UI, its routes and a plain 404 for a missing asset', async () => {
    const uiDir = tempUi();
    mkdirSync(join(uiDir, 'assets'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Switchboard</title>');
    const page = await get(uiDir, '/');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>Switchboard</title>' });
    expect(await get(uiDir, '/settings')).toMatchObject({ status: 200, body: '<!doctype html><title>Switchboard</title>' });
    const missing = await get(uiDir, '/assets/gone-1234.js');
    expect(missing).toMatchObject({ status: 404, body: 'Not found' });
  });
});
