module.exports = require('./missing-inner.cjs');
