// `npm run serve` builds the UI with React's production bundle whatever NODE_ENV the shell or test runner has:
// before, NODE_ENV=test (vitest) or development built React's development bundle (678 KB, dev warnings,
// StrictMode sending every admin call twice), kept afterwards as the cached build.
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
const outDir = mkdtempSync(join(tmpdir(), 'sb-ui-build-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(outDir, { recursive: true, force: true });
});

describe('the UI build serve runs', () => {
  it("is React's production bundle under NODE_ENV=test", () => {
    vi.stubEnv('NODE_ENV', 'test');
    const r = buildUi(ROOT, { outDir, stdio: 'pipe' });
    expect(r.status, String(r.stderr)).toBe(0);
    const assets = join(outDir, 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
    expect(js.includes('createRoot')).toBe(true);
    // a warning only React's development build carries
    expect(js.includes('Each child in a list should have a unique')).toBe(false);
  }, 120_000);
});
