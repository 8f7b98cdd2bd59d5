// Source-level guards for the Electron security rules (DESIGN.md): they hold for code that
// has no test of its own yet. Each rule is first shown to catch a bad sample.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const WINDOW_FACTORY = 'src/main/window.ts';

interface SourceFile {
  path: string;
  text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs|html)$/.test(entry.name) ? [full] : [];
  });
}

function sources(): SourceFile[] {
  return walk(SRC).map((full) => ({ path: relative(ROOT, full).split(sep).join('/'), text: readFileSync(full, 'utf8') }));
}

/** The text of a call's arguments, up to its matching closing parenthesis. */
function callArguments(text: string, openParen: number): string {
  let depth = 0;
  for (let i = openParen; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(openParen + 1, i);
  }
  return text.slice(openParen + 1);
}

type Rule = (file: SourceFile) => string[];

const rules: Record<string, Rule> = {
  'BrowserWindow is created only in the window factory': (f) =>
    f.path !== WINDOW_FACTORY && /\bnew\s+(?:electron\.)?BrowserWindow\s*\(/.test(f.text) ? ['new BrowserWindow'] : [],
  'no renderer gets Node or loses isolation': (f) =>
    [...f.text.matchAll(/\b(nodeIntegration(?:InWorker|InSubFrames)?\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true)/g)]
      .map((m) => m[1] ?? ''),
  'a preload never exposes ipcRenderer': (f) => {
    if (!f.path.startsWith('src/preload/')) return [];
    return [...f.text.matchAll(/exposeIn(?:Main|Isolated)World\s*\(/g)]
      .map((m) => callArguments(f.text, (m.index ?? 0) + m[0].length - 1))
      .filter((args) => /\bipcRenderer\b/.test(args))
      .map(() => 'exposes ipcRenderer');
  },
  'no CSP allows inline or eval scripts': (f) =>
    [...f.text.matchAll(/script-src([^;"'`\n]*(?:'[^']*'[^;"`\n]*)*)/g)]
      .filter((m) => /unsafe-inline|unsafe-eval|unsafe-hashes|\*/.test(m[1] ?? ''))
      .map((m) => m[0]),
};

const BAD_SAMPLES: Record<string, SourceFile> = {
  'BrowserWindow is created only in the window factory': { path: 'src/main/tray.ts', text: 'const w = new BrowserWindow({});' },
  'no renderer gets Node or loses isolation': { path: 'src/main/x.ts', text: 'webPreferences: { nodeIntegration: true }' },
  'a preload never exposes ipcRenderer': {
    path: 'src/preload/index.ts',
    text: "contextBridge.exposeInMainWorld('api', {\n  invoke: (...a) => a,\n  raw: ipcRenderer,\n});",
  },
  'no CSP allows inline or eval scripts': {
    path: 'src/renderer/index.html',
    text: `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'">`,
  },
};

describe('electron security rules', () => {
  for (const [name, rule] of Object.entries(rules)) {
    it(`catches a violation: ${name}`, () => {
      const sample = BAD_SAMPLES[name];
      if (!sample) throw new Error(`no bad sample for ${name}`);
      expect(rule(sample)).not.toEqual([]);
    });

    it(`holds in src/: ${name}`, () => {
      const violations = sources().flatMap((f) => rule(f).map((v) => `${f.path}: ${v}`));
      expect(violations).toEqual([]);
    });
  }

  it('lets the real window factory and preload pass', () => {
    const files = sources();
    expect(files.some((f) => f.path === WINDOW_FACTORY && /new BrowserWindow/.test(f.text))).toBe(true);
    expect(files.some((f) => f.path === 'src/preload/index.ts' && /exposeInMainWorld/.test(f.text))).toBe(true);
    const styleOnly = { path: 'src/main/window.ts', text: `"script-src 'self'", "style-src 'self' 'unsafe-inline'"` };
    expect(rules['no CSP allows inline or eval scripts']?.(styleOnly)).toEqual([]);
  });
});
