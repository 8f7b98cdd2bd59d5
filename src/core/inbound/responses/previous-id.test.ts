import { describe, expect, it } from 'vitest';
import { restorePreviousId } from './previous-id';

describe('restorePreviousId', () => {
  const r = restorePreviousId('resp_"ada"');

  it('gives a forwarded JSON answer, compact or pretty-printed (as OpenAI writes it), the id back', () => {
    expect(JSON.parse(r.body('{"id":"resp_2","output":[],"previous_response_id":null,"usage":null}')).previous_response_id).toBe('resp_"ada"');
    const pretty = JSON.stringify({ id: 'resp_2', instructions: 'say \\"previous_response_id\\": null', previous_response_id: null }, null, 2);
    expect(JSON.parse(r.body(pretty))).toMatchObject({ instructions: 'say \\"previous_response_id\\": null', previous_response_id: 'resp_"ada"' });
  });

  it('leaves an answer that names another id, or none, as it came', () => {
    const other = '{"id":"resp_2","previous_response_id":"resp_1"}';
    expect(r.body(other)).toBe(other);
    expect(r.body('{"id":"resp_2"}')).toBe('{"id":"resp_2"}');
  });

  it('rewrites the events that carry the response object, and no other', () => {
    for (const type of ['response.created', 'response.in_progress', 'response.completed', 'response.incomplete', 'response.failed']) {
      const data = `{"type":"${type}","sequence_number":0,"response":{"id":"resp_2","previous_response_id":null}}`;
      expect(JSON.parse(r.event(data)).response.previous_response_id).toBe('resp_"ada"');
    }
    const delta = '{"type":"response.output_text.delta","delta":"\\"previous_response_id\\":null"}';
    expect(r.event(delta)).toBe(delta);
  });
});
