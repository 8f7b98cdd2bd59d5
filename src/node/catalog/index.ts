export { createCatalogStore, type CatalogStore, type CatalogStoreOptions, type HealthReport } from './catalog-store';
export { loadBundledCatalog, parseBundledCatalog, BundledCatalogError, type BundledCatalog, type BundledModel, type BundledProvider } from './bundled-catalog';
export { priceLookup, modelCreateFromBundled, type PriceLookup } from './price-lookup';
export { generateToken, hashToken, newTokenId, type NewToken } from './profile-token';
export { providerAccount, byokAccount } from './secret-accounts';
export { isLocalProvider, isLoopbackHost } from './provider-locality';
export { repositoriesFor, createRepositories, type Repositories } from './repos/index';
