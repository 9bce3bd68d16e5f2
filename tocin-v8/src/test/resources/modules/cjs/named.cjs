exports.a = 1;
exports['b'] = 'two';
module.exports.c = function c() { return 3; };
