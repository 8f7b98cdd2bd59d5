// Tests import the recorded SSE streams in test/fixtures as text (Vite's `?raw`): core code may
// not touch node:fs, its tests included.
declare module '*.chunks.txt?raw' {
  const text: string;
  export default text;
}
