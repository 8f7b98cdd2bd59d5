import { describe, expect, it } from 'vitest';
import type { Provider } from '../../../shared/types';
import { errorSlot } from '../../lib/errors';
import { buildPatch, checkForm, shownFields, suggestedId, type FormState } from './provider-dialog';

const form = (over: Partial<FormState> = {}): FormState => ({
  id: '', name: 'My OpenAI', type: 'openai', base_url: '', api_key: '', keyAction: 'replace', priority: '0', enabled: true,
  enabledTouched: false, ...over,
});
const provider = { id: 'openai', name: 'OpenAI', type: 'openai', base_url: 'https://api.openai.com/v1', enabled: false, priority: 0, has_key: false } as Provider;

describe('provider form', () => {
  it('reports every problem at once, in words rather than the browser\'s', () => {
    const errors = checkForm(form({ name: ' ', id: 'Bad Id', base_url: 'api.example.com/v1', priority: 'high' }), true);
    expect(Object.keys(errors).sort()).toEqual(['base_url', 'id', 'name', 'priority']);
    expect(errors.base_url).toBe('Base URL must be an absolute http(s) URL, such as https://api.openai.com/v1');
    expect(checkForm(form({ base_url: 'http://127.0.0.1:11434/v1' }), true)).toEqual({});
  });

  it('suggests the id the name gives, so a clash can be resolved in the dialog', () => {
    expect(suggestedId(form({ name: 'My OpenAI (work)' }))).toBe('my-openai-work');
    expect(suggestedId(form({ name: '!!!', type: 'groq' }))).toBe('groq');
  });

  it('sends Enabled with a new key, so what the dialog shows is what is saved', () => {
    expect(buildPatch(provider, form({ name: 'OpenAI', api_key: 'sk-new', enabled: false }), '', 0)).toEqual({ api_key: 'sk-new', enabled: false });
    expect(buildPatch(provider, form({ name: 'OpenAI', api_key: 'sk-new', enabled: true }), '', 0)).toEqual({ api_key: 'sk-new', enabled: true });
    expect(buildPatch(provider, form({ name: 'OpenAI', enabled: false }), '', 0)).toEqual({});
  });

  it('sends the type\'s default URL when Base URL is emptied on a provider that has another one', () => {
    const moved = { ...provider, base_url: 'https://proxy.example.com/v1' };
    expect(buildPatch(moved, form({ name: 'OpenAI', enabled: false }), '', 0)).toEqual({ base_url: 'https://api.openai.com/v1' });
    // already the default: nothing to send
    expect(buildPatch(provider, form({ name: 'OpenAI', enabled: false }), '', 0)).toEqual({});
    // a new type with the field emptied: the new type's default
    expect(buildPatch(moved, form({ name: 'OpenAI', type: 'groq', enabled: false }), '', 0)).toEqual({ type: 'groq', base_url: 'https://api.groq.com/openai/v1' });
    expect(buildPatch(moved, form({ name: 'OpenAI', enabled: false }), 'https://other.example.com/v1', 0)).toEqual({ base_url: 'https://other.example.com/v1' });
  });

  it('shows a server error beside its field only when the dialog renders that field, else in the form box', () => {
    const stored = { ...provider, has_key: true, key_source: 'stored' } as Provider;
    // Edit has no Id field: a name error is the name's own, an id error goes to the box
    expect(errorSlot('name', shownFields(stored, form({ keyAction: 'keep' })))).toBe('name');
    expect(errorSlot('id', shownFields(stored, form({ keyAction: 'keep' })))).toBe('form');
    expect(errorSlot('id', shownFields(null, form()))).toBe('id');
    // a kept key shows its mask, not the input: its error goes to the box too
    expect(errorSlot('api_key', shownFields(stored, form({ keyAction: 'remove' })))).toBe('form');
    expect(errorSlot('api_key', shownFields(stored, form({ keyAction: 'replace' })))).toBe('api_key');
    expect(errorSlot('type', shownFields(null, form()))).toBe('form');
    expect(errorSlot(undefined, shownFields(null, form()))).toBe('form');
  });
});

describe('provider priority', () => {
  it('is a whole number typed in decimal: 0x10 is refused, not read as 16', () => {
    expect(checkForm(form({ priority: '0x10' }), true)).toEqual({ priority: 'A whole number' });
    expect(checkForm(form({ priority: ' ' }), true)).toEqual({ priority: 'A whole number' });
    expect(checkForm(form({ priority: '-2' }), true)).toEqual({});
  });
});
