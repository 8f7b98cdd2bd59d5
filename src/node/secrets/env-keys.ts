// System-default keys from the environment (OPENAI_API_KEY, ...), used when the user stored none.
import type { ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { apiKey } from '../../shared/validate';

export type Env = Record<string, string | undefined>;

/**
 * A Switchboard token (a profile's `sb-`, the admin `sba-`), not a provider's key: README's setup exports
 * the profile token as OPENAI_API_KEY and GEMINI_API_KEY for the tools, and a Switchboard started from
 * that shell must not take it for the provider's key (and send it to OpenAI or Google).
 */
const SWITCHBOARD_TOKEN = /^sba?-/;

/**
 * The env default key for a provider of this type at this base URL, or undefined. It is the key for the
 * type's official service only: a provider pointed at any other origin never gets it. A value unfit for a
 * header, or a Switchboard token, is ignored.
 */
export function envKeyFor(type: ProviderType, baseUrl: string, env: Env): string | undefined {
  const info = PROVIDER_TYPE_INFO[type];
  if (!info || !sameOrigin(baseUrl, info.defaultBaseUrl)) return undefined;
  const name = info.envKey;
  const raw = name ? env[name]?.trim() : undefined;
  if (!raw || SWITCHBOARD_TOKEN.test(raw)) return undefined;
  try {
    return apiKey(raw, name as string);
  } catch {
    return undefined;
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** The provider key variables that hold a Switchboard token (ignored as keys), for a warning at start. */
export function envVarsHoldingTokens(env: Env): string[] {
  const names = new Set<string>();
  for (const info of Object.values(PROVIDER_TYPE_INFO)) {
    const value = info.envKey ? env[info.envKey]?.trim() : undefined;
    if (value && SWITCHBOARD_TOKEN.test(value)) names.add(info.envKey!);
  }
  return [...names];
}
