// Runs the same WPT files through harness.js in Node, for the comparison in docs/conformance.md:
//   node tocin-v8/src/test/resources/dev/tocin/v8/web/wpt/node-run.js
const fs = require('fs');
const path = require('path');
const read = (f) => fs.readFileSync(path.join(__dirname, f), 'utf8');
(0, eval)(read('harness.js'));
const scripts = {};
for (const f of ['textdecoder-streaming.any.js', 'textdecoder-eof.any.js', 'encodeInto.any.js']) scripts[f] = read(f);
const results = wptRun({ urltestdata: read('urltestdata.json'), setters: read('setters_tests.json'), base64: read('base64.json'), scripts });
for (const [name, r] of Object.entries(results)) console.log(`${name}: ${r.passed} passed, ${r.failed} failed`);
console.log(process.version);
