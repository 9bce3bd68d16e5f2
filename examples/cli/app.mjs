// Run from the repository root:  ./tocin run examples/cli/app.mjs hello-world foo_bar
// camelcase comes from npm (examples/cli/node_modules, see package.json); the rest is plain
// JavaScript on V8: no Node built-ins, the arguments arrive as tocin.args (under Node, which
// has process.argv instead, the same file runs too).
import camelCase from 'camelcase';
import { summary } from './summary.mjs';

const args = globalThis.tocin ? tocin.args : globalThis.process.argv.slice(2);
const words = args.length > 0 ? args : ['hello-world', 'tocin_runs_npm_packages'];
for (const word of words) {
  console.log(`${word} -> ${camelCase(word)} / ${camelCase(word, { pascalCase: true })}`);
}

// The loop stays alive while a timer is pending, as in Node.
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(summary(import.meta.url, words.length));
