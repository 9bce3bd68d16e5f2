module.exports = require('browser-main');
