// When a fake calls a tool, decided once for every wire format: each fake reads from its request
// only what the rule needs (a ToolTurn) and writes the call in its own shape.
import { FAKE_TOOL_ARGS, type FakeProviderOptions, type FakeToolCall } from './types';

/** What a request says about tools, read from its own wire format. */
export interface ToolTurn {
  /** names of the tools it offers, in order */
  offered: string[];
  /** how many tool results the conversation holds */
  results: number;
  /** the text of the last user message */
  lastUserText: string;
}

const WEATHER_ARGS: Record<string, unknown> = JSON.parse(FAKE_TOOL_ARGS);

/** `options.callTool` (the first that fires) if any, else the weather rule (the first tool offered); undefined: answer with text. */
export function chooseToolCall(turn: ToolTurn, options: FakeProviderOptions): { name: string; args: string } | undefined {
  const first = turn.offered[0];
  const weather: FakeToolCall | undefined = first === undefined ? undefined : { name: first, arguments: WEATHER_ARGS, when: /weather/i };
  const scripted = options.callTool === undefined ? [] : Array.isArray(options.callTool) ? options.callTool : [options.callTool];
  const call = [...scripted, weather].find((c) => c !== undefined && fires(c, turn));
  return call && { name: call.name, args: call.argumentsText ?? JSON.stringify(call.arguments) };
}

function fires(call: FakeToolCall, turn: ToolTurn): boolean {
  return turn.results === (call.round ?? 0) && turn.offered.includes(call.name) && (call.when === undefined || call.when.test(turn.lastUserText));
}
