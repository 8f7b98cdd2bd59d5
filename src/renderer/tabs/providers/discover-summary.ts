// What a discovery added that the router will not use yet: a cloud model outside the bundled table arrives
// switched off (a listing may hold hundreds), and one with no known price is never ranked on cost.
import type { Model } from '../../../shared/types';

export interface SwitchedOff {
  /** every model added switched off */
  count: number;
  /** those among them whose price is unknown */
  unpriced: number;
}

export function switchedOff(added: readonly Pick<Model, 'enabled' | 'price_unknown'>[]): SwitchedOff {
  const off = added.filter((m) => !m.enabled);
  return { count: off.length, unpriced: off.filter((m) => m.price_unknown).length };
}

/** The sentence under "N models added" when some arrived switched off, saying why and where to switch them on; null when none did. */
export function switchedOffNote({ count, unpriced }: SwitchedOff): string | null {
  if (count === 0) return null;
  const one = count === 1;
  const switchOn = one ? 'switch it on in the Models tab' : 'switch on the ones you want in the Models tab';
  const why = (n: number) => `because ${n === 1 ? 'its' : 'their'} price is unknown`;
  if (unpriced === 0) return `${count} switched off: ${switchOn}.`;
  if (unpriced === count) return `${count} switched off ${why(count)}: ${switchOn}, and set ${one ? 'its' : 'their'} price there.`;
  return `${count} switched off, ${unpriced} ${why(unpriced)}: ${switchOn}, and set the unknown prices there.`;
}
