// System-default keys from the environment (OPENAI_API_KEY, ...), used when the user stored none.
import type { ProviderType } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../core/providers/registry';
import { apiKey } from '../../shared/validate';

export type Env = Record<string, string | undefined>;

/** The env default key for a provider type, or undefined. A value unfit for a header is ignored. */
export function envKeyFor(type: ProviderType, env: Env): string | undefined {
  const name = PROVIDER_TYPE_INFO[type]?.envKey;
  const raw = name ? env[name]?.trim() : undefined;
  if (!raw) return undefined;
  try {
    return apiKey(raw, name as string);
  } catch {
    return undefined;
  }
}
