// The one Bridge the stores call: IPC in the desktop window, HTTP when served headless.
import type { Bridge } from '../../shared/contract';
import { createHttpBridge } from './http-bridge';
import { adoptTokenFromLocation, clearTokenFromLocation, forgetPersistedToken, storeToken, tokenFromHash } from './token-store';
import { desktopBridge } from './window-bridge';
import { useAuthStore } from './auth-store';

let current: Bridge | null = null;
let token: string | null = null;

export function bridge(): Bridge {
  if (current === null) throw new Error('bridge used before initBridge()');
  return current;
}

/** Chooses the transport; in headless mode also picks up the admin token (before the UI's first request). */
export async function initBridge(): Promise<void> {
  forgetPersistedToken();
  const desktop = desktopBridge();
  if (desktop) {
    current = desktop;
    useAuthStore.getState().setMode('desktop');
    return;
  }
  token = await adoptTokenFromLocation(tokenWorks);
  current = createHttpBridge(window.location.origin, () => token, {
    onUnauthorized: () => useAuthStore.getState().requireLogin('The admin token was not accepted.'),
  });
  useAuthStore.getState().setMode('http');
  if (token === null) useAuthStore.getState().requireLogin(null);
  window.addEventListener('hashchange', () => void adoptLinkedToken());
}

/**
 * A `#token=` link pasted into this tab after it loaded: a change of the hash alone, no reload, so initBridge
 * does not run again. The token leaves the address bar at once. Signed in, it replaces the token in use (not
 * the stored one, which storage cleared or blocked leaves out) only if the admin API accepts it. On the login
 * screen it signs in as the form does, stored only once accepted (a refused one, or one another page planted by
 * setting this window's location, must not greet each reload with "not accepted"), or says it was refused.
 */
async function adoptLinkedToken(): Promise<void> {
  const linked = tokenFromHash(window.location.hash);
  if (linked === null) return;
  clearTokenFromLocation();
  if (!useAuthStore.getState().needsLogin) {
    if (linked !== token && (await tokenWorks(linked))) {
      token = linked;
      storeToken(linked);
    }
    return;
  }
  if ((await logInWith(linked)) !== null) useAuthStore.getState().requireLogin('The admin token in the link was not accepted.');
}

/** Whether the admin API accepts this token: the status call, as the login form checks one. */
async function tokenWorks(candidate: string): Promise<boolean> {
  try {
    await createHttpBridge(window.location.origin, () => candidate).getStatus(undefined);
    return true;
  } catch {
    return false;
  }
}

/** Verifies a token typed into the login form, keeping it only if the server accepts it. */
export async function logInWith(candidate: string): Promise<string | null> {
  const previous = token;
  token = candidate.trim();
  try {
    await bridge().getStatus(undefined);
    storeToken(token);
    useAuthStore.getState().loggedIn();
    return null;
  } catch (err) {
    token = previous;
    return err instanceof Error ? err.message : String(err);
  }
}

/** Lets tests and the desktop preload swap in a bridge. */
export function setBridge(b: Bridge): void {
  current = b;
}
