// Files of the data dir that hold secrets or prompts are readable by their owner only: the group and
// other bits come off at start, whatever wrote them (an older build, a restored backup, the user's own
// editor or cp) and whatever the data dir's own mode.
import { chmodSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

/** the plain-text tokens, the encrypted keys and the usage journal (the database closes its own files) */
export const OWNER_ONLY_FILES = ['admin-token', 'default-token', 'secrets.enc', 'usage-journal.jsonl'] as const;

/** Takes group and other bits off each file that exists; a symlink is left alone (its target is not ours to change). */
export function closeToOwner(files: readonly string[]): void {
  for (const f of files) {
    let mode: number;
    try {
      const st = lstatSync(f);
      if (!st.isFile()) continue;
      mode = st.mode & 0o777;
    } catch {
      continue; // not there (yet)
    }
    if ((mode & 0o077) !== 0) chmodSync(f, mode & 0o700);
  }
}

export function closeDataDirFiles(dataDir: string): void {
  closeToOwner(OWNER_ONLY_FILES.map((name) => join(dataDir, name)));
}
