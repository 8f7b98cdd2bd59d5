// Every build of the UI is React's production bundle whatever NODE_ENV the shell or test runner has: before,
// NODE_ENV=test (vitest) or development built React's development bundle (678 KB, dev warnings, StrictMode sending
// every admin call twice), which `npm run serve` kept afterwards as its cached build. vite.renderer.config.ts makes
// every build production: serve's (scripts/lib/build-ui.mjs), `npm run build:renderer` and electron-vite's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import * as buildLib from '../../scripts/lib/build-ui.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { buildUi } = buildLib as {
  buildUi(root: string, opts?: { outDir?: string; stdio?: 'pipe' }): { status: number | null; stderr: Buffer | null };
};
const outDirs: string[] = [];
afterAll(() => {
  vi.unstubAllEnvs();
  for (const d of outDirs) rmSync(d, { recursive: true, force: true });
});

function newOutDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sb-ui-build-'));
  outDirs.push(d);
  return d;
}

/** The bundle is React's production build: it renders, and carries none of the development build's warnings. */
function expectProductionBundle(outDir: string): void {
  const assets = join(outDir, 'assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
  expect(js.includes('createRoot')).toBe(true);
  // a warning only React's development build carries
  expect(js.includes('Each child in a list should have a unique')).toBe(false);
}

describe('the UI build', () => {
  it("serve runs is React's production bundle under NODE_ENV=test", () => {
    vi.stubEnv('NODE_ENV', 'test');
    const outDir = newOutDir();
    const r = buildUi(ROOT, { outDir, stdio: 'pipe' });
    expect(r.status, String(r.stderr)).toBe(0);
    expectProductionBundle(outDir);
  }, 120_000);

  it("`npm run build:renderer` is React's production bundle under NODE_ENV=development", () => {
    const outDir = newOutDir();
    // before: a plain `vite build` that took NODE_ENV=development over the mode
    const r = spawnSync('npm', ['run', 'build:renderer', '--', '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: ROOT, env: { ...process.env, NODE_ENV: 'development' }, stdio: 'pipe', shell: process.platform === 'win32',
    });
    expect(r.status, String(r.stderr)).toBe(0);
    expectProductionBundle(outDir);
  }, 120_000);
});
