// Where a key goes: scheme, host and port (a path does not change who receives it).

/** The URL's origin; an unparsable URL is its own origin. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
