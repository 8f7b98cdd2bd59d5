// The install story: scripts/postinstall.mjs, scripts/ensure-electron.mjs and their shared
// module, run against throwaway project roots so nothing here touches the real node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import * as native from '../../scripts/lib/electron-native.mjs';
// @ts-expect-error: plain ESM script without type declarations
import { nodeVersionProblem } from '../../scripts/lib/node-version.mjs';

interface StepResult { ok: boolean; reason?: string; detail?: string }
interface PrepareResult { ok: boolean; problems: string[]; done: string[] }
const lib = native as {
  installElectronBinary(root: string, o: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<StepResult>;
  buildElectronSqlite(root: string, o: Record<string, unknown>): Promise<StepResult>;
  prepareElectron(root: string, o: { required: boolean; env: NodeJS.ProcessEnv; timeouts?: Record<string, number> }): Promise<PrepareResult>;
  networkReachable(env: NodeJS.ProcessEnv, timeoutMs?: number, resolve?: (host: string) => Promise<unknown>): Promise<boolean>;
  electronExecutable(root: string, env?: NodeJS.ProcessEnv): string | null;
  electronSqlitePath(root: string): string;
  linuxSandboxProblem(root: string, o: { platform?: string; env?: NodeJS.ProcessEnv; kernelDir?: string; stat?: (p: string) => { uid: number; mode: number } }): string | null;
};

const ROOT = join(__dirname, '..', '..');
const ELECTRON_VERSION = '41.10.0';
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A project root with a fake electron package; `binary` also fakes the downloaded executable. */
function fakeRoot(opts: { binary: boolean; installScript?: string }): string {
  const root = mkdtempSync(join(tmpdir(), 'sb-electron-root-'));
  roots.push(root);
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: ELECTRON_VERSION }));
  writeFileSync(join(electron, 'install.js'), opts.installScript ?? 'process.exit(0);');
  if (opts.binary) {
    writeFileSync(join(electron, 'path.txt'), 'electron');
    writeFileSync(join(electron, 'dist', 'electron'), '');
  }
  symlinkSync(join(ROOT, 'node_modules', 'better-sqlite3'), join(root, 'node_modules', 'better-sqlite3'), 'dir');
  return root;
}

const sqliteVersion = (): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;

/** A prebuild-install style tarball for Electron, the way better-sqlite3 publishes them: its folder and name. */
function prebuildTarball(content: string): { dir: string; name: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-prebuilds-'));
  roots.push(dir);
  const stage = join(dir, 'stage');
  mkdirSync(join(stage, 'build', 'Release'), { recursive: true });
  writeFileSync(join(stage, 'build', 'Release', 'better_sqlite3.node'), content);
  const requireFromSqlite = createRequire(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'));
  const nodeAbi = requireFromSqlite(requireFromSqlite.resolve('node-abi', { paths: [requireFromSqlite.resolve('prebuild-install')] })) as { getAbi(t: string, r: string): string };
  const name = `better-sqlite3-v${sqliteVersion()}-electron-v${nodeAbi.getAbi(ELECTRON_VERSION, 'electron')}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(dir, name), '-C', stage, 'build']);
  return { dir, name };
}

/** A folder for npm_config_better_sqlite3_local_prebuilds. */
const localPrebuild = (content: string): string => prebuildTarball(content).dir;

// A script that hangs (HANG) waits 60 s, past the test's own timeout (20 s in vitest.config.ts): a result that comes
// back at all shows the step's timeout fired and killed it (runWithTimeout resolves on the child's close), so
// no test here times how soon.
const HANG = 'setTimeout(() => {}, 60000);';

// No request may leave the machine: an unroutable prebuilt host and an unresolvable mirror.
const OFFLINE_ENV = {
  ...process.env,
  CI: '',
  ELECTRON_SKIP_BINARY_DOWNLOAD: '',
  ELECTRON_MIRROR: 'http://switchboard-test.invalid/',
  npm_config_electron_mirror: '', NPM_CONFIG_ELECTRON_MIRROR: '',
  npm_config_better_sqlite3_binary_host: 'http://127.0.0.1:9',
  HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', npm_config_https_proxy: '', npm_config_proxy: '',
};
// The DNS probe of that mirror gives up soon: where DNS swallows queries (a CI with no network but its
// registries) each lookup would otherwise wait the whole default 3 s, and holds one of libuv's 4 threads longer.
const PROBE = { probeMs: 300 };

describe('electron-native', () => {
  it('kills an Electron download that overstays its timeout', async () => {
    const root = fakeRoot({ binary: false, installScript: HANG });
    const result = await lib.installElectronBinary(root, { timeoutMs: 500, env: OFFLINE_ENV });
    expect(result.ok).toBe(false);
    expect(result.reason).toContain('timed out after 1 s');
  });

  // what Electron's install.js does when @electron/get finds the zip in its cache: no network needed
  const UNPACK_FROM_CACHE = 'const fs = require("fs"); fs.writeFileSync("path.txt", "electron"); fs.writeFileSync("dist/electron", "");';

  it('with the network unreachable still runs install.js, which may unpack Electron from its cache', async () => {
    const root = fakeRoot({ binary: false, installScript: UNPACK_FROM_CACHE });
    const prebuilds = localPrebuild('electron-abi-binary');
    const result = await lib.prepareElectron(root, { required: true, env: { ...OFFLINE_ENV, npm_config_better_sqlite3_local_prebuilds: prebuilds }, timeouts: PROBE });
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.done).toContain(`installed Electron ${ELECTRON_VERSION}`);
    expect(lib.electronExecutable(root, OFFLINE_ENV)).not.toBeNull();
  });

  it('with the network unreachable, a failed or stuck install.js is cut short and the problem names the network', async () => {
    const failing = fakeRoot({ binary: false, installScript: 'console.error("RequestError: getaddrinfo ENOTFOUND switchboard-test.invalid"); process.exit(1);' });
    const failed = await lib.prepareElectron(failing, { required: true, env: OFFLINE_ENV, timeouts: PROBE });
    expect(failed.ok).toBe(false);
    expect(failed.problems).toEqual([
      `the Electron binary is not installed and the network looks unreachable (switchboard-test.invalid does not resolve): downloading Electron ${ELECTRON_VERSION} failed: `
      + 'RequestError: getaddrinfo ENOTFOUND switchboard-test.invalid; connect and run npm start again (npm run serve works without it)',
    ]);
    const stuck = fakeRoot({ binary: false, installScript: HANG });
    // offlineMs cuts the download that would otherwise keep downloadMs (5 minutes)
    const cut = await lib.prepareElectron(stuck, { required: true, env: OFFLINE_ENV, timeouts: { ...PROBE, offlineMs: 500 } });
    expect(cut.problems.join(' ')).toContain('network looks unreachable');
    expect(cut.problems.join(' ')).toContain('timed out after 1 s');
  });

  it("probes the mirror @electron/get will use: .npmrc's electron_mirror before ELECTRON_MIRROR", async () => {
    const local = 'http://mirror.test/';
    const nowhere = 'http://switchboard-test.invalid/';
    // a resolver that knows only the local mirror's name, and says which names it was asked
    const asked: string[] = [];
    const resolve = async (host: string): Promise<unknown> => {
      asked.push(host);
      if (host !== 'mirror.test') throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return { address: '127.0.0.1', family: 4 };
    };
    const probe = (env: Record<string, string>) => lib.networkReachable({ ...OFFLINE_ENV, ...env }, 1000, resolve);
    expect(await probe({ ELECTRON_MIRROR: local })).toBe(true);
    expect(await probe({ ELECTRON_MIRROR: nowhere, npm_config_electron_mirror: local })).toBe(true);
    expect(await probe({ ELECTRON_MIRROR: nowhere, NPM_CONFIG_ELECTRON_MIRROR: local })).toBe(true);
    expect(await probe({ ELECTRON_MIRROR: local, npm_config_electron_mirror: nowhere })).toBe(false);
    expect(asked).toEqual(['mirror.test', 'mirror.test', 'mirror.test', 'switchboard-test.invalid']);
    // through dns.lookup: an IP literal needs no DNS server
    expect(await lib.networkReachable({ ...OFFLINE_ENV, ELECTRON_MIRROR: 'http://127.0.0.1:9/' })).toBe(true);
  });

  it("with the network unreachable still runs prebuild-install, which finds better-sqlite3's Electron build in npm's cache", async () => {
    const root = fakeRoot({ binary: true });
    const npmCache = mkdtempSync(join(tmpdir(), 'sb-npm-cache-'));
    roots.push(npmCache);
    // prebuild-install keeps what it downloaded in <npm cache>/_prebuilds, named by a hash of the URL
    const { dir, name } = prebuildTarball('from-npm-cache');
    const url = `${OFFLINE_ENV.npm_config_better_sqlite3_binary_host}/v${sqliteVersion()}/${name}`;
    mkdirSync(join(npmCache, '_prebuilds'));
    copyFileSync(join(dir, name), join(npmCache, '_prebuilds', `${createHash('sha512').update(url).digest('hex').slice(0, 6)}-${name.replace(/[^a-zA-Z0-9.]+/g, '-')}`));
    const result = await lib.prepareElectron(root, { required: true, env: { ...OFFLINE_ENV, npm_config_cache: npmCache }, timeouts: PROBE });
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(readFileSync(lib.electronSqlitePath(root), 'utf8')).toBe('from-npm-cache');
  });

  it('with the network unreachable and no cached build, the better-sqlite3 problem names the network', async () => {
    const root = fakeRoot({ binary: true });
    const npmCache = mkdtempSync(join(tmpdir(), 'sb-npm-cache-'));
    roots.push(npmCache);
    const env = { ...OFFLINE_ENV, npm_config_cache: npmCache, npm_config_node_gyp: '' };
    const result = await lib.prepareElectron(root, { required: true, env, timeouts: { ...PROBE, compileMs: 20_000 } });
    expect(result.ok).toBe(false);
    expect(result.problems.join(' ')).toMatch(/building better-sqlite3 for Electron 41\.10\.0 failed: no prebuilt binary .*the network looks unreachable/);
  });

  /**
   * A node-gyp whose `install` puts Electron's headers in FAKE_GYP_DEVDIR, or, with FAKE_GYP_HEADERS=hang, waits
   * as a download does where DNS swallows queries; `rebuild` gets the headers the same way first (as the real one
   * does) and then builds better_sqlite3.node in FAKE_GYP_BUILD_MS.
   */
  function offlineCompile(extra: Record<string, string>): NodeJS.ProcessEnv {
    const dir = mkdtempSync(join(tmpdir(), 'sb-node-gyp-'));
    roots.push(dir);
    const script = join(dir, 'node-gyp.cjs');
    writeFileSync(script, `const fs = require('fs');
const devdir = process.env.FAKE_GYP_DEVDIR;
const headers = (then) => {
  if (fs.existsSync(devdir)) return then();
  if (process.env.FAKE_GYP_HEADERS === 'hang') return setTimeout(() => {}, 60000);
  fs.mkdirSync(devdir);
  then();
};
const build = () => setTimeout(() => {
  fs.mkdirSync('build/Release', { recursive: true });
  fs.writeFileSync('build/Release/better_sqlite3.node', 'compiled');
}, Number(process.env.FAKE_GYP_BUILD_MS || 0));
headers(process.argv[2] === 'rebuild' ? build : () => {});
`);
    const npmCache = join(dir, 'npm-cache');
    mkdirSync(npmCache);
    return { ...OFFLINE_ENV, npm_config_cache: npmCache, npm_config_node_gyp: script, FAKE_GYP_DEVDIR: join(dir, 'headers'), ...extra };
  }

  it("with the network unreachable, waiting for Electron's headers is cut short by offlineMs, not compileMs", async () => {
    const root = fakeRoot({ binary: true });
    const result = await lib.prepareElectron(root, {
      required: true, env: offlineCompile({ FAKE_GYP_HEADERS: 'hang' }), timeouts: { ...PROBE, offlineMs: 500, compileMs: 15_000 },
    });
    expect(result.ok).toBe(false);
    // 1 s is offlineMs (500 ms) as the message rounds it; compileMs would say 15 s, headersMs 300 s
    expect(result.problems.join(' ')).toMatch(/getting Electron's headers failed \(timed out after 1 s\).*the network looks unreachable/);
  });

  it('with the network unreachable, a compile from the headers node-gyp already has keeps its whole compileMs', async () => {
    const root = fakeRoot({ binary: true });
    const env = offlineCompile({ FAKE_GYP_BUILD_MS: '1500' });
    mkdirSync(env.FAKE_GYP_DEVDIR!);
    const result = await lib.prepareElectron(root, { required: true, env, timeouts: { ...PROBE, offlineMs: 500 } });
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(readFileSync(lib.electronSqlitePath(root), 'utf8')).toBe('compiled');
  });

  it('respects ELECTRON_SKIP_BINARY_DOWNLOAD and leaves the download to npm start on CI', async () => {
    const root = fakeRoot({ binary: false });
    const skipped = await lib.prepareElectron(root, { required: false, env: { ...OFFLINE_ENV, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeouts: PROBE });
    expect(skipped.problems.join(' ')).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    const ci = await lib.prepareElectron(root, { required: false, env: { ...OFFLINE_ENV, CI: 'true' }, timeouts: PROBE });
    expect(ci.problems.join(' ')).toContain('CI');
  });

  it('puts an Electron build of better-sqlite3 in native/electron and reuses it', async () => {
    const root = fakeRoot({ binary: true });
    const prebuilds = localPrebuild('electron-abi-binary');
    const env = { ...OFFLINE_ENV, npm_config_better_sqlite3_local_prebuilds: prebuilds };
    const first = await lib.prepareElectron(root, { required: true, env, timeouts: PROBE });
    expect(first).toMatchObject({ ok: true, problems: [] });
    expect(first.done.join(' ')).toContain(`built better-sqlite3 for Electron ${ELECTRON_VERSION}`);
    expect(readFileSync(lib.electronSqlitePath(root), 'utf8')).toBe('electron-abi-binary');
    const stamp = JSON.parse(readFileSync(join(root, 'native', 'electron', 'build-info.json'), 'utf8')) as Record<string, string>;
    expect(stamp).toMatchObject({ electron: ELECTRON_VERSION, platform: process.platform, arch: process.arch });
    // the Node build that tests and `npm run serve` load is untouched
    expect(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')).length).toBeGreaterThan(100_000);

    rmSync(prebuilds, { recursive: true, force: true });
    const second = await lib.prepareElectron(root, { required: true, env, timeouts: PROBE });
    expect(second).toEqual({ ok: true, problems: [], done: [] });
    const direct = await lib.buildElectronSqlite(root, { env });
    expect(direct).toMatchObject({ ok: true, detail: 'Electron build of better-sqlite3 is up to date' });
  });

  it('reports a missing prebuilt binary clearly when compiling is off', async () => {
    const root = fakeRoot({ binary: true });
    const result = await lib.buildElectronSqlite(root, { env: OFFLINE_ENV, compile: false });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/building better-sqlite3 for Electron 41\.10\.0 failed: no prebuilt binary/);
    expect(existsSync(lib.electronSqlitePath(root))).toBe(false);
  });

  it('writes a packaging build to the given file without stamping native/', async () => {
    const root = fakeRoot({ binary: true });
    const out = join(root, 'packed', 'better_sqlite3.node');
    const env = { ...OFFLINE_ENV, npm_config_better_sqlite3_local_prebuilds: localPrebuild('packed-binary') };
    const result = await lib.buildElectronSqlite(root, { env, outputFile: out });
    expect(result.ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('packed-binary');
    expect(existsSync(join(root, 'native'))).toBe(false);
  });
});

// Run the real scripts only where the Electron binary is absent (as on CI), so they cannot download.
describe.skipIf(lib.electronExecutable(ROOT) !== null)('the npm scripts on this machine', () => {
  // a script still running after 20 s is killed and has no exit status: the bound of a hang, not a speed target
  const run = (script: string) => spawnSync(process.execPath, [join(ROOT, 'scripts', script)], {
    env: { ...OFFLINE_ENV, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, encoding: 'utf8', timeout: 20_000,
  });

  it('postinstall warns in one line and exits 0', () => {
    const res = run('postinstall.mjs');
    expect(res.status).toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('desktop app not ready yet');
  });

  it("names the setuid helper's fix where user namespaces are restricted (Ubuntu 24.04+), and only there", () => {
    const root = fakeRoot({ binary: true });
    const helper = join(root, 'node_modules', 'electron', 'dist', 'chrome-sandbox');
    writeFileSync(helper, '');
    const kernel = mkdtempSync(join(tmpdir(), 'sb-kernel-'));
    roots.push(kernel);
    const env = { ...OFFLINE_ENV, ELECTRON_OVERRIDE_DIST_PATH: '' };
    const check = (mode: number, uid = 0, platform = 'linux') => lib.linuxSandboxProblem(root, { platform, env, kernelDir: kernel, stat: () => ({ uid, mode: 0o100000 | mode }) });
    // namespaces allowed (no AppArmor restriction): nothing needed whatever the helper's mode
    expect(check(0o755)).toBeNull();
    writeFileSync(join(kernel, 'apparmor_restrict_unprivileged_userns'), '1\n');
    const problem = check(0o755);
    expect(problem).toContain(`sudo chown root:root '${helper}' && sudo chmod 4755 '${helper}'`);
    expect(check(0o4755, 1000)).not.toBeNull();
    expect(check(0o4755)).toBeNull();
    expect(check(0o755, 0, 'darwin')).toBeNull();
    writeFileSync(join(kernel, 'apparmor_restrict_unprivileged_userns'), '0\n');
    writeFileSync(join(kernel, 'unprivileged_userns_clone'), '0\n');
    expect(check(0o755)).not.toBeNull();
  });

  it('ensure-electron fails with the reason and the way out', () => {
    const res = run('ensure-electron.mjs');
    expect(res.status).toBe(1);
    // on a Node older than Electron's tooling needs, that is the reason given first
    expect(res.stderr).toContain(nodeVersionProblem('desktop') === null ? 'ELECTRON_SKIP_BINARY_DOWNLOAD' : 'needs Node.js 22.12 or newer');
    expect(res.stderr).toContain('npm run serve');
  });
});
