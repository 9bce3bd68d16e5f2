exports.done = false;
const b = require('./cycle-b.cjs');
exports.sawB = b.done;
exports.done = true;
