// The plain-text secret files of the data dir (0600): the admin token, the default profile's token and the key that
// seals Claude's thinking a client holds (node/proxy/thinking-seal.ts).
import { closeSync, constants, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

// Written whole to a new file, then renamed over the old one: a reader (`$(cat .../default-token)` while the token
// is replaced) sees the old token or the new one, never an empty or half-written file. The rename replaces a
// symlink planted in the file's place instead of following it, and O_EXCL | O_NOFOLLOW keep the temporary file
// from being one.
function writeSecretFile(file: string, value: string): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, `${value}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/** The default profile's token as written in DATA_DIR/default-token, or null. */
export function readDefaultToken(dataDir: string): string | null {
  try {
    return readFileSync(defaultTokenFile(dataDir), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** SWITCHBOARD_ADMIN_TOKEN if set, else the one in DATA_DIR/admin-token, else a new one written there. */
export function loadAdminToken(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv && fromEnv.trim().length > 0) return fromEnv.trim();
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
  }
  const token = `sba-${randomBytes(32).toString('base64url')}`;
  writeSecretFile(file, token);
  return token;
}

export function defaultTokenFile(dataDir: string): string {
  return join(dataDir, 'default-token');
}

export function writeDefaultToken(dataDir: string, token: string): void {
  writeSecretFile(defaultTokenFile(dataDir), token);
}

/** Removes DATA_DIR/default-token; none there is no error. */
export function removeDefaultToken(dataDir: string): void {
  try {
    unlinkSync(defaultTokenFile(dataDir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * The install's key for sealing Claude's thinking (node/proxy/thinking-seal.ts): DATA_DIR/thinking-key, else a new
 * one written there. 32 random bytes, base64; never in SQLite, never logged.
 */
export function loadThinkingKey(dataDir: string): Buffer {
  const file = join(dataDir, 'thinking-key');
  if (existsSync(file)) {
    const existing = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (existing.length >= 32) return existing;
  }
  const key = randomBytes(32);
  writeSecretFile(file, key.toString('base64'));
  return key;
}
