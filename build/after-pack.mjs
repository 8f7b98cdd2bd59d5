// electron-builder afterPack hook: swaps the packaged better_sqlite3.node (copied from
// node_modules, built for Node) for an Electron-ABI build of the target platform and arch.
// Done here rather than with `npmRebuild`, which rebuilds node_modules in place and would
// leave the project's tests and `npm run serve` with a module Node cannot load.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildElectronSqlite, projectRoot } from '../scripts/lib/electron-native.mjs';

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];
const MODULE = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

function resourcesDir(context) {
  const platform = context.electronPlatformName;
  if (platform === 'darwin' || platform === 'mas') {
    return join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return join(context.appOutDir, 'resources');
}

export default async function afterPack(context) {
  const arch = ARCH_NAMES[context.arch];
  if (arch === 'universal') return; // built from the x64 and arm64 packs, each already swapped
  const resources = resourcesDir(context);
  const outputFile = [join(resources, 'app.asar.unpacked', MODULE), join(resources, 'app', MODULE)].find((f) => existsSync(f));
  if (!outputFile) throw new Error(`afterPack: better_sqlite3.node not found under ${resources}`);
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const result = await buildElectronSqlite(projectRoot(), {
    target: { platform, arch },
    electronVersion: context.packager.info.framework.version,
    outputFile,
  });
  if (!result.ok) throw new Error(`afterPack: ${result.reason}`);
  console.log(`  • ${result.detail}`);
}
