// What the desktop app needs beyond `npm install`: the Electron binary (electron's own install
// script is denied in package.json `allowScripts`, so we fetch it here) and a build of
// better-sqlite3 for Electron's ABI. That build lives in native/electron/, apart from
// node_modules/better-sqlite3, whose Node build the tests and `npm run serve` keep using.
// Shared by scripts/postinstall.mjs (best effort) and scripts/ensure-electron.mjs (required).
import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = () => resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PLATFORM_EXECUTABLE = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };
const MINUTE = 60_000;

/**
 * Time budgets. When the DNS probe finds no network, the steps that download still run (the Electron zip may
 * be in @electron/get's cache, the prebuilt binary in npm's, Electron's headers in node-gyp's), each within
 * `offlineMs`; compiling itself keeps `compileMs`.
 */
export const DEFAULT_TIMEOUTS = {
  probeMs: 3000, downloadMs: 5 * MINUTE, prebuildMs: 2 * MINUTE, headersMs: 5 * MINUTE, compileMs: 10 * MINUTE, offlineMs: MINUTE,
};

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

export function electronPackage(root) {
  const dir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) return null;
  return { dir, version: readJson(join(dir, 'package.json')).version };
}

/** The executable electron's index.js would launch, or null when it is not there. */
export function electronExecutable(root, env = process.env) {
  const pkg = electronPackage(root);
  if (!pkg) return null;
  const pathFile = join(pkg.dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || PLATFORM_EXECUTABLE[process.platform] || 'electron');
    return existsSync(exe) ? exe : null;
  }
  if (!relative) return null;
  const exe = join(pkg.dir, 'dist', relative);
  return existsSync(exe) ? exe : null;
}

/**
 * Linux: where unprivileged user namespaces are off (Ubuntu 24.04+ restricts them through AppArmor for
 * any binary without a profile, which Electron under node_modules is), Chromium needs its SUID helper
 * `chrome-sandbox`, owned by root with mode 4755, or it aborts at start ("The SUID sandbox helper binary
 * was found, but is not configured correctly"). npm cannot install it so: returns the commands that do,
 * or null when nothing is needed. The sandbox is never to be switched off instead.
 */
export function linuxSandboxProblem(root, { platform = process.platform, env = process.env, kernelDir = '/proc/sys/kernel', stat = statSync } = {}) {
  if (platform !== 'linux') return null;
  const exe = electronExecutable(root, env);
  if (!exe) return null;
  const helper = join(dirname(exe), 'chrome-sandbox');
  if (!existsSync(helper)) return null;
  const read = (name) => {
    try {
      return readFileSync(join(kernelDir, name), 'utf8').trim();
    } catch {
      return null;
    }
  };
  const restricted = read('apparmor_restrict_unprivileged_userns') === '1' || read('unprivileged_userns_clone') === '0';
  if (!restricted) return null;
  const st = stat(helper);
  if (st.uid === 0 && (st.mode & 0o7777) === 0o4755) return null;
  return `this system keeps Electron's sandbox from using user namespaces (Ubuntu 24.04+ AppArmor), so Electron needs its setuid helper; run once: sudo chown root:root '${helper}' && sudo chmod 4755 '${helper}'`;
}

export const electronSqlitePath = (root) => join(root, 'native', 'electron', 'better_sqlite3.node');
const stampPath = (root) => join(root, 'native', 'electron', 'build-info.json');

function sqliteVersion(root) {
  const file = join(root, 'node_modules', 'better-sqlite3', 'package.json');
  return existsSync(file) ? readJson(file).version : null;
}

function wantedStamp(root, electronVersion, target) {
  return { electron: electronVersion, better_sqlite3: sqliteVersion(root), platform: target.platform, arch: target.arch };
}

export function electronSqliteUpToDate(root, electronVersion, target = hostTarget()) {
  if (!existsSync(electronSqlitePath(root)) || !existsSync(stampPath(root))) return false;
  try {
    const have = readJson(stampPath(root));
    const want = wantedStamp(root, electronVersion, target);
    return Object.keys(want).every((k) => have[k] === want[k]);
  } catch {
    return false;
  }
}

export const hostTarget = () => ({ platform: process.platform, arch: process.arch });

/** npm exports the root package's metadata to lifecycle scripts; prebuild-install would misread it. */
function childEnv(env, extra = {}) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && !k.startsWith('npm_package_') && !k.startsWith('npm_lifecycle_')) out[k] = v;
  }
  return { ...out, ...extra };
}

/** Runs a command, killing it (and, on POSIX, its process group) when it overstays. */
export function runWithTimeout(command, args, { cwd, env = process.env, timeoutMs }) {
  return new Promise((done) => {
    const detached = process.platform !== 'win32';
    const child = spawn(command, args, { cwd, env, detached, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    const keep = (chunk) => { output = (output + chunk.toString()).slice(-4000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (detached && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    const finish = (code, error) => {
      clearTimeout(timer);
      done({ ok: !timedOut && !error && code === 0, code, timedOut, output: error ? String(error.message) : output });
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code, null));
  });
}

/** The line of a child's output worth showing: its error message, not a stack frame. */
function summarize(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  const error = lines.find((l) => /error/i.test(l));
  return (error ?? lines[lines.length - 1] ?? '').slice(0, 200);
}

const describeFailure = (run, timeoutMs) =>
  run.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : summarize(run.output) || `exit code ${run.code}`;

const hasProxy = (env) =>
  Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || env.npm_config_https_proxy || env.npm_config_proxy);

/** Where @electron/get downloads from: .npmrc's electron_mirror first, then ELECTRON_MIRROR, then GitHub. */
export function electronDownloadHost(env = process.env) {
  const mirror = env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR;
  try {
    if (mirror) return new URL(mirror).hostname;
  } catch {
    // a malformed mirror is electron's problem to report
  }
  return 'github.com';
}

/**
 * A quick DNS check of the download host. It only words a failure: the steps that may need the network run
 * either way (offline within a short budget), since they may find what they need in a cache. `resolve` is
 * dns.lookup (tests give their own).
 */
export async function networkReachable(env = process.env, timeoutMs = DEFAULT_TIMEOUTS.probeMs, resolve = lookup) {
  if (hasProxy(env)) return true;
  const host = electronDownloadHost(env);
  let timer;
  const timeout = new Promise((res) => { timer = setTimeout(() => res(false), timeoutMs); });
  const answer = resolve(host).then(() => true, () => false);
  const reachable = await Promise.race([answer, timeout]);
  clearTimeout(timer);
  return reachable;
}

/** Runs node_modules/electron/install.js, which downloads and unpacks the Electron binary. */
export async function installElectronBinary(root, { env = process.env, timeoutMs = DEFAULT_TIMEOUTS.downloadMs } = {}) {
  const pkg = electronPackage(root);
  if (!pkg) return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  const run = await runWithTimeout(process.execPath, [join(pkg.dir, 'install.js')], { cwd: pkg.dir, env: childEnv(env), timeoutMs });
  if (!run.ok) return { ok: false, reason: `downloading Electron ${pkg.version} failed: ${describeFailure(run, timeoutMs)}` };
  if (!electronExecutable(root, env)) return { ok: false, reason: `Electron ${pkg.version} install finished but no binary was found` };
  return { ok: true, detail: `installed Electron ${pkg.version}` };
}

function copySqliteSources(bsDir, workDir, withSources) {
  copyFileSync(join(bsDir, 'package.json'), join(workDir, 'package.json'));
  if (!withSources) return;
  copyFileSync(join(bsDir, 'binding.gyp'), join(workDir, 'binding.gyp'));
  cpSync(join(bsDir, 'src'), join(workDir, 'src'), { recursive: true });
  cpSync(join(bsDir, 'deps'), join(workDir, 'deps'), { recursive: true });
}

function nodeGypScript(root, env) {
  const local = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(local)) return local;
  return env.npm_config_node_gyp && existsSync(env.npm_config_node_gyp) ? env.npm_config_node_gyp : null;
}

async function fetchPrebuilt(bsDir, workDir, electronVersion, target, env, timeoutMs) {
  let bin;
  try {
    bin = createRequire(join(realpathSync(bsDir), 'package.json')).resolve('prebuild-install/bin.js');
  } catch {
    return 'prebuild-install is not installed';
  }
  const args = [bin, '--runtime', 'electron', '--target', electronVersion, '--arch', target.arch, '--platform', target.platform];
  const run = await runWithTimeout(process.execPath, args, { cwd: workDir, env: childEnv(env), timeoutMs });
  return run.ok ? null : `no prebuilt binary (${describeFailure(run, timeoutMs)})`;
}

async function compileFromSource(root, bsDir, workDir, electronVersion, target, env, { headersMs, compileMs }) {
  const gyp = nodeGypScript(root, env);
  if (!gyp) return 'node-gyp is not available';
  copySqliteSources(bsDir, workDir, true);
  const targetArgs = [`--target=${electronVersion}`, `--arch=${target.arch}`, '--dist-url=https://electronjs.org/headers'];
  const options = { cwd: workDir, env: childEnv(env) };
  // Electron's headers first (downloaded unless node-gyp has them), as rebuild would: offline, only this
  // wait is cut short, not a compile from headers already there
  const headers = await runWithTimeout(process.execPath, [gyp, 'install', '--ensure', ...targetArgs], { ...options, timeoutMs: headersMs });
  if (!headers.ok) return `getting Electron's headers failed (${describeFailure(headers, headersMs)})`;
  const run = await runWithTimeout(process.execPath, [gyp, 'rebuild', '--release', ...targetArgs], { ...options, timeoutMs: compileMs });
  return run.ok ? null : `compiling failed (${describeFailure(run, compileMs)})`;
}

/**
 * Puts an Electron-ABI better_sqlite3.node in native/electron/ (a prebuilt download, else a
 * compile), or at `outputFile` (packaging: another platform or arch, no up-to-date stamp).
 */
export async function buildElectronSqlite(root, options = {}) {
  const { env = process.env, target = hostTarget(), outputFile } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const electron = electronPackage(root);
  if (!electron) return { ok: false, reason: 'the electron package is not installed' };
  const version = options.electronVersion ?? electron.version;
  const isHost = target.platform === process.platform && target.arch === process.arch;
  // node-gyp cannot cross-compile: another target gets a prebuilt binary or nothing
  const compile = (options.compile ?? true) && isHost;
  if (!outputFile && electronSqliteUpToDate(root, version, target)) {
    return { ok: true, detail: 'Electron build of better-sqlite3 is up to date' };
  }
  const bsDir = join(root, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(bsDir, 'package.json'))) return { ok: false, reason: 'better-sqlite3 is not installed' };

  const workDir = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-'));
  try {
    copySqliteSources(bsDir, workDir, false);
    const prebuiltProblem = await fetchPrebuilt(bsDir, workDir, version, target, env, timeouts.prebuildMs);
    let problem = prebuiltProblem;
    if (problem && compile) {
      const compileProblem = await compileFromSource(root, bsDir, workDir, version, target, env, timeouts);
      problem = compileProblem ? `${prebuiltProblem}; ${compileProblem}` : null;
    }
    const built = join(workDir, 'build', 'Release', 'better_sqlite3.node');
    if (problem || !existsSync(built)) {
      return { ok: false, reason: `building better-sqlite3 for Electron ${version} failed: ${problem ?? 'no binary produced'}` };
    }
    const dest = outputFile ?? electronSqlitePath(root);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(built, `${dest}.tmp`);
    renameSync(`${dest}.tmp`, dest);
    if (!outputFile) writeFileSync(stampPath(root), `${JSON.stringify(wantedStamp(root, version, target), null, 2)}\n`);
    return { ok: true, detail: `built better-sqlite3 for Electron ${version} (${target.platform}-${target.arch})` };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Both steps. `required: false` (postinstall) leaves the download to `npm start` on CI. When the DNS probe
 * finds no network each step still runs, within `timeouts.offlineMs` (a cache may hold what it needs), and a
 * failure then says the network looks down. Returns { ok, problems: string[], done: string[] }.
 */
export async function prepareElectron(root, { required, env = process.env, timeouts: given = {} } = {}) {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...given };
  const problems = [];
  const done = [];
  let online;
  const isOnline = async () => (online ??= await networkReachable(env, timeouts.probeMs));

  if (!electronPackage(root)) return { ok: false, problems: ['the electron package is not installed (run npm install)'], done };
  if (!electronExecutable(root, env)) {
    if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
      problems.push('the Electron binary is not installed because ELECTRON_SKIP_BINARY_DOWNLOAD is set; unset it and run npm start');
    } else if (!required && env.CI) {
      problems.push('skipped the Electron download on CI; npm start fetches it');
    } else {
      const up = await isOnline();
      // offline, install.js may still unpack Electron's zip from @electron/get's cache
      const result = await installElectronBinary(root, { env, timeoutMs: up ? timeouts.downloadMs : Math.min(timeouts.downloadMs, timeouts.offlineMs) });
      if (result.ok) done.push(result.detail);
      else if (up) problems.push(result.reason);
      else problems.push(`the Electron binary is not installed and the network looks unreachable (${electronDownloadHost(env)} does not resolve): ${result.reason}; connect and run npm start again (npm run serve works without it)`);
    }
  }
  if (!electronExecutable(root, env)) return { ok: false, problems, done };

  const version = electronPackage(root).version;
  if (!electronSqliteUpToDate(root, version)) {
    const up = Boolean(env.npm_config_better_sqlite3_local_prebuilds) || (await isOnline());
    // offline, prebuild-install may still find the binary in npm's cache, and node-gyp Electron's headers in its own
    const capped = (ms) => Math.min(ms, timeouts.offlineMs);
    const stepTimeouts = up ? timeouts : { ...timeouts, prebuildMs: capped(timeouts.prebuildMs), headersMs: capped(timeouts.headersMs) };
    const result = await buildElectronSqlite(root, { env, timeouts: stepTimeouts, electronVersion: version });
    if (result.ok) done.push(result.detail);
    else if (up) problems.push(result.reason);
    else problems.push(`${result.reason}; it needs a prebuilt binary (downloaded, or in npm's cache) or Electron's headers to compile, and the network looks unreachable; connect and run npm start again`);
  }
  return { ok: problems.length === 0, problems, done };
}
