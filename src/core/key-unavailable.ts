// A provider has a stored key that could not be read: a locked keychain, a failing Secret Service,
// a read slower than the request could wait. Never "no key": the request must not go out keyless.
// The proxy records the attempt as `key_unavailable` and moves on to a candidate whose key it has.

export class KeyUnavailableError extends Error {
  readonly kind = 'key_unavailable' as const;

  constructor(readonly providerId: string, reason: string) {
    super(`the key of provider ${providerId} could not be read from the secret store: ${reason}`);
    this.name = 'KeyUnavailableError';
  }
}
