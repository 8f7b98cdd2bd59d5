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

/**
 * What start found in DATA_DIR/default-token, for serve to say truthfully (cli/default-token-line.ts):
 * - live: it holds a live Default token (kept, or just issued because the profile had none left);
 * - missing: no file (deleted, or a crash between the token's row and the file), and the profile has live tokens;
 * - revoked: it held a revoked Default token; removed;
 * - unknown: it held a token this database does not know as a Default one (a database restored from backups/ or
 *   replaced, a file copied or edited); removed.
 * Except for live, `liveTokens` counts the profile's live tokens, none of which can be shown again (stored hashed).
 */
export type DefaultTokenFileState =
  | { state: 'live' }
  | { state: 'missing' | 'revoked' | 'unknown'; liveTokens: number }
  | { state: 'no-profile' };

/**
 * At start: the file holds a live Default token or goes (see the top of this file). A profile with no live token left
 * gets one, written there as at first start (`issue` is the service's issueToken, which writes it; a write it could
 * not make is made again here, so that a start that cannot write the file fails saying so).
 */
export async function settleDefaultTokenFile(
  dataDir: string,
  tokens: readonly TokenRow[],
  issue: () => Promise<string>,
): Promise<DefaultTokenFileState> {
  if (liveFileToken(dataDir, tokens) !== null) return { state: 'live' };
  const live = tokens.filter((t) => t.revoked_at === null).length;
  if (live === 0) {
    const issued = await issue();
    if (readDefaultToken(dataDir) !== issued) writeDefaultToken(dataDir, issued);
    return { state: 'live' };
  }
  const raw = readDefaultToken(dataDir);
  removeDefaultToken(dataDir);
  if (raw === null) return { state: 'missing', liveTokens: live };
  const hash = hashToken(raw);
  return { state: tokens.some((t) => t.token_hash === hash) ? 'revoked' : 'unknown', liveTokens: live };
}
