// Run from the repository root:  ./tocin run examples/cli/app.mjs Ada Grace
// mustache comes from npm (examples/cli/node_modules, see package.json; its package.json
// "exports" maps the "import" condition to mustache.mjs). The rest is plain JavaScript on V8:
// no Node built-ins, the arguments arrive as tocin.args (under Node, which has process.argv
// instead, the same file runs too).
import Mustache from 'mustache';
import { summary } from './summary.mjs';

const args = globalThis.tocin ? tocin.args : globalThis.process.argv.slice(2);
const names = args.length > 0 ? args : ['World'];

const template = '{{#people}}Hello, {{name}}!{{#last}} (last){{/last}}\n{{/people}}';
const people = names.map((name, i) => ({ name, last: i === names.length - 1 }));
printLines(Mustache.render(template, { people }));

// The loop stays alive while a timer is pending, as in Node.
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(summary(import.meta.url, names.length));

function printLines(text) {
  for (const line of text.trimEnd().split('\n')) {
    console.log(line);
  }
}
