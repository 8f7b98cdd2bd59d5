// DATA_DIR/default-token, which README's set-up recipes read (`$(cat ~/.config/switchboard/default-token)`): it
// holds a live token of the Default profile or is not there, never a token the proxy refuses. Tokens are stored
// hashed, so a revoked file token cannot be swapped for another live one: the file goes, and the next token issued
// for the Default profile (by the user, or at the next start when it has none left) is written there.
import { readDefaultToken, removeDefaultToken, writeDefaultToken } from '../app-files';
import { hashToken } from '../catalog/profile-token';
import type { TokenRow } from '../catalog/repos/index';

/** The file's token while it is one of `tokens` (the Default profile's rows) and not revoked, else null. */
export function liveFileToken(dataDir: string, tokens: readonly TokenRow[]): string | null {
  const raw = readDefaultToken(dataDir);
  if (raw === null) return null;
  const hash = hashToken(raw);
  return tokens.some((t) => t.token_hash === hash && t.revoked_at === null) ? raw : null;
}

/**
 * After the Default profile's tokens changed (`tokens`: its rows now): a file token no longer live is removed,
 * or replaced by `issued`, a token just issued for the profile. A live file token stays.
 */
export function syncDefaultTokenFile(dataDir: string, tokens: readonly TokenRow[], issued?: string): void {
  if (liveFileToken(dataDir, tokens) !== null) return;
  if (issued === undefined) removeDefaultToken(dataDir);
  else writeDefaultToken(dataDir, issued);
}
