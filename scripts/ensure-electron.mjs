// Before `npm start` / `npm run dev`: the Electron binary and the Electron build of
// better-sqlite3 must exist. Fetches what is missing; exits 1 with the reason when it can't.
import { prepareElectron, projectRoot } from './lib/electron-native.mjs';

let result;
try {
  result = await prepareElectron(projectRoot(), { required: true });
} catch (error) {
  result = { ok: false, done: [], problems: [error instanceof Error ? error.message : String(error)] };
}
for (const line of result.done) console.log(`switchboard: ${line}`);
if (!result.ok) {
  console.error('switchboard: cannot start the desktop app:');
  for (const problem of result.problems) console.error(`  - ${problem}`);
  console.error('  The headless mode needs neither: npm run serve');
  process.exit(1);
}
