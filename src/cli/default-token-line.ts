// The last line serve prints at start: where to point tools, and with which token. It names DATA_DIR/default-token
// only while that holds a live token, and otherwise says what start found there (node/service/default-token-file.ts).
import type { DefaultTokenFileState } from '../node/service/default-token-file';

const ISSUE = 'issue a new one (UI: BYOK tab, Default, Issue token; API: POST /api/v1/llm/users/default/tokens) and it is written there';

function stillLive(n: number): string {
  return `the profile's ${n === 1 ? 'live token keeps' : `${n} live tokens keep`} working, `
    + `but a token is shown only once: revoke in the BYOK tab any that no one holds`;
}

/** What the file's state means for the user, after "Point your tools at ..." */
export function defaultTokenLine(url: string, file: string, found: DefaultTokenFileState): string {
  const tools = `Point your tools at ${url}/v1 (OpenAI chat and Responses: SDKs, Codex CLI) or ${url} (Anthropic: Claude Code; Gemini: Gemini CLI)`;
  switch (found.state) {
    case 'live':
      return `${tools} with the token in ${file}`;
    case 'no-profile':
      return `${tools} with a profile token`;
    case 'missing':
      return `${tools} with a profile token. ${file} is missing (deleted, or lost in a crash before it was written): `
        + `${ISSUE}; ${stillLive(found.liveTokens)}`;
    case 'revoked':
      return `${tools} with a profile token. The Default profile's token in ${file} was revoked, so the file was removed: `
        + `${ISSUE}; ${stillLive(found.liveTokens)}`;
    case 'unknown':
      return `${tools} with a profile token. The token in ${file} is not one of the Default profile's in this database `
        + `(restored from a backup or replaced, or the file copied from elsewhere), so the file was removed: `
        + `${ISSUE}; ${stillLive(found.liveTokens)}`;
  }
}
