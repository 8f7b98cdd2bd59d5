export { createCatalogStore, type CatalogStore, type CatalogStoreOptions, type HealthReport } from './catalog-store';
export { loadBundledCatalog, parseBundledCatalog, BundledCatalogError, type BundledCatalog, type BundledModel, type BundledProvider } from './bundled-catalog';
export { bundledModelLookup, bundledPrices, priceLookup, modelCreateFromBundled, type BundledModelLookup, type PriceLookup } from './price-lookup';
export { refreshBundledPrices } from './bundled-price-refresh';
export { generateToken, hashToken, newTokenId, type NewToken } from './profile-token';
export { providerAccount, byokAccount } from './secret-accounts';
export { isFreeProvider, isLocalProvider } from './provider-locality';
export { repositoriesFor, createRepositories, type Repositories } from './repos/index';
