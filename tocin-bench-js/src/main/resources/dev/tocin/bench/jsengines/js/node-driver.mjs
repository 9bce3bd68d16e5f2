// Runs one js-engines measurement in Node (a child process of the Java suite) and prints
// one JSON line. Timing mirrors the Java side: warm up for warmupMs (at least one run),
// then run for at least measureMs and minRuns runs.
//   node node-driver.mjs compute <module.mjs> <size> <warmupMs> <measureMs> <minRuns>
//   node node-driver.mjs load <entry.mjs>
import { pathToFileURL } from 'node:url';

const [mode, file, ...rest] = process.argv.slice(2);
if (mode === 'compute') {
  const { run } = await import(pathToFileURL(file).href);
  const [size, warmupMs, measureMs, minRuns] = rest.map(Number);
  let result;
  let start = performance.now();
  do {
    result = run(size);
  } while (performance.now() - start < warmupMs);
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
