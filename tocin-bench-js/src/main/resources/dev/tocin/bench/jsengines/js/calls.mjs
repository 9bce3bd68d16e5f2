// Call-overhead workloads: what crosses the Java/JS boundary, per call or per batch.

/** The smallest useful call: Java calls it once per pair. */
export function add(a, b) {
  return a + b;
}

/**
 * The batch form: one hop carries many pairs, [a0, b0, a1, b1, ...] (an Int32Array, or a Java
 * int[] on GraalJS), and returns their sums as an Int32Array.
 */
export function addPairs(pairs) {
  const n = pairs.length >> 1;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = pairs[2 * i] + pairs[2 * i + 1];
  return out;
}

/** The loop moved into JS: one call from Java, {@code n} calls of add inside JS. */
export function addInJs(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s = add(s, i & 7);
  return s;
}

/** JS calling Java {@code n} times: the host registers javaAdd(a, b) as a global. */
export function callJava(n) {
  const javaAdd = globalThis.javaAdd;
  let s = 0;
  for (let i = 0; i < n; i++) s = javaAdd(s, 1);
  return s;
}
