const a = require('./cycle-a.cjs');
exports.sawPartialA = a.done;
exports.done = true;
