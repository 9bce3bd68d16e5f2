const x = 'x';
function y() { return 'y'; }
module.exports = { x, y, notDetected: 1 + 1 };
