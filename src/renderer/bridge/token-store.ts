// The admin token for the headless UI (SPEC.md §1): taken once from `#token=` in the URL,
// kept in sessionStorage, and removed from the address bar so it does not linger in history.
// A stored token is replaced from the URL only by one the admin API accepts.
// Not localStorage: that outlives the tab and belongs to the origin 127.0.0.1:PORT, so whatever listens on the
// port later (a dev server, another user's program while Switchboard is down) could read the never-rotated token
// from the same browser profile. sessionStorage keeps it across a reload of this tab and drops it with the tab.
const STORAGE_KEY = 'switchboard.admin-token';

/** Removes the token an older version kept in localStorage (it would stay readable by the origin's next tenant). */
export function forgetPersistedToken(): void {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: nothing was kept there
  }
}

/** The `key=value` parts of a location hash, as written (not form-decoded). */
const hashParts = (hash: string): string[] => hash.replace(/^#/, '').split('&').filter((p) => p !== '');

/**
 * The token carried by a location hash such as `#token=abc`, or null. Percent-decoded, as `serve` prints it
 * encoded; not form-decoded, so a `+` (base64 tokens, openssl rand -base64) pasted raw stays a plus.
 */
export function tokenFromHash(hash: string): string | null {
  const part = hashParts(hash).find((p) => p.startsWith('token='));
  if (part === undefined) return null;
  const raw = part.slice('token='.length);
  let token: string;
  try {
    token = decodeURIComponent(raw);
  } catch {
    token = raw; // a lone `%` pasted raw: the text as it stands
  }
  return token.trim() !== '' ? token.trim() : null;
}

/** The hash with the token removed ('' when nothing else was in it); the other parts as they were. */
export function hashWithoutToken(hash: string): string {
  const rest = hashParts(hash).filter((p) => !p.startsWith('token=') && p !== 'token').join('&');
  return rest ? `#${rest}` : '';
}

export function readStoredToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(STORAGE_KEY);
    else window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // storage can be disabled; the token then lives for this page only
  }
}

/** Takes a `#token=` out of the address bar (and the history entry), the rest of the hash kept. */
export function clearTokenFromLocation(): void {
  const { pathname, search, hash } = window.location;
  window.history.replaceState(null, '', `${pathname}${search}${hashWithoutToken(hash)}`);
}

/**
 * Moves a `#token=` from the URL into storage, and out of the address bar. Resolves to the token now in
 * effect. A token already stored gives way only to a different one that `works` (the login screen's check
 * against the admin API): a page elsewhere linking to `#token=garbage` cannot sign the user out. With none
 * stored, the URL's is taken as it is (a wrong one then meets the login screen, as a typed one would).
 */
export async function adoptTokenFromLocation(works: (token: string) => Promise<boolean>): Promise<string | null> {
  const stored = readStoredToken();
  const fromHash = tokenFromHash(window.location.hash);
  if (fromHash === null) return stored;
  clearTokenFromLocation();
  if (stored !== null && stored !== fromHash && !(await works(fromHash).catch(() => false))) return stored;
  storeToken(fromHash);
  return fromHash;
}
