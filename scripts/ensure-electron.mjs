// Before `npm start` / `npm run dev`: the Electron binary and the Electron build of
// better-sqlite3 must exist, on a Node that Electron's tooling supports. Fetches what is missing;
// exits 1 with the reason when it can't.
import { linuxSandboxProblem, prepareElectron, projectRoot } from './lib/electron-native.mjs';
import { nodeVersionProblem } from './lib/node-version.mjs';

// Said first and plainly: on an older Node, Electron's tooling fails somewhere deep inside instead.
const tooOld = nodeVersionProblem('desktop');
if (tooOld) {
  for (const line of tooOld) console.error(line);
  process.exit(1);
}

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
// Said before Electron aborts on it; a warning only, as an AppArmor profile of the user's own may allow it
const sandbox = linuxSandboxProblem(projectRoot());
if (sandbox) console.warn(`switchboard: warning: ${sandbox}`);
