// The plain-text secret files of the data dir (0600): the admin token, the default profile's token and the key that
// seals Claude's thinking a client holds (node/proxy/thinking-seal.ts).
import { closeSync, constants, existsSync, fchmodSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

// O_NOFOLLOW: a symlink planted in place of a token file must not send the token somewhere else
function writeSecretFile(file: string, value: string): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, `${value}\n`);
  } finally {
    closeSync(fd);
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
