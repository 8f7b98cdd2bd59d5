// The plain-text secret files of the data dir (0600): the admin token, the default profile's token and the key that
// seals Claude's thinking a client holds (node/proxy/thinking-seal.ts).
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { removeLeftoverTempFiles, replaceFileSync } from './data-dir/replace-file';

/** The files replaced whole through a temporary file beside them: these three and the encrypted secrets. */
const REPLACED_FILES = ['admin-token', 'default-token', 'thinking-key', 'secrets.enc'] as const;

// Written whole and renamed into place (data-dir/replace-file.ts): a reader sees the old token or the new one.
function writeSecretFile(file: string, value: string): void {
  replaceFileSync(file, `${value}\n`);
}

/**
 * Removes the temporary files (`default-token.<hex>.tmp`...) a crash between write and rename left in the data dir:
 * those of the tokens and the thinking key hold them in plain text, and only these three files may. Call it only
 * while holding the data dir's lock: another instance's may be in flight.
 */
export function removeLeftoverSecretTemps(dataDir: string): string[] {
  return removeLeftoverTempFiles(dataDir, REPLACED_FILES);
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
