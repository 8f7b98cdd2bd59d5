// Finds the fake upstream's send stamps (`~<epoch ms>~`) in streamed bytes, whatever the framing
// around them (a proxy may re-encode the SSE events or translate Anthropic to OpenAI).

const TILDE = '~';

export class MarkerScanner {
  /** an opening `~` whose closing one has not arrived yet */
  private carry = '';

  /** Pushes arrival-minus-send (ms) of every complete stamp in `text` to `lags`; returns how many. */
  scan(text: string, arrivalWallMs: number, lags: number[]): number {
    const s = this.carry === '' ? text : this.carry + text;
    this.carry = '';
    let found = 0;
    let i = s.indexOf(TILDE);
    while (i !== -1) {
      const j = s.indexOf(TILDE, i + 1);
      if (j === -1) {
        // keep a partial stamp for the next read; a stray `~` far from a close is not one
        if (s.length - i < 24) this.carry = s.slice(i);
        break;
      }
      const sent = Number(s.slice(i + 1, j));
      if (j - i > 1 && j - i < 24 && Number.isFinite(sent)) {
        lags.push(arrivalWallMs - sent);
        found++;
        i = s.indexOf(TILDE, j + 1);
      } else {
        // not a stamp: the closing `~` may open the next one
        i = j;
      }
    }
    return found;
  }
}
