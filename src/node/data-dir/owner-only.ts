// Files of the data dir that hold secrets or prompts are readable by their owner only: the group and
// other bits come off at start, whatever wrote them (an older build, a restored backup, the user's own
// editor or cp) and whatever the data dir's own mode. One this user may not change (another user's,
// restored with sudo) is left as it is, with a warning saying how to close it: it never stops a start.
import { chmodSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

/** the plain-text tokens and thinking key, the encrypted keys and the usage journal (the database closes its own files) */
export const OWNER_ONLY_FILES = ['admin-token', 'default-token', 'thinking-key', 'secrets.enc', 'usage-journal.jsonl'] as const;

export interface CloseToOwnerOptions {
  /** where a file that cannot be closed is told; default: stderr */
  warn?: (line: string) => void;
  /** for tests: a chmod that fails as another user's file does */
  chmod?: (file: string, mode: number) => void;
}

/** Takes group and other bits off each file that exists; a symlink is left alone (its target is not ours to change). */
export function closeToOwner(files: readonly string[], opts: CloseToOwnerOptions = {}): void {
  const warn = opts.warn ?? ((line: string) => console.error(line));
  const chmod = opts.chmod ?? chmodSync;
  for (const f of files) {
    let mode: number;
    let uid: number;
    try {
      const st = lstatSync(f);
      if (!st.isFile()) continue;
      mode = st.mode & 0o777;
      uid = st.uid;
    } catch {
      continue; // not there (yet)
    }
    if ((mode & 0o077) === 0) continue;
    try {
      chmod(f, mode & 0o700);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'EACCES') throw e;
      const me = process.getuid?.();
      warn(`data dir: ${f} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}) and could not be closed (${code}: owned by uid ${uid}${me === undefined ? '' : `, this process runs as uid ${me}`}); `
        + `make it yours (sudo chown ${me ?? '$(id -u)'} '${f}') or, as its owner, chmod 600 '${f}'; left as it is`);
    }
  }
}

export function closeDataDirFiles(dataDir: string, opts: CloseToOwnerOptions = {}): void {
  closeToOwner(OWNER_ONLY_FILES.map((name) => join(dataDir, name)), opts);
}
