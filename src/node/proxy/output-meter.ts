// The output of a relayed stream, for estimating its tokens when the provider reports none. The
// estimate counts a text exactly only while it fits the exact budget, and past it at chars/4 without
// reading it (core/tokens.ts), so the text is kept only that far and the rest is counted: a long
// answer is not held in memory until its end for an estimate that needs its length.
import { EXACT_TOKENIZE_BUDGET_BYTES } from '../../core/tokens';
import { estimateOutputTokens } from '../tokens';

export class OutputMeter {
  private pieces: string[] = [];
  private chars = 0;
  private estimated: number | undefined;

  add(text: string): void {
    this.estimated = undefined;
    this.chars += text.length;
    if (this.chars <= EXACT_TOKENIZE_BUDGET_BYTES) this.pieces.push(text);
    else if (this.pieces.length > 0) this.pieces = [];
  }

  /**
   * What `other` measured, as if its texts were added here one by one after what this has: its pieces
   * while it kept them; past the budget its length alone, as this total is then past it too.
   */
  addMeter(other: OutputMeter): void {
    if (other.chars <= EXACT_TOKENIZE_BUDGET_BYTES) {
      for (const p of other.pieces) this.add(p);
      return;
    }
    this.estimated = undefined;
    this.chars += other.chars;
    this.pieces = [];
  }

  /** The characters measured so far. */
  get measuredChars(): number {
    return this.chars;
  }

  /** What estimateOutputTokens gives for the whole text. */
  estimate(): number {
    this.estimated ??= this.chars <= EXACT_TOKENIZE_BUDGET_BYTES ? estimateOutputTokens(this.pieces.join('')) : Math.ceil(this.chars / 4);
    return this.estimated;
  }
}
