exports.before = 1;

throw new Error('boom from commonjs');
