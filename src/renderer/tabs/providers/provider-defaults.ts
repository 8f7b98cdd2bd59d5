// What the Add dialog shows per provider type, from the shared provider registry.
import type { ProviderType } from '../../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../../shared/provider-types';

const each = <T,>(pick: (type: ProviderType) => T): Record<ProviderType, T> =>
  Object.fromEntries(Object.keys(PROVIDER_TYPE_INFO).map((t) => [t, pick(t as ProviderType)])) as Record<ProviderType, T>;

export const PROVIDER_TYPE_LABELS = each((t) => PROVIDER_TYPE_INFO[t].label);

/** the server's default when the base URL field is left empty */
export const DEFAULT_BASE_URLS = each((t) => PROVIDER_TYPE_INFO[t].defaultBaseUrl);

/** Types that work without a key. */
export const KEYLESS_TYPES: ReadonlySet<ProviderType> = new Set(
  (Object.keys(PROVIDER_TYPE_INFO) as ProviderType[]).filter((t) => PROVIDER_TYPE_INFO[t].keyless),
);
