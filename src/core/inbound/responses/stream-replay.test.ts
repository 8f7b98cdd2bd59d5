import { describe, expect, it } from 'vitest';
import { replayResponseEvents } from './stream-replay';

const parse = (sse: string): any[] => sse.split('\n\n').filter(Boolean).map((block) => {
  const [event, data] = block.split('\n');
  const json = JSON.parse(data!.slice('data: '.length));
  expect(event).toBe(`event: ${json.type}`);
  return json;
});

const response = {
  id: 'resp_1', object: 'response', status: 'completed', model: 'm', usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
  output: [
    { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'hm' }], encrypted_content: 'gAAA' },
    { id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi Ada', annotations: [] }] },
    { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'f', arguments: '{"a":1}' },
  ],
};

describe('replayResponseEvents (GET /v1/responses/{id}?stream=true of a response kept here)', () => {
  it('replays the typed events that build the response, numbered from 0, ending with the whole response', () => {
    const events = parse(replayResponseEvents(response));
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.type)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    expect(events[0].response).toMatchObject({ id: 'resp_1', status: 'in_progress', output: [], usage: null });
    expect(events[4].item).toMatchObject({ id: 'msg_1', status: 'in_progress', content: [] });
    expect(events[6]).toMatchObject({ item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'Hi Ada' });
    expect(events[11]).toMatchObject({ item_id: 'fc_1', output_index: 2, delta: '{"a":1}' });
    expect(events.at(-1).response).toEqual(response);
  });

  it('leaves out the events up to starting_after', () => {
    const events = parse(replayResponseEvents(response, 12));
    expect(events.map((e) => e.sequence_number)).toEqual([13, 14]);
  });

  it('ends as the response ended: incomplete, failed (a cancelled one too, having no event of its own)', () => {
    expect(parse(replayResponseEvents({ ...response, status: 'incomplete' })).at(-1).type).toBe('response.incomplete');
    expect(parse(replayResponseEvents({ ...response, status: 'failed', output: [] })).map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(parse(replayResponseEvents({ ...response, status: 'cancelled' })).at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'cancelled' } });
  });

  it('replays a refusal', () => {
    const refused = { ...response, output: [{ id: 'msg_2', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] }] };
    const events = parse(replayResponseEvents(refused));
    expect(events.map((e) => e.type).slice(3, 7)).toEqual(['response.content_part.added', 'response.refusal.delta', 'response.refusal.done', 'response.content_part.done']);
    expect(events[3].part).toEqual({ type: 'refusal', refusal: '' });
  });
});
