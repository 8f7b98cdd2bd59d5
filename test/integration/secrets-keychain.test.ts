// The keychain store against a real Secret Service (gnome-keyring on the D-Bus session bus).
// `npm test` provides the session; run by hand with:
//   dbus-run-session -- bash -c 'export XDG_DATA_HOME=$(mktemp -d); echo -n pass | gnome-keyring-daemon --unlock \
//     --components=secrets >/dev/null; npx vitest run test/integration/secrets'
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainStore } from '../../src/node/secrets/index';
import { makeTempDir } from './db-fixtures';

const NO_BUS = !process.env.DBUS_SESSION_BUS_ADDRESS;
const SKIP_REASON = 'SKIPPED: DBUS_SESSION_BUS_ADDRESS is unset, so no Secret Service to test against (run inside dbus-run-session with gnome-keyring)';
if (NO_BUS && process.platform === 'linux') console.warn(`secrets-keychain: ${SKIP_REASON}`);

const service = `switchboard-test-${randomUUID().slice(0, 8)}`;
const created: { store: KeychainStore; account: string }[] = [];

describe.skipIf(NO_BUS)(`KeychainStore on the real Secret Service${NO_BUS ? ` (${SKIP_REASON})` : ''}`, () => {
  afterAll(async () => {
    for (const { store, account } of created) await store.delete(account).catch(() => undefined);
  });

  const make = (installId: string) => new KeychainStore({ installId, serviceName: service, timeoutMs: 15_000 });

  it('is available, and round-trips, overwrites and deletes a key', async () => {
    const store = make(randomUUID());
    created.push({ store, account: 'provider/openai' });
    expect(await store.status()).toEqual({ available: true, message: null });
    expect(await store.get('provider/openai')).toBeNull();
    await store.set('provider/openai', 'sk-keychain-test-1');
    expect(await store.get('provider/openai')).toBe('sk-keychain-test-1');
    await store.set('provider/openai', 'sk-keychain-test-2');
    expect(await store.get('provider/openai')).toBe('sk-keychain-test-2');
    await store.delete('provider/openai');
    expect(await store.get('provider/openai')).toBeNull();
    await store.delete('provider/openai');
  });

  it('keeps two data dirs (install ids) apart', async () => {
    const a = make(randomUUID());
    const b = make(randomUUID());
    created.push({ store: a, account: 'provider/openai' }, { store: b, account: 'provider/openai' });
    await a.set('provider/openai', 'sk-from-a');
    expect(await b.get('provider/openai')).toBeNull();
    await b.set('provider/openai', 'sk-from-b');
    expect(await a.get('provider/openai')).toBe('sk-from-a');
    expect(await b.get('provider/openai')).toBe('sk-from-b');
  });
});

const run = promisify(execFile);

describe.runIf(process.platform === 'linux')('KeychainStore with no keychain reachable', () => {
  it('refuses to store and to read with a message naming both ways out: a read never says "no key"', async () => {
    const tmp = makeTempDir();
    try {
      const script = tmp.path('probe.mts');
      writeFileSync(script, `
        import { KeychainStore, SecretStoreUnavailableError } from ${JSON.stringify(resolve('src/node/secrets/index.ts'))};
        const store = new KeychainStore({ installId: 'probe', serviceName: ${JSON.stringify(service)} });
        const out: Record<string, unknown> = { status: await store.status() };
        try { out.get = { value: await store.get('provider/x') }; }
        catch (e) { out.get = { unavailable: e instanceof SecretStoreUnavailableError, message: (e as Error).message }; }
        try { await store.set('provider/x', 'sk-never-stored'); out.set = 'stored?!'; }
        catch (e) { out.set = { unavailable: e instanceof SecretStoreUnavailableError, message: (e as Error).message }; }
        console.log(JSON.stringify(out));
      `);
      const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${tmp.path('no-such-bus')}` };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { env, cwd: resolve('.') });
      const out = JSON.parse(stdout.trim().split('\n').pop() as string);
      expect(out.get.unavailable).toBe(true);
      expect(out.get.message).toMatch(/No keychain is reachable to read the key/);
      expect(out.get.message).toMatch(/SWITCHBOARD_ENCRYPTION_KEY/);
      expect(out.status.available).toBe(false);
      expect(out.set.unavailable).toBe(true);
      expect(out.set.message).toMatch(/keychain/i);
      expect(out.set.message).toMatch(/Secret Service/);
      expect(out.set.message).toMatch(/SWITCHBOARD_ENCRYPTION_KEY/);
      expect(out.set.message).toMatch(/32 random bytes in base64/);
    } finally {
      tmp.cleanup();
    }
  });
});
