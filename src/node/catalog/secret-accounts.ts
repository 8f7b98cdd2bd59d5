// Secret store account names. The keychain store prefixes them with the install id.

export const providerAccount = (providerId: string): string => `provider/${providerId}`;
export const byokAccount = (userId: string, providerId: string): string => `byok/${userId}/${providerId}`;
