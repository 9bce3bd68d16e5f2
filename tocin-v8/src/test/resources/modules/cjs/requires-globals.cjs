module.exports = require('./globals-copy.cjs');
