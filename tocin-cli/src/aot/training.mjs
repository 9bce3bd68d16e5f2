// The launcher's AOT training run (tocin-cli/src/aot): a small program that takes the
// paths a typical `tocin run` takes (module graph, console, timers, promises, args), so
// that the classes they load are in the JVM's AOT cache.
import { greet } from './greet.mjs';

const data = JSON.parse('{"names":["Ada","Grace"]}');
for (const name of data.names) {
  console.log(greet(name), tocin.args.length);
}
console.error('training: stderr');
await new Promise((resolve) => setTimeout(resolve, 1));
const later = await import('./greet.mjs');
console.log(later.greet('again'), import.meta.url.endsWith('training.mjs'));
queueMicrotask(() => { tocin.exitCode = 0; });
