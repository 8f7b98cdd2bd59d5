// A data dir Switchboard refuses to run on, with the path, the cause and the way out in one message.

export type DataDirProblem = 'cannot-create' | 'not-a-directory' | 'not-writable' | 'disk-full' | 'foreign-owner' | 'open-permissions' | 'symlink' | 'in-use';

export class DataDirError extends Error {
  readonly kind = 'data-dir';
  constructor(readonly problem: DataDirProblem, readonly path: string, cause: string, readonly fix: string) {
    super(`${cause}: ${path}. ${fix}`);
    this.name = 'DataDirError';
  }
}
