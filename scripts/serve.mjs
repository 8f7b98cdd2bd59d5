// `npm run serve`: build the UI if it is missing or stale, then run the headless server in this process.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(root, 'out/renderer/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function uiIsStale() {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  return ['src/renderer', 'src/shared'].some((d) => existsSync(join(root, d)) && newestMtime(join(root, d)) > built);
}

if (!process.env.SWITCHBOARD_UI_DIR && uiIsStale()) {
  process.stderr.write('Building the UI (first run)...\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) process.stderr.write('warning: the UI build failed; the API and proxy still run\n');
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/serve.ts');
