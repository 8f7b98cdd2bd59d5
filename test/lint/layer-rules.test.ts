// The layer lint is an allow-list that oxlint really enforces: probe files in a copy of the tree
// (the repository's own .oxlintrc.json, temp files under src/) are linted, and each import is
// refused or allowed as DESIGN.md's layers say.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYERS, MAX_DEPTH, withLayerOverrides } from '../../scripts/layer-rules';

const ROOT = resolve(import.meta.dirname, '../..');
const OXLINT = join(ROOT, 'node_modules', '.bin', 'oxlint');

/** file under src/, the one import it holds, and whether the layer rules allow it */
const PROBES: [string, string, boolean][] = [
  // core: pure TypeScript, no I/O
  ['core/a.ts', 'node:fs', false],
  ['core/b.ts', 'fs', false],
  ['core/c.ts', 'node:module', false],
  ['core/routing/d.ts', 'node:fs/promises', false],
  ['core/routing/e.ts', 'http', false],
  ['core/routing/f.ts', '../../node/app', false],
  ['core/routing/g.ts', '../../main/index', false],
  ['core/routing/h.ts', 'electron/main', false],
  ['core/routing/i.ts', 'gpt-tokenizer', false],
  ['core/providers/gemini/j.ts', '../../../../test/helpers/snapshot-builders', false],
  ['core/routing/k.ts', '../../shared/types', true],
  ['core/routing/l.ts', '../catalog', true],
  ['core/providers/gemini/m.ts', '../../../shared/types', true],
  ['core/n.ts', './canonical', true],
  // tests beside core code add the runner, the SDKs and test/, and nothing else
  ['core/o.test.ts', 'vitest', true],
  ['core/routing/p.test.ts', '../../../test/helpers/snapshot-builders', true],
  ['core/q.test.ts', 'node:fs', false],
  // shared imports nothing local and no package
  ['shared/a.ts', '../core/catalog', false],
  ['shared/b.ts', 'react', false],
  ['shared/c.ts', './types', true],
  // node: not cli, main, preload, renderer, electron
  ['node/proxy/a.ts', '../../main/index', false],
  ['node/proxy/b.ts', '../../cli/serve', false],
  ['node/proxy/c.ts', '../../renderer/App', false],
  ['node/d.ts', 'electron', false],
  ['node/proxy/e.ts', 'node:http', true],
  ['node/proxy/f.ts', '../../core/catalog', true],
  ['node/g.ts', 'undici', true],
  // cli, main, preload, renderer
  ['cli/a.ts', 'electron', false],
  ['cli/b.ts', '../node/app', true],
  ['main/a.ts', '../renderer/App', false],
  ['main/b.ts', 'electron', true],
  ['preload/a.ts', '../node/app', false],
  ['preload/b.ts', 'electron', true],
  ['renderer/tabs/x/a.tsx', 'node:fs', false],
  ['renderer/tabs/x/b.tsx', '../../../core/catalog', false],
  ['renderer/tabs/x/c.tsx', 'react', true],
  ['renderer/tabs/x/d.tsx', '../../../shared/types', true],
];

const tmp = mkdtempSync(join(tmpdir(), 'sb-layers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('layer rules', () => {
  it('.oxlintrc.json holds the overrides scripts/layer-rules.ts generates', () => {
    const config = readFileSync(join(ROOT, '.oxlintrc.json'), 'utf8');
    expect(config, 'run `npx tsx scripts/layer-rules.ts`').toBe(withLayerOverrides(config));
  });

  it('cover every folder of src/ at every depth', () => {
    const layers = readdirSync(join(ROOT, 'src'));
    expect(layers.sort()).toEqual(Object.keys(LAYERS).sort());
    const tooDeep = sourceFiles(join(ROOT, 'src')).filter((f) => relative(join(ROOT, 'src'), f).split(sep).length - 2 > MAX_DEPTH);
    expect(tooDeep, `raise MAX_DEPTH in scripts/layer-rules.ts`).toEqual([]);
  });

  it('refuses what a layer may not import, node:fs in core first of all, and allows the rest', () => {
    copyFileSync(join(ROOT, '.oxlintrc.json'), join(tmp, '.oxlintrc.json'));
    for (const [file, spec] of PROBES) {
      mkdirSync(dirname(join(tmp, 'src', file)), { recursive: true });
      writeFileSync(join(tmp, 'src', file), `import '${spec}';\n`);
    }
    const r = spawnSync(OXLINT, ['-c', '.oxlintrc.json', '-f', 'json', 'src'], { cwd: tmp, encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { diagnostics: { code: string; filename: string }[] };
    const refused = new Set(report.diagnostics.filter((d) => d.code === 'eslint(no-restricted-imports)').map((d) => d.filename.split(sep).join('/')));
    const verdicts = PROBES.map(([file, spec]) => `${file} imports ${spec}: ${refused.has(`src/${file}`) ? 'refused' : 'allowed'}`);
    expect(verdicts).toEqual(PROBES.map(([file, spec, ok]) => `${file} imports ${spec}: ${ok ? 'allowed' : 'refused'}`));
    expect(report.diagnostics.filter((d) => d.code !== 'eslint(no-restricted-imports)')).toEqual([]);
  });
});
