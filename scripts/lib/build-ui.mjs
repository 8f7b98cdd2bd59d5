// The UI build `npm run serve` runs when out/renderer is missing or stale. Always React's production build:
// Vite takes NODE_ENV from the environment over the mode, and a shell or test runner with NODE_ENV=development
// or test otherwise gets React's development bundle (dev warnings, StrictMode's double effects: every admin call
// sent twice), which is then kept as the cached build.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Builds the renderer (into `outDir`, default the config's out/renderer); the spawnSync result. */
export function buildUi(root, { outDir, stdio = ['ignore', 'inherit', 'inherit'] } = {}) {
  const args = [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--mode', 'production', '--logLevel', 'warn'];
  if (outDir) args.push('--outDir', outDir);
  return spawnSync(process.execPath, args, { cwd: root, stdio, env: { ...process.env, NODE_ENV: 'production' } });
}
