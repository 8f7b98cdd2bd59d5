// Whether a provider is on: as the user set it, or, for a seeded cloud provider still waiting for its first
// key (waits_for_key), on while an environment default key serves it (SPEC.md §1: OPENAI_API_KEY, ... act as
// the provider's key when the user stored none). The env key switches it on as a first stored key would,
// but only while it is set: started without it, the provider is back to waiting, off.
import { envKeyFor, type Env } from '../secrets/env-keys';
import type { ProviderRow } from './repos/index';

export function providerEnabled(row: ProviderRow, env: Env): boolean {
  if (row.enabled === 1) return true;
  return row.waits_for_key === 1 && row.key_mask === null && envKeyFor(row.type, row.base_url, env) !== undefined;
}
