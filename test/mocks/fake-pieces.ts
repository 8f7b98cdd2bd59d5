// The pieces every fake streams an answer in: its text in `chunks` near-equal parts, a tool call's
// arguments in three fragments, as models stream them.

/** Splits text into at most `n` pieces of near-equal length (one empty piece for empty text). */
export function splitText(text: string, n: number): string[] {
  const count = Math.max(1, Math.min(n, text.length));
  const size = Math.ceil(text.length / count);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/** Splits JSON arguments into exactly three fragments. */
export function argumentFragments(args: string): string[] {
  const a = Math.floor(args.length / 3);
  const b = Math.floor((2 * args.length) / 3);
  return [args.slice(0, a), args.slice(a, b), args.slice(b)];
}
