// The fake Anthropic's thinking (FakeProviderOptions.thinks): a signed thinking block first in its answer when
// the request turns thinking on, and the API's 400 for a thinking block it did not sign.

export interface FakeThought { thinking: string; signature: string }

const blocksOf = (m: any): any[] => (Array.isArray(m?.content) ? m.content : []);

export function thinkingOn(body: any): boolean {
  return body?.thinking?.type === 'enabled' || body?.thinking?.type === 'adaptive';
}

/** The signatures one fake issued, and the next thought. */
export class FakeThinker {
  private readonly issued = new Set<string>();

  think(n: number, text = `Thinking about step ${n}.`): FakeThought {
    const signature = `sig_fake_${n}_${Math.random().toString(36).slice(2)}`;
    this.issued.add(signature);
    return { thinking: text, signature };
  }

  /** The API's message for the first thinking block of `messages` this fake did not sign (redacted ones it never issues). */
  foreignBlock(messages: unknown): string | undefined {
    if (!Array.isArray(messages)) return undefined;
    for (const [i, m] of messages.entries()) {
      for (const [j, b] of blocksOf(m).entries()) {
        if (b?.type === 'redacted_thinking' || (b?.type === 'thinking' && !this.issued.has(b.signature))) {
          return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
        }
      }
    }
    return undefined;
  }
}
