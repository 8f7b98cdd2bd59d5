// `--baseline REF`: Switchboard as it was at a git ref, measured as a fifth target in the same
// interleaved rounds as today's. On a shared machine the load drifts by more than most single
// changes save, so a before/after is only trustworthy when both run side by side.
// The ref's src/ and resources/ are exported under out/bench-baseline/<sha>/ (inside the repository,
// so its bundle finds node_modules and its catalog the way out/cli/serve.mjs does) and bundled once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface BaselineBuild {
  sha: string;
  /** the bundled headless server, run directly (it is what scripts/serve.mjs imports) */
  script: string;
}

export async function buildBaseline(root: string, ref: string, log: (line: string) => void): Promise<BaselineBuild> {
  const sha = execFileSync('git', ['-C', root, 'rev-parse', '--verify', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
  const dir = join(root, 'out/bench-baseline', sha.slice(0, 12));
  const script = join(dir, 'out/cli/serve.mjs');
  if (existsSync(script)) return { sha, script };
  log(`baseline: bundling ${ref} (${sha.slice(0, 12)})`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, 'source.tar');
  execFileSync('git', ['-C', root, 'archive', '--format=tar', '-o', tar, sha, 'src', 'resources']);
  execFileSync('tar', ['-x', '-f', tar, '-C', dir]);
  rmSync(tar);
  const { build } = await import('esbuild');
  // the options scripts/serve.mjs bundles with
  await build({
    entryPoints: [join(dir, 'src/cli/serve.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return { sha, script };
}
