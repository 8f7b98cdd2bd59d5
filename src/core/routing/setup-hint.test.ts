import { describe, expect, it } from 'vitest';
import { MISSING_CAPABILITY, REASON } from './eligibility';
import { noCandidateMessage, setupHint } from './setup-hint';

describe('setupHint', () => {
  it('says what to do when nothing is set up: no key, nothing running, nothing enabled', () => {
    const excluded = [
      { model: 'openai/gpt-4.1-mini', ...REASON.providerDisabled },
      { model: 'anthropic/claude', ...REASON.noKey },
      { model: 'ollama/llama3.2', ...REASON.notRunning },
    ];
    expect(setupHint(excluded)).toMatch(/Providers tab/);
    expect(setupHint(excluded)).toMatch(/Ollama/);
    expect(setupHint([])).not.toBeNull();
    expect(noCandidateMessage('no model can serve this request (x)', excluded))
      .toMatch(/^No model can serve this request: no provider is ready yet\. Add a provider key .* Details: no model can serve this request \(x\)$/);
  });

  it('stays out of the way when models exist but this request does not fit them', () => {
    const excluded = [{ model: 'ollama/llama3.2', ...REASON.notRunning }, { model: 'openai/gpt', ...MISSING_CAPABILITY.vision! }];
    expect(setupHint(excluded)).toBeNull();
    expect(noCandidateMessage('plain', excluded)).toBe('plain');
  });
});
