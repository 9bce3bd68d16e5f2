exports.ok = 1;
exports.bad = ;
