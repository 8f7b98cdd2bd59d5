// Picks the secret store: the encrypted file when SWITCHBOARD_ENCRYPTION_KEY is given, else the OS keychain.
import { join } from 'node:path';
import { EncryptedFileStore, parseEncryptionKey } from './encrypted-file-store';
import { KeychainStore } from './keychain-store';
import type { SecretStore } from './secret-store';

export interface SecretStoreConfig {
  dataDir: string;
  /** SWITCHBOARD_ENCRYPTION_KEY (base64 of 32 bytes); empty or absent selects the keychain */
  encryptionKey?: string | undefined;
  serviceName?: string;
  /** meta.install_id of the database: namespaces keychain accounts */
  installId: string;
}

export function createSecretStore(config: SecretStoreConfig): SecretStore {
  if (config.encryptionKey && config.encryptionKey.trim() !== '') {
    return new EncryptedFileStore({ file: join(config.dataDir, 'secrets.enc'), key: parseEncryptionKey(config.encryptionKey) });
  }
  return new KeychainStore({ installId: config.installId, ...(config.serviceName ? { serviceName: config.serviceName } : {}) });
}
