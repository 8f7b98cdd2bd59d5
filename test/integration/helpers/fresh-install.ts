// A fresh install on a machine with no local model server: the seeded Ollama and LM Studio point at
// ports nothing listens on.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type SwitchboardApp } from '../../../src/node/app';

/** A port on 127.0.0.1 where nothing listens: connections are refused. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Creates a data dir (named from `prefix`), points its seeded local servers at closed ports, and starts the
 * app on it again as the tests' one (no connection tests fired by provider changes), with the default token.
 */
export async function startWithoutLocalServers(prefix: string): Promise<{ app: SwitchboardApp; dataDir: string; token: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const env = { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const boot = await createApp({ dataDir, port: 0, env, log: () => {} });
  await boot.service.updateProvider({ id: 'ollama', patch: { base_url: `http://127.0.0.1:${await closedPort()}/v1` } });
  await boot.service.updateProvider({ id: 'lmstudio', patch: { base_url: `http://127.0.0.1:${await closedPort()}/v1` } });
  await boot.close();
  const app = await createApp({ dataDir, port: 0, env, log: () => {}, limits: { testProvidersOnChange: false } });
  return { app, dataDir, token: readFileSync(join(dataDir, 'default-token'), 'utf8').trim() };
}
