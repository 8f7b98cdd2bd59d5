// The UI build `npm run serve` runs when out/renderer is missing or stale. React's production build whatever
// NODE_ENV the shell or test runner has: vite.renderer.config.ts makes every build one.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Builds the renderer (into `outDir`, default the config's out/renderer); the spawnSync result. */
export function buildUi(root, { outDir, stdio = ['ignore', 'inherit', 'inherit'] } = {}) {
  const args = [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'];
  if (outDir) args.push('--outDir', outDir);
  return spawnSync(process.execPath, args, { cwd: root, stdio });
}
