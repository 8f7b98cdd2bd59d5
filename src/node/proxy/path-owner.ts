// Which part of the server a path belongs to goes by its first segment, leading slashes as one.

/**
 * The path with its leading slashes as one: `//v1/x` belongs to the proxy and `//api/x` to the admin API, each
 * given the path as sent, which no endpoint of theirs has (their own 404, in the client's error shape).
 */
export const ownerPrefix = (path: string): string => (path.startsWith('//') ? path.replace(/^\/+/, '/') : path);
