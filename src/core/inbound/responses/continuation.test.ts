import { describe, expect, it } from 'vitest';
import { continueElsewhere, continueFrom, inputItemsOf, turnCuts, withoutOldestTurns } from './continuation';

describe('continueFrom (previous_response_id served by the proxy)', () => {
  const prior = {
    inputItems: [{ role: 'user', content: 'My name is Ada.' }],
    output: [
      { id: 'rs_ours00', type: 'reasoning', summary: [{ type: 'summary_text', text: 'greeting' }] },
      { id: 'msg_ours01', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi Ada', annotations: [] }] },
      { id: 'fc_ours02', type: 'function_call', status: 'completed', call_id: 'toolu_1', name: 'f', arguments: '{}' },
    ],
  };

  it('puts the stored conversation before the new input, without ids OpenAI never issued or reasoning it cannot read', () => {
    const body = continueFrom({ ...prior, native: false }, { model: 'm', previous_response_id: 'resp_1', input: 'What is my name?', instructions: 'new' });
    expect(body).toEqual({
      model: 'm', instructions: 'new',
      input: [
        { role: 'user', content: 'My name is Ada.' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi Ada', annotations: [] }] },
        { type: 'function_call', call_id: 'toolu_1', name: 'f', arguments: '{}' },
        { role: 'user', content: 'What is my name?' },
      ],
    });
  });

  it("keeps a Responses upstream's own items as they are (encrypted reasoning included)", () => {
    const native = [{ id: 'rs_1', type: 'reasoning', summary: [], encrypted_content: 'gAAA' }, { id: 'msg_1', type: 'message', role: 'assistant', content: [] }];
    expect(continueFrom({ inputItems: [], output: native, native: true }, { model: 'm', input: [] }).input).toEqual(native);
    // one of ours with an encrypted part (a client's own reasoning item echoed back) stays whole: reasoning needs its id
    const ours = continueFrom({ inputItems: [], output: [native[0]], native: false }, { model: 'm' }).input as unknown[];
    expect(ours).toEqual([native[0]]);
  });

  it('reads a string input as one user message, and no input as none', () => {
    expect(inputItemsOf({ input: 'hi' })).toEqual([{ role: 'user', content: 'hi' }]);
    expect(inputItemsOf({})).toEqual([]);
  });
});

describe('continueElsewhere', () => {
  const held = { id: 'rs_a1', type: 'reasoning', summary: [] };
  const carried = { id: 'rs_a2', type: 'reasoning', summary: [], encrypted_content: 'gAAAA' };
  const prior = {
    inputItems: [{ role: 'user', content: 'hi' }, held, { id: 'msg_a0', type: 'message', role: 'assistant', content: [] }],
    output: [{ ...held, id: 'rs_a3' }, carried, { id: 'msg_a4', type: 'message', status: 'completed', role: 'assistant', content: [] }],
    native: true,
  };

  it('leaves out every reasoning item of the turns before, held by id or encrypted (earlier turns and the answer), and the answer loses its ids', () => {
    const { body, droppedReasoning } = continueElsewhere(prior, { model: 'm', previous_response_id: 'resp_1', input: 'next' });
    expect(droppedReasoning).toBe(true);
    expect(body).toEqual({
      model: 'm',
      input: [
        { role: 'user', content: 'hi' }, { id: 'msg_a0', type: 'message', role: 'assistant', content: [] },
        { type: 'message', role: 'assistant', content: [] }, { role: 'user', content: 'next' },
      ],
    });
  });

  it("leaves out encrypted reasoning alone too (only the key that made it reads it), and names it; the client's new input stays", () => {
    const { body, droppedReasoning } = continueElsewhere({ inputItems: [carried], output: [{ ...carried, id: 'rs_a5' }], native: true }, { input: [carried] });
    expect(droppedReasoning).toBe(true);
    expect(body.input).toEqual([carried]);
  });

  it('says nothing was dropped when there was no reasoning', () => {
    expect(continueElsewhere({ inputItems: [{ role: 'user', content: 'hi' }], output: [{ type: 'message', role: 'assistant', content: [] }], native: true }, { input: 'x' }).droppedReasoning).toBe(false);
  });
});

describe('turnCuts and withoutOldestTurns (truncation auto on a conversation kept here)', () => {
  const user = (text: string) => ({ role: 'user', content: text });
  const call = { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' };
  const result = { type: 'function_call_output', call_id: 'c1', output: '42' };
  const prior = {
    inputItems: [{ role: 'developer', content: 'Be terse.' }, user('one'), { role: 'assistant', content: 'a1' }, user('two'), call, result, { role: 'assistant', content: 'a2' }, user('three')],
    output: [{ type: 'function_call', call_id: 'c2', name: 'f', arguments: '{}' }],
    native: false,
  };

  it('cuts only where a user turn begins; all of it only when the new input begins a turn of its own', () => {
    expect(turnCuts(prior, { input: 'four' })).toEqual([3, 7, 8]);
    // the new input is the output of the stored answer's call: that turn stays with it
    expect(turnCuts(prior, { input: [{ type: 'function_call_output', call_id: 'c2', output: 'x' }] })).toEqual([3, 7]);
  });

  it('leaves the instructions and never splits a call from its output', () => {
    const { prior: cut, leftOut } = withoutOldestTurns(prior, 7);
    expect(cut.inputItems).toEqual([{ role: 'developer', content: 'Be terse.' }, user('three')]);
    expect(cut.output).toBe(prior.output);
    expect(leftOut).toBe(6);
    const all = withoutOldestTurns(prior, 8);
    expect(all.prior.inputItems).toEqual([{ role: 'developer', content: 'Be terse.' }]);
    expect(all.prior.output).toEqual([]);
    expect(all.leftOut).toBe(8);
  });
});

describe('turnCuts never parts a call from its output, nor reasoning from the item after it', () => {
  const user = (text: string) => ({ role: 'user', content: text });
  const assistant = (text: string) => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
  const reasoning = { type: 'reasoning', id: 'rs_1', encrypted_content: 'x', summary: [] };

  it('a user note between a call and its output, and a new input answering the stored call (before: [3, 6])', () => {
    const prior = {
      inputItems: [user('q1'), reasoning, { type: 'function_call', call_id: 'c1', name: 'sh', arguments: '{}' }, user('note: also check X'), { type: 'function_call_output', call_id: 'c1', output: 'done' }, assistant('a1')],
      output: [{ type: 'function_call', call_id: 'c2', name: 'sh', arguments: '{}' }],
      native: false,
    };
    // 3 keeps c1's output without its call; 6 leaves out c2's call, its output in the new input kept
    expect(turnCuts(prior, { input: [user('hmm'), { type: 'function_call_output', call_id: 'c2', output: 'x' }] })).toEqual([]);
    // a new input that answers nothing stored: all may go, not 3
    expect(turnCuts(prior, { input: [user('hmm')] })).toEqual([6]);
  });

  it('custom tool calls and client tool searches pair by call_id as function calls do', () => {
    const prior = {
      inputItems: [
        user('q1'), { type: 'custom_tool_call', call_id: 'k1', name: 'patch', input: 'x' }, user('wait'), { type: 'custom_tool_call_output', call_id: 'k1', output: 'ok' },
        user('q2'), { type: 'tool_search_call', call_id: 's1', execution: 'client', arguments: {} }, user('hm'), { type: 'tool_search_output', call_id: 's1', execution: 'client', tools: [] },
        user('q3'),
      ],
      output: [assistant('a3')],
      native: false,
    };
    expect(turnCuts(prior, { input: 'q4' })).toEqual([4, 8, 9]);
  });

  it('a call id used again each turn pairs turn by turn, each output with the nearest call before it (before: [12, 13])', () => {
    const call = { type: 'function_call', call_id: 'call_0', name: 'f', arguments: '{}' };
    const output = { type: 'function_call_output', call_id: 'call_0', output: 'ok' };
    const turn = (q: string, a: string) => [user(q), call, output, assistant(a)];
    const prior = { inputItems: [...turn('q1', 'a1'), ...turn('q2', 'a2'), ...turn('q3', 'a3'), user('q4')], output: [assistant('a4')], native: false };
    expect(turnCuts(prior, { input: 'q5' })).toEqual([4, 8, 12, 13]);
    // a note between the reused call and its output still holds that turn together
    const noted = { ...prior, inputItems: [...turn('q1', 'a1'), user('q2'), call, user('note'), output, assistant('a2'), user('q3')] };
    expect(turnCuts(noted, { input: 'q4' })).toEqual([4, 9, 10]);
  });

  it('an MCP approval request and its response pair by id and approval_request_id (before: [2, 5, 6])', () => {
    const prior = {
      inputItems: [
        user('q1'), { type: 'mcp_approval_request', id: 'mcpr_1', name: 'x', server_label: 's', arguments: '{}' }, user('note'),
        { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true }, assistant('a1'), user('q2'),
      ],
      output: [assistant('a2')],
      native: false,
    };
    expect(turnCuts(prior, { input: 'q3' })).toEqual([5, 6]);
    // the stored answer asks for approval and the new input answers it: the answer stays with its response
    const asking = { ...prior, output: [{ type: 'mcp_approval_request', id: 'mcpr_2', name: 'x', server_label: 's', arguments: '{}' }] };
    expect(turnCuts(asking, { input: [user('ok'), { type: 'mcp_approval_response', approval_request_id: 'mcpr_2', approve: true }] })).toEqual([5]);
  });

  it('a reasoning item goes only with the item after it', () => {
    const prior = { inputItems: [user('q1'), assistant('a1'), reasoning, user('q2'), assistant('a2')], output: [assistant('a3')], native: true };
    // 3 would leave out the reasoning and keep q2, the item after it
    expect(turnCuts(prior, { input: 'q3' })).toEqual([5]);
    // an answer ending in reasoning: it goes only if the new input went with it, which never goes
    expect(turnCuts({ ...prior, output: [assistant('a3'), reasoning] }, { input: 'q3' })).toEqual([]);
  });
});
