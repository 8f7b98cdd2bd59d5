// The packaging config (build/electron-builder.yml, with package.json's metadata): Electron's fuses, flipped
// at packaging time (the builder reads them under `electronFuses`), what a deb requires, and what the app
// ships. Checked here because packaging itself needs the target OS and the network.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const yml = readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  homepage?: string;
  author?: { name?: string } | string;
};

/** The indented lines under one top-level key (the file is plain YAML; no parser needed). */
function section(name: string): string[] {
  const lines = yml.split('\n');
  const start = lines.findIndex((l) => l === `${name}:`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** `key: value` lines of one top-level block (nested blocks and lists skipped). */
function block(name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of section(name)) {
    const m = /^ {2}(\w+): (.+)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** `- item` lines of one top-level list, unquoted. */
function list(name: string): string[] {
  return section(name)
    .map((l) => /^ {2}- (.+)$/.exec(l)?.[1])
    .filter((v): v is string => v !== undefined)
    .map((v) => v.replace(/^"(.*)"$/, '$1'));
}

it('turns off RunAsNode, NODE_OPTIONS and --inspect, and loads only an integrity-checked app.asar', () => {
  expect(block('electronFuses')).toEqual({
    runAsNode: 'false',
    enableNodeOptionsEnvironmentVariable: 'false',
    enableNodeCliInspectArguments: 'false',
    enableCookieEncryption: 'true',
    enableEmbeddedAsarIntegrityValidation: 'true',
    onlyLoadAppFromAsar: 'true',
  });
  expect(yml).toMatch(/^asar: true$/m);
});

it('gives the deb what electron-builder refuses to build without: a homepage and a maintainer', () => {
  expect(new URL(pkg.homepage ?? '').protocol).toBe('https:');
  expect(typeof pkg.author === 'string' ? pkg.author : pkg.author?.name).toBeTruthy();
  // "Name <email>", as a deb's Maintainer field wants it
  expect(block('linux').maintainer).toMatch(/^[^<>]+ <[^\s@<>]+@[^\s@<>]+>$/);
});

it('ships only the build output the app loads, not what serve or bench left in out/', () => {
  const fromOut = list('files').filter((f) => f.startsWith('out/'));
  expect(fromOut.sort()).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**']);
  // what main loads at run time: its entry (package.json main), the preload and the page (lifecycle.ts, renderer-location.ts)
  expect(pkg.main).toBe('out/main/index.js');
  expect(list('files')).toEqual(expect.arrayContaining(['resources/**', 'package.json']));
});
