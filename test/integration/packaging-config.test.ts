// The packaging config (build/electron-builder.yml) flips Electron's fuses at packaging time; the
// builder reads them under `electronFuses`. Checked here because packaging itself needs the target OS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const yml = readFileSync(join(__dirname, '..', '..', 'build', 'electron-builder.yml'), 'utf8');

/** `key: value` lines of one top-level block (the file is flat YAML; no parser needed). */
function block(name: string): Record<string, string> {
  const lines = yml.split('\n');
  const start = lines.findIndex((l) => l === `${name}:`);
  if (start < 0) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}(\w+): (.+)$/.exec(line);
    if (!m) break;
    out[m[1]!] = m[2]!;
  }
  return out;
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
