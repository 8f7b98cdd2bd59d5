import { afterEach, describe, expect, it, vi } from 'vitest';
import { adoptTokenFromLocation, forgetPersistedToken, hashWithoutToken, readStoredToken, tokenFromHash } from './token-store';

describe('admin token in the URL hash', () => {
  it('reads #token=', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#tab=usage&token=x%2By')).toBe('x+y');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });

  it('reads a base64 token as printed (percent-encoded) and as pasted raw: + stays a plus', () => {
    const token = 'a+b/c%d=';
    expect(tokenFromHash(`#token=${encodeURIComponent(token)}`)).toBe(token);
    expect(tokenFromHash('#token=Zm9v+YmFy/w==')).toBe('Zm9v+YmFy/w==');
    expect(tokenFromHash('#token=50%+off')).toBe('50%+off');
    expect(tokenFromHash(`#tab=usage&token=${encodeURIComponent(token)}&x=1`)).toBe(token);
  });

  it('removes only the token from the hash', () => {
    expect(hashWithoutToken('#token=abc')).toBe('');
    expect(hashWithoutToken('#tab=usage&token=abc')).toBe('#tab=usage');
    expect(hashWithoutToken('#token=a%2Bb&tab=usage')).toBe('#tab=usage');
  });
});

describe('adopting the token of a #token= link', () => {
  /** a storage of these items */
  const storage = (items: Map<string, string>) => ({
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  });
  /**
   * a page at `hash` with `stored` in sessionStorage (and `persisted` in localStorage, as an older version kept
   * it); what the address bar became is in `url`, the storages' items in `session` and `local`
   */
  function page(hash: string, stored: string | null, persisted: string | null = null) {
    const session = new Map<string, string>(stored === null ? [] : [['switchboard.admin-token', stored]]);
    const local = new Map<string, string>(persisted === null ? [] : [['switchboard.admin-token', persisted]]);
    const at = { url: `/ui${hash}`, session, local };
    vi.stubGlobal('window', {
      location: { pathname: '/ui', search: '', hash },
      history: { replaceState: (_s: unknown, _t: string, url: string) => { at.url = url; } },
      sessionStorage: storage(session),
      localStorage: storage(local),
    });
    return at;
  }
  /** the admin API's check: only `good` works; the tokens checked are listed */
  const checker = (good: string) => {
    const checked: string[] = [];
    return { checked, works: async (t: string) => { checked.push(t); return t === good; } };
  };
  afterEach(() => { vi.unstubAllGlobals(); });

  it('keeps a stored token that a link brings a wrong one against, and still strips the hash', async () => {
    const at = page('#tab=usage&token=garbage', 'real');
    const c = checker('real');
    expect(await adoptTokenFromLocation(c.works)).toBe('real');
    expect(c.checked).toEqual(['garbage']);
    expect(readStoredToken()).toBe('real');
    expect(at.url).toBe('/ui#tab=usage');
  });

  it('keeps the stored token when the check cannot be made (it throws)', async () => {
    page('#token=other', 'real');
    expect(await adoptTokenFromLocation(async () => { throw new Error('offline'); })).toBe('real');
    expect(readStoredToken()).toBe('real');
  });

  it('replaces a stored token by a different one that works (a rotated token)', async () => {
    const at = page('#token=new', 'old');
    const c = checker('new');
    expect(await adoptTokenFromLocation(c.works)).toBe('new');
    expect(readStoredToken()).toBe('new');
    expect(at.url).toBe('/ui');
  });

  it('takes the first token unchecked when none is stored, and does not check the one already stored', async () => {
    let at = page('#token=first', null);
    const c = checker('nothing');
    expect(await adoptTokenFromLocation(c.works)).toBe('first');
    expect(readStoredToken()).toBe('first');
    expect(at.url).toBe('/ui');
    at = page('#token=same', 'same');
    expect(await adoptTokenFromLocation(c.works)).toBe('same');
    expect(at.url).toBe('/ui');
    expect(c.checked).toEqual([]);
  });

  it('keeps the token in sessionStorage, never localStorage, and forgets one an older version left there', async () => {
    const at = page('#token=first', null, 'old-persisted');
    expect(await adoptTokenFromLocation(checker('first').works)).toBe('first');
    expect(at.session.get('switchboard.admin-token')).toBe('first');
    expect(at.local.get('switchboard.admin-token')).toBe('old-persisted');
    forgetPersistedToken();
    expect(at.local.has('switchboard.admin-token')).toBe(false);
    expect(readStoredToken()).toBe('first');
  });

  it('without a token in the URL: the stored one, the address bar untouched', async () => {
    const at = page('#tab=usage', 'real');
    expect(await adoptTokenFromLocation(checker('real').works)).toBe('real');
    expect(at.url).toBe('/ui#tab=usage');
  });
});
