// Reusable numeric buffers for the router's hot path. Allocating a typed array of a few KB costs
// microseconds (its backing store lives off the JS heap), and a route used ten of them. Routing is
// synchronous and never re-entered, so one set of buffers per module is safe; each is grown to the
// largest catalog seen and only the first n entries of a call are meaningful.

export function growF64(buf: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

export function growI32(buf: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  return buf.length >= n ? buf : new Int32Array(Math.max(n, buf.length * 2));
}

export function growU32(buf: Uint32Array<ArrayBuffer>, n: number): Uint32Array<ArrayBuffer> {
  return buf.length >= n ? buf : new Uint32Array(Math.max(n, buf.length * 2));
}
