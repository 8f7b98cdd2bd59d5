// The layer rules of DESIGN.md as allow-lists (what each layer MAY import; everything else is
// refused), the way VS Code's import patterns work. oxlint has no rule that resolves a relative
// import to a folder, so the allow-list becomes one no-restricted-imports override per layer and
// folder depth: `../../shared/x` leaves src/core/routing for shared, from src/core it leaves src.
//
// Edit LAYERS, then `npx tsx scripts/layer-rules.ts` rewrites the overrides in .oxlintrc.json;
// test/lint/layer-rules.test.ts checks that they agree and that oxlint refuses what they forbid.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Layer {
  /** the other layers (folders of src/) it may import */
  layers: readonly string[];
  /** packages it may import, subpaths included; `node:*` is every Node builtin */
  packages: readonly string[];
  /** the lint message */
  why: string;
}

export const LAYERS: Readonly<Record<string, Layer>> = {
  shared: { layers: [], packages: [], why: 'shared imports nothing local and no packages' },
  core: { layers: ['shared'], packages: [], why: 'core imports only core and shared: no Node builtins, no packages, no I/O' },
  node: {
    layers: ['shared', 'core'],
    packages: ['node:*', 'better-sqlite3', 'undici', '@napi-rs/keyring', 'gpt-tokenizer'],
    why: 'node imports shared, core and its own packages; never cli, main, preload, renderer or electron',
  },
  cli: { layers: ['shared', 'core', 'node'], packages: ['node:*'], why: 'cli imports shared, core and node; no electron' },
  main: { layers: ['shared', 'core', 'node'], packages: ['node:*', 'electron'], why: 'main imports shared, core, node and electron' },
  preload: { layers: ['shared'], packages: ['electron'], why: 'preload imports only shared and electron' },
  renderer: {
    layers: ['shared'],
    packages: ['react', 'react-dom', 'zustand', '@radix-ui/*'],
    why: 'the renderer is a web page: it imports only shared and its UI packages',
  },
};

/** What a test beside the code may import besides its layer's allow-list: the runner, the real SDKs (and Continue's own config parser), test/ and resources/. */
export const TEST_EXTRAS = { packages: ['vitest', 'openai', '@anthropic-ai/sdk', '@google/genai', '@continuedev/config-yaml'], dirs: ['test', 'resources'] };

/** Folder depths below src/<layer>/ that get rules; a file deeper than this fails the layer test. */
export const MAX_DEPTH = 3;

const up = (n: number): string => '../'.repeat(n);
const allow = (path: string): string[] => [`!${path}`, `!${path}/**`];

/** The no-restricted-imports group for a file `depth` folders below src/<layer>/. */
export function allowedGroup(layer: string, depth: number, test: boolean): string[] {
  const { layers, packages } = LAYERS[layer] as Layer;
  const toSrc = up(depth + 1);
  const group = ['**', '!./**'];
  if (depth > 0) group.push('!../**', `${toSrc}**`); // anywhere inside the layer, but not out of it
  for (const other of layers) group.push(...allow(`${toSrc}${other}`));
  for (const pkg of [...packages, ...(test ? TEST_EXTRAS.packages : [])]) group.push(...allow(pkg));
  if (test) for (const dir of TEST_EXTRAS.dirs) group.push(`!${up(depth + 2)}${dir}/**`);
  return group;
}

function override(layer: string, depth: number, test: boolean): object {
  const folder = `src/${layer}/${'*/'.repeat(depth)}`;
  const files = test ? [`${folder}*.test.ts`, `${folder}*.test.tsx`] : [`${folder}*.ts`, `${folder}*.tsx`];
  const message = `${(LAYERS[layer] as Layer).why}${test ? ' (tests may add vitest, the SDKs, test/ and resources/)' : ''} (DESIGN.md layers; scripts/layer-rules.ts)`;
  return { files, rules: { 'no-restricted-imports': ['error', { patterns: [{ group: allowedGroup(layer, depth, test), message }] }] } };
}

/** Every override, tests after the code they sit beside: for a file both match, the later one applies. */
export function layerOverrides(): object[] {
  const out: object[] = [];
  for (const test of [false, true]) {
    for (const layer of Object.keys(LAYERS)) for (let depth = 0; depth <= MAX_DEPTH; depth++) out.push(override(layer, depth, test));
  }
  return out;
}

/** .oxlintrc.json as text with these overrides, one a line so that a diff shows what changed. */
export function withLayerOverrides(configText: string): string {
  const { overrides: _, ...rest } = JSON.parse(configText) as Record<string, unknown>;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  return `${head},\n  "overrides": [\n${layerOverrides().map((o) => `    ${JSON.stringify(o)}`).join(',\n')}\n  ]\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL('../.oxlintrc.json', import.meta.url));
  writeFileSync(file, withLayerOverrides(readFileSync(file, 'utf8')));
  console.log(`wrote ${layerOverrides().length} layer overrides to .oxlintrc.json`);
}
