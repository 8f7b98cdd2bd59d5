// The desktop app listens on the proxy_port setting when no port is forced.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/node/app';

const dir = mkdtempSync(join(tmpdir(), 'sb-port-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('proxy_port setting', () => {
  it('is the port the app listens on after a restart when none is given', async () => {
    const env = { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const first = await createApp({ dataDir: dir, port: 0, env, log: () => undefined });
    const wanted = await freePort();
    await first.service.updateSettings({ proxy_port: wanted });
    await first.close();
    const second = await createApp({ dataDir: dir, env, log: () => undefined });
    try {
      expect(second.port).toBe(wanted);
    } finally {
      await second.close();
    }
  });
});
