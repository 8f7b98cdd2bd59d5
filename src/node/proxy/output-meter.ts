// The output of a relayed stream, for estimating its tokens when the provider reports none. The
// estimate counts a text exactly only while it fits the exact budget, and past it at chars/4 without
// reading it (core/tokens.ts), so the text is kept only that far and the rest is counted: a long
// answer is not held in memory until its end for an estimate that needs its length.
import { EXACT_TOKENIZE_BUDGET_BYTES } from '../../core/tokens';
import { estimateOutputTokens } from '../tokens';

export class OutputMeter {
  private pieces: string[] = [];
  private chars = 0;
  /** of `chars`, those added by length alone */
  private lengthOnly = 0;
  private estimated: number | undefined;

  add(text: string): void {
    this.estimated = undefined;
    this.chars += text.length;
    if (this.chars <= EXACT_TOKENIZE_BUDGET_BYTES) this.pieces.push(text);
    else if (this.pieces.length > 0) this.pieces = [];
  }

  /**
   * Text known by its length alone (forwarded-meter.ts): counted at chars/4, as the text past the budget
   * is; within it, added to the exact count of the pieces.
   */
  addLength(chars: number): void {
    this.estimated = undefined;
    this.chars += chars;
    this.lengthOnly += chars;
    if (this.chars > EXACT_TOKENIZE_BUDGET_BYTES) this.pieces = [];
  }

  /** The characters measured so far. */
  get measuredChars(): number {
    return this.chars;
  }

  /** What estimateOutputTokens gives for the whole text. */
  estimate(): number {
    this.estimated ??= this.chars <= EXACT_TOKENIZE_BUDGET_BYTES
      ? estimateOutputTokens(this.pieces.join('')) + Math.ceil(this.lengthOnly / 4)
      : Math.ceil(this.chars / 4);
    return this.estimated;
  }
}
