// V8's regular expressions keep one backtrack entry per repetition of an open-ended quantifier, and
// the backtrack stack overflows (RangeError: Maximum call stack size exceeded) after a few million:
// a prompt holding a long run of a key's alphabet threw where it should have been answered. So the
// patterns here cap their quantifiers, and where the whole run matters it is read on in code.

/**
 * The end of the run that starts at `from`, read in capped chunks: `chunk` is a sticky pattern for
 * one bounded stretch of the run's characters that never matches empty, e.g. /[a-z]{1,4096}/y.
 */
export function runEnd(text: string, from: number, chunk: RegExp): number {
  let end = from;
  for (;;) {
    chunk.lastIndex = end;
    if (!chunk.test(text) || chunk.lastIndex === end) return end;
    end = chunk.lastIndex;
  }
}

/** What the guards do when a scan gives up anyway: the engine's stack, not a verdict on the text. */
export const isRegexOverflow = (e: unknown): boolean => e instanceof RangeError;
