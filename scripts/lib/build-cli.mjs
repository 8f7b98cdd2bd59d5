// The headless entry's build (esbuild, one file), run by scripts/serve.mjs as a child process: in the
// server's own process esbuild's module and the build's output buffers stayed in its heap (~13 MB of
// RSS after start). `node scripts/lib/build-cli.mjs ROOT` builds ROOT/src/cli/serve.ts into ROOT/out/cli/serve.mjs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = process.argv[2];
const builtCli = join(root, 'out/cli/serve.mjs');
const result = await build({
  entryPoints: [join(root, 'src/cli/serve.ts')],
  outfile: builtCli,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  write: false,
});
// several servers may start at once (tests): each writes its own temp file and renames it into place
mkdirSync(dirname(builtCli), { recursive: true });
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
