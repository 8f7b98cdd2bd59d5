export { createSecretStore, type SecretStoreConfig } from './create-secret-store';
export { EncryptedFileStore, parseEncryptionKey } from './encrypted-file-store';
export { KeychainStore, type KeychainStoreOptions } from './keychain-store';
export { envKeyFor, envVarsHoldingTokens, type Env } from './env-keys';
export {
  SecretStoreError, SecretStoreUnavailableError, NO_KEYCHAIN_HELP, type SecretStore, type SecretStoreStatus,
} from './secret-store';
