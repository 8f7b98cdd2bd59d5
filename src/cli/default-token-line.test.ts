import { describe, expect, it } from 'vitest';
import { defaultTokenLine } from './default-token-line';

const URL = 'http://127.0.0.1:4141';
const FILE = '/data/default-token';
const ISSUE = 'issue a new one (UI: BYOK tab, Default, Issue token; API: POST /api/v1/llm/users/default/tokens) and it is written there';

describe('the line serve ends its start with', () => {
  it('names the file only while it holds a live token', () => {
    expect(defaultTokenLine(URL, FILE, { state: 'live' })).toMatch(/ with the token in \/data\/default-token$/);
    for (const state of ['missing', 'revoked', 'unknown'] as const) {
      const line = defaultTokenLine(URL, FILE, { state, liveTokens: 1 });
      expect(line).toContain(`${URL}/v1 `);
      expect(line).not.toContain('with the token in');
      expect(line).toContain(` with a profile token. `);
      expect(line).toContain(ISSUE);
    }
  });

  it('says what start found: no file, a revoked token, or one this database does not know', () => {
    expect(defaultTokenLine(URL, FILE, { state: 'missing', liveTokens: 1 })).toContain(
      `${FILE} is missing (deleted, or lost in a crash before it was written): ${ISSUE}; the profile's live token keeps working, but a token is shown only once: revoke in the BYOK tab any that no one holds`,
    );
    expect(defaultTokenLine(URL, FILE, { state: 'revoked', liveTokens: 2 })).toContain(
      `The Default profile's token in ${FILE} was revoked, so the file was removed: ${ISSUE}; the profile's 2 live tokens keep working`,
    );
    const unknown = defaultTokenLine(URL, FILE, { state: 'unknown', liveTokens: 1 });
    expect(unknown).toContain(`The token in ${FILE} is not one of the Default profile's in this database (restored from a backup or replaced, or the file copied from elsewhere), so the file was removed: ${ISSUE}`);
    expect(unknown).not.toContain('revoked');
    expect(defaultTokenLine(URL, FILE, { state: 'no-profile' })).toMatch(/ with a profile token$/);
  });
});
