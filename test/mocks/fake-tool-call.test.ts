import { describe, expect, it } from 'vitest';
import { chooseToolCall, type ToolTurn } from './fake-tool-call';
import { FAKE_TOOL_ARGS, type FakeProviderOptions } from './types';

const turn = (over: Partial<ToolTurn> = {}): ToolTurn => ({ offered: ['get_weather', 'Bash'], results: 0, lastUserText: 'hi', ...over });
const bash: FakeProviderOptions = { callTool: { name: 'Bash', arguments: { command: 'echo hi' } } };

describe('chooseToolCall: the one tool rule of every fake', () => {
  it('calls options.callTool while no tool result is in, if the tool is offered', () => {
    expect(chooseToolCall(turn(), bash)).toEqual({ name: 'Bash', args: '{"command":"echo hi"}' });
    expect(chooseToolCall(turn({ results: 1 }), bash)).toBeUndefined();
    expect(chooseToolCall(turn({ offered: ['get_weather'] }), bash)).toBeUndefined();
  });

  it('several calls go one a round: each fires when the conversation holds its round of tool results', () => {
    const two: FakeProviderOptions = { callTool: [{ name: 'get_weather', arguments: { city: 'Oslo' } }, { name: 'Bash', arguments: {}, round: 1 }] };
    expect(chooseToolCall(turn(), two)).toEqual({ name: 'get_weather', args: '{"city":"Oslo"}' });
    expect(chooseToolCall(turn({ results: 1 }), two)).toEqual({ name: 'Bash', args: '{}' });
    expect(chooseToolCall(turn({ results: 2 }), two)).toBeUndefined();
  });

  it('with `when`, only if the last user text matches', () => {
    const scripted: FakeProviderOptions = { callTool: { name: 'Bash', arguments: {}, when: /sb-roundtrip/ } };
    expect(chooseToolCall(turn(), scripted)).toBeUndefined();
    expect(chooseToolCall(turn({ lastUserText: 'run echo sb-roundtrip' }), scripted)).toEqual({ name: 'Bash', args: '{}' });
  });

  it('else calls the first tool offered when the last user text mentions weather, until a tool result is in', () => {
    expect(chooseToolCall(turn({ lastUserText: 'Weather in Paris?' }), {})).toEqual({ name: 'get_weather', args: FAKE_TOOL_ARGS });
    expect(chooseToolCall(turn({ lastUserText: 'Weather in Paris?' }), bash)).toEqual({ name: 'Bash', args: '{"command":"echo hi"}' });
    expect(chooseToolCall(turn({ lastUserText: 'weather?', results: 1 }), {})).toBeUndefined();
    expect(chooseToolCall(turn({ lastUserText: 'weather?', offered: [] }), {})).toBeUndefined();
  });
});
