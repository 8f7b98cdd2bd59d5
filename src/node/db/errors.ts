// Database errors with a kind the app can act on (refuse to start, tell the user which build to run).

export class DatabaseFromFutureError extends Error {
  readonly kind = 'schema-too-new';
  readonly fileVersion: number;
  readonly knownVersion: number;
  constructor(file: string, fileVersion: number, knownVersion: number) {
    super(
      `this database was written by a newer Switchboard (schema ${fileVersion}, this build knows ${knownVersion}); ` +
        `it was left untouched: ${file}`,
    );
    this.name = 'DatabaseFromFutureError';
    this.fileVersion = fileVersion;
    this.knownVersion = knownVersion;
  }
}

export class MigrationError extends Error {
  readonly kind = 'migration-failed';
  constructor(version: number, name: string, cause: unknown) {
    super(`migration ${version} (${name}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

/** Any failure opening the database at start, with the path and the cause in one sentence. */
export class DatabaseOpenError extends Error {
  readonly kind = 'open-failed';
  constructor(readonly file: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`cannot open the database ${file}: ${why}${typeof code === 'string' && !why.includes(code) ? ` (${code})` : ''}`, { cause });
    this.name = 'DatabaseOpenError';
  }
}
