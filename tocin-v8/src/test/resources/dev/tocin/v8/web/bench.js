// Throughput of the web globals, the same file in Tocin and Node (run on a quiet machine):
//   ./tocin run tocin-v8/src/test/resources/dev/tocin/v8/web/bench.js
//   node tocin-v8/src/test/resources/dev/tocin/v8/web/bench.js
// Prints the median of 7 timed runs (after 3 warm-up runs) per operation.
function median(fn) {
  for (let i = 0; i < 3; i++) fn();
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[3].toFixed(2) + ' ms';
}
const text = 'Tocin ünïcödé € 😀 '.repeat(1 << 16).slice(0, 1 << 20); // 1 Mi UTF-16 units, mixed widths
const ascii = 'a'.repeat(1 << 20);
const bytes = new TextEncoder().encode(text);
let sink = 0;
console.log('TextEncoder.encode 1 MB ascii: ' + median(() => { sink += new TextEncoder().encode(ascii).length; }));
console.log('TextEncoder.encode 1 Mi units mixed: ' + median(() => { sink += new TextEncoder().encode(text).length; }));
console.log('TextDecoder.decode ' + bytes.length + ' bytes: ' + median(() => { sink += new TextDecoder().decode(bytes).length; }));
console.log('new URL() x 100k: ' + median(() => {
  for (let i = 0; i < 100000; i++) sink += new URL('/p/' + i + '?q=' + i, 'https://example.com/base/').href.length;
}));
console.log('crypto.randomUUID() x 100k: ' + median(() => { for (let i = 0; i < 100000; i++) sink += crypto.randomUUID().length; }));
console.log(sink > 0 ? '' : 'unexpected');
