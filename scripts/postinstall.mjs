// Best effort after `npm install`: fetch the Electron binary and an Electron build of
// better-sqlite3. Never fails the install; `npm start` (scripts/ensure-electron.mjs) retries.
import { prepareElectron, projectRoot } from './lib/electron-native.mjs';

try {
  const result = await prepareElectron(projectRoot(), { required: false });
  for (const line of result.done) console.log(`switchboard: ${line}`);
  if (!result.ok) console.warn(`switchboard: desktop app not ready yet (${result.problems.join('; ')})`);
} catch (error) {
  console.warn(`switchboard: desktop app setup skipped (${error instanceof Error ? error.message : String(error)})`);
}
process.exit(0);
