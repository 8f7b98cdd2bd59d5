// The two plain-text files of the data dir: the admin token and the default profile's token (0600).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

function writeSecretFile(file: string, value: string): void {
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
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
