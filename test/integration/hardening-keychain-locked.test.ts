// A Secret Service that is running but locked. Locked from the start (gnome-keyring started, never
// unlocked): storing a key fails with the message naming both ways out and changes nothing; keyless
// local providers keep serving. Locked after a key was stored: that key is unavailable, never "no
// key", so nothing goes upstream without it. Each runs in its own D-Bus session, in a child process.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const have = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

describe.runIf(process.platform === 'linux' && have('dbus-run-session') && have('gnome-keyring-daemon'))('a locked keychain at start', () => {
  it('refuses to store a key with a clear message, and the proxy still serves local providers', () => {
    const script = 'export XDG_DATA_HOME=$(mktemp -d); eval $(gnome-keyring-daemon --start --components=secrets 2>/dev/null); '
      + 'exec node --import tsx test/integration/helpers/locked-keychain-child.ts';
    const r = spawnSync('dbus-run-session', ['--', 'bash', '-c', script], { encoding: 'utf8', timeout: 60_000 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, `child output: ${r.stdout}\n${r.stderr}`).toBeDefined();
    const out = JSON.parse(line!.slice('RESULT '.length));
    expect(out.store).toMatchObject({ ok: false, status: 503, field: 'api_key' });
    expect(out.store.message).toMatch(/SWITCHBOARD_ENCRYPTION_KEY/);
    expect(out.providers).not.toContain('cloud');
    expect(out.local).toEqual({ status: 200, text: 'local answer' });
  }, 70_000);
});

describe.runIf(process.platform === 'linux' && have('dbus-run-session') && have('gnome-keyring-daemon') && have('gdbus'))('a keychain locked after a key was stored', () => {
  it('never sends the request keyless: the key is unavailable, and the fallback serves', () => {
    const script = 'export XDG_DATA_HOME=$(mktemp -d); echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; '
      + 'exec node --import tsx test/integration/helpers/locked-key-child.ts';
    const r = spawnSync('dbus-run-session', ['--', 'bash', '-c', script], { encoding: 'utf8', timeout: 60_000 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, `child output: ${r.stdout}\n${r.stderr}`).toBeDefined();
    const out = JSON.parse(line!.slice('RESULT '.length));
    // before: the locked read came back as "no key" and the request went upstream without one
    expect(out.cloudRequests).toBe(0);
    expect(out).toMatchObject({ status: 200, servedBy: 'lan/m', text: 'local answer' });
    // the proxy's own failure to read a key, not the provider's: recorded as such (and never cooled down for)
    expect(out.attempts).toEqual([['cloud/m', 'key_unavailable'], ['lan/m', null]]);
    // before: the status probe's unknown name read as "no such item", so the status said available and serve said nothing
    expect(out.secretStore).toMatchObject({ kind: 'keychain', available: false });
    expect(out.secretStore.message).toMatch(/^Stored keys cannot be read from the OS keychain; providers that need them fail until it is unlocked\. .*unlock prompt was dismissed/);
    expect(out.log.join('\n')).toMatch(/secrets: stored keys cannot be read; providers that need them fail until the OS keychain is unlocked: .*unlock prompt/);
  }, 70_000);
});
