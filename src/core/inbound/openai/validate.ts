// Small checks shared by the OpenAI request parsers; each throws RequestValidationError naming the param.
import { RequestValidationError } from '../../canonical';

export function invalid(message: string, param?: string): never {
  throw new RequestValidationError(message, param);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function invalidType(param: string, expected: string, got: unknown): never {
  return invalid(`Invalid type for '${param}': expected ${expected}, but got ${describe(got)}.`, param);
}

/** absent and null both mean "not given", as in the OpenAI API */
export function isAbsent(v: unknown): v is undefined | null {
  return v === undefined || v === null;
}

export function optionalNumber(v: unknown, param: string, min: number, max: number): number | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) return invalidType(param, 'a number', v);
  if (v < min || v > max) invalid(`Invalid '${param}': ${v} is out of range; expected a value from ${min} to ${max}.`, param);
  return v;
}

export function optionalPositiveInteger(v: unknown, param: string): number | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) return invalidType(param, 'an integer', v);
  if (!Number.isInteger(v) || v < 1) invalid(`Invalid '${param}': expected a positive integer, but got ${v}.`, param);
  return v;
}

export function optionalBoolean(v: unknown, param: string): boolean | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v !== 'boolean') return invalidType(param, 'a boolean', v);
  return v;
}

export function optionalString(v: unknown, param: string): string | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v !== 'string') return invalidType(param, 'a string', v);
  return v;
}

export function requiredString(v: unknown, param: string): string {
  if (typeof v !== 'string') {
    if (v === undefined) invalid(`Missing required parameter: '${param}'.`, param);
    return invalidType(param, 'a string', v);
  }
  return v;
}
