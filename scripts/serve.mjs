// `npm run serve`: build what is missing or stale (the UI with Vite, the headless entry with
// esbuild into one file), then run the server in this process under plain Node.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { buildUi } from './lib/build-ui.mjs';
import { nodeVersionProblem } from './lib/node-version.mjs';

const tooOld = nodeVersionProblem('serve');
if (tooOld) {
  for (const line of tooOld) process.stderr.write(`${line}\n`);
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtUi = join(root, 'out/renderer/index.html');
const builtCli = join(root, 'out/cli/serve.mjs');

function newestMtime(dir, skip = () => false) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (skip(p)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, skip) : statSync(p).mtimeMs);
  }
  return newest;
}

// inputs are directories or files
function isStale(output, inputs, skip) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return inputs.some((d) => {
    const p = join(root, d);
    if (!existsSync(p)) return false;
    return (statSync(p).isDirectory() ? newestMtime(p, skip) : statSync(p).mtimeMs) > built;
  });
}

// the build step and its config count: a UI an older step built (React's development bundle) is built again
if (!process.env.SWITCHBOARD_UI_DIR && isStale(builtUi, ['src/renderer', 'src/shared', 'vite.renderer.config.ts', 'scripts/lib/build-ui.mjs'])) {
  process.stderr.write('Building the UI (first run)...\n');
  const r = buildUi(root);
  if (r.status !== 0) process.stderr.write('warning: the UI build failed; the API and proxy still run\n');
}

const skipUiAndTests = (p) => p.includes(`${join('src', 'renderer')}`) || p.endsWith('.test.ts');
if (isStale(builtCli, ['src', 'resources'], skipUiAndTests)) {
  // in a child: esbuild and the build's buffers would otherwise stay in the server's heap
  const r = spawnSync(process.execPath, [join(root, 'scripts/lib/build-cli.mjs'), root], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

await import(pathToFileURL(builtCli).href);
