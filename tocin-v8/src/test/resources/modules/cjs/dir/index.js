exports.fromIndex = true;
