// The admin token for the headless UI (SPEC.md §1): taken once from `#token=` in the URL,
// kept in localStorage, and removed from the address bar so it does not linger in history.
const STORAGE_KEY = 'switchboard.admin-token';

/** The token carried by a location hash such as `#token=abc`, or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/** The hash with the token removed ('' when nothing else was in it). */
export function hashWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

export function readStoredToken(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // storage can be disabled; the token then lives for this page only
  }
}

/** Moves a `#token=` from the URL into storage. Returns the token now in effect. */
export function adoptTokenFromLocation(): string | null {
  const fromHash = tokenFromHash(window.location.hash);
  if (fromHash !== null) {
    storeToken(fromHash);
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', `${pathname}${search}${hashWithoutToken(window.location.hash)}`);
    return fromHash;
  }
  return readStoredToken();
}
