// The provider registry lives in shared (the UI reads it too); core re-exports it.
export { PROVIDER_TYPE_INFO, providerTypeInfo, type ProviderTypeInfo } from '../../shared/provider-types';
