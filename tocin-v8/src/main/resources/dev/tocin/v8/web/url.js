// URL and URLSearchParams from the npm package whatwg-url (the reference implementation of the
// WHATWG URL standard, with tr46 for IDNA and webidl-conversions), taken from its WebJar on the
// class path: host.source('<package>/<file>') returns a file, which this small CommonJS loader
// evaluates once.
(function (host) {
  'use strict';
  const MAIN = { 'whatwg-url': 'index.js', tr46: 'index.js', 'webidl-conversions': 'lib/index.js', punycode: 'punycode.js' };
  const cache = new Map();

  function resolve(from, specifier) {
    if (!specifier.startsWith('.')) {
      const pkg = specifier.replace(/\/$/, '');
      if (!(pkg in MAIN)) throw new Error("Cannot find module '" + specifier + "' (from " + from + ')');
      return pkg + '/' + MAIN[pkg];
    }
    const parts = from.split('/').slice(0, -1);
    for (const p of specifier.split('/')) {
      if (p === '..') parts.pop();
      else if (p !== '.') parts.push(p);
    }
    const path = parts.join('/');
    return /\.(js|json)$/.test(path) ? path : path + '.js';
  }

  function require(path) {
    let module = cache.get(path);
    if (module !== undefined) return module.exports;
    module = { exports: {} };
    cache.set(path, module);
    const source = host.source(path);
    if (path.endsWith('.json')) {
      module.exports = JSON.parse(source);
      return module.exports;
    }
    // Indirect eval in the global scope; sourceURL names the file in stack traces.
    const factory = (0, eval)('(function (exports, require, module, __filename, __dirname) {' + source
      + '\n})\n//# sourceURL=tocin:web/npm/' + path);
    factory.call(module.exports, module.exports, (s) => require(resolve(path, s)), module, path, path.replace(/\/[^/]*$/, ''));
    return module.exports;
  }

  const { URL, URLSearchParams } = require('whatwg-url/index.js');
  return { URL, URLSearchParams };
})
