// `npm test`: lint, typecheck, the Electron build, every unit and integration test (inside a
// D-Bus session with a real gnome-keyring Secret Service), then the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const results = [];
let failedSteps = 0;

function step(title, cmd, args, opts = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  const ok = r.status === 0;
  if (!ok) failedSteps++;
  process.stdout.write(`=== ${title}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return ok;
}

function which(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

function vitest(title, config, reportDir) {
  const report = join(reportDir, `${title.replace(/\W+/g, '-')}.json`);
  const args = [bin('vitest'), 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  const haveKeyring = which('dbus-run-session') && which('gnome-keyring-daemon');
  if (!haveKeyring) process.stdout.write('warning: dbus-run-session/gnome-keyring-daemon not found: keychain tests will be skipped (apt-get install gnome-keyring dbus)\n');
  const ok = haveKeyring
    ? step(title, 'dbus-run-session', ['--', 'bash', 'scripts/with-keyring.sh', ...args])
    : step(title, args[0], args.slice(1));
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    results.push({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) });
  } else if (!ok) {
    results.push({ passed: 0, failed: 1, skipped: 0 });
  }
}

const reportDir = mkdtempSync(join(tmpdir(), 'sb-test-'));
step('lint (oxlint, layer rules)', bin('oxlint'), ['--deny-warnings', 'src', 'test', 'scripts', 'bench']);
step('typecheck (tsc 7)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('electron-vite build', bin('electron-vite'), ['build']);
vitest('unit and integration tests', 'vitest.config.ts', reportDir);
if (existsSync('vitest.e2e.config.ts')) vitest('browser tests (Chromium)', 'vitest.e2e.config.ts', reportDir);
rmSync(reportDir, { recursive: true, force: true });

const sum = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
if (failedSteps > 0 && sum.failed === 0) sum.failed = failedSteps;
process.stdout.write(`\n${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped\n`);
process.exit(failedSteps > 0 ? 1 : 0);
