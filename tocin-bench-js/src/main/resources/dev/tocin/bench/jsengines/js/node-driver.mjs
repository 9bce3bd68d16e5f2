// Runs one js-engines measurement in Node (a child process of the Java suite) and prints
// one JSON line. Timing mirrors the Java side (Budget.time): warm up in windows for at least
// warmupMs while a window is still 5% faster than the one before, up to maxWarmupMs; then
// run for at least measureMs and minRuns runs.
//   node node-driver.mjs compute <module.mjs> <size> <warmupMs> <maxWarmupMs> <windowMs> <measureMs> <minRuns>
//   node node-driver.mjs load <entry.mjs>
import { pathToFileURL } from 'node:url';

const [mode, file, ...rest] = process.argv.slice(2);
if (mode === 'compute') {
  const { run } = await import(pathToFileURL(file).href);
  const [size, warmupMs, maxWarmupMs, windowMs, measureMs, minRuns] = rest.map(Number);
  let result;
  let start = performance.now();
  let previous = Infinity;
  for (;;) {
    const windowStart = performance.now();
    let n = 0;
    do {
      result = run(size);
      n++;
    } while (performance.now() - windowStart < windowMs);
    const perRun = (performance.now() - windowStart) / n;
    const warmed = performance.now() - start;
    const improving = perRun < 0.95 * previous;
    previous = perRun;
    if (warmed >= maxWarmupMs || (warmed >= warmupMs && !improving)) break;
  }
  let runs = 0;
  let elapsed;
  start = performance.now();
  do {
    result = run(size);
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < measureMs || runs < minRuns);
  console.log(JSON.stringify({ result: String(result), ms: elapsed / runs }));
} else if (mode === 'load') {
  const start = performance.now();
  const ns = await import(pathToFileURL(file).href);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ result: String(ns.summary()), ms }));
} else {
  console.error(`node-driver: unknown mode ${mode}`);
  process.exit(2);
}
