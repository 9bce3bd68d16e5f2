// Tocin's module host inside a user isolate: import(), import.meta and REPL imports call the
// Java callbacks given here. Intrinsics are captured first so user code that replaces
// Promise.prototype.then or Object.entries cannot change how import() behaves.
(function (load, resolveUrl, namespaceSync) {
  'use strict';
  var P = Promise, then = P.prototype.then, resolved = P.resolve.bind(P), rejected = P.reject.bind(P);
  var apply = Reflect.apply, entries = Object.entries, create = Object.create, define = Object.defineProperty;
  var errors = { Error: Error, TypeError: TypeError, SyntaxError: SyntaxError, ReferenceError: ReferenceError,
    RangeError: RangeError, EvalError: EvalError, URIError: URIError };

  // Java answers [0, value...] on success and [1, errorName, message] on failure.
  function fail(r) {
    var C = errors[r[1]] || Error;
    return new C(r[2]);
  }

  function isObject(v) {
    return (typeof v === 'object' && v !== null) || typeof v === 'function';
  }

  // EvaluateImportCall: ToString(specifier), then the options bag, each failure rejecting.
  // phase: undefined (evaluation), 'source' or 'defer' (import.source(), import.defer()).
  function dynamicImport(specifier, options, referrer, phase) {
    var spec, type = null;
    try {
      spec = `${specifier}`;
      if (options !== undefined) {
        if (!isObject(options)) throw new TypeError('The second argument of import() must be an object');
        var attributes = options.with;
        if (attributes !== undefined) {
          if (!isObject(attributes)) throw new TypeError("The 'with' option of import() must be an object");
          var list = entries(attributes), unsupported = null;
          for (var i = 0; i < list.length; i++) {
            if (typeof list[i][1] !== 'string') throw new TypeError('Import attribute "' + list[i][0] + '" must be a string');
            if (list[i][0] === 'type') type = list[i][1]; else unsupported = list[i][0];
          }
          if (unsupported !== null) throw new TypeError('Unsupported import attribute "' + unsupported + '"');
        }
      }
    } catch (e) {
      return rejected(e);
    }
    // The result promise is settled through its own resolving functions, never by returning a
    // promise from a reaction (that would look up `then` on it, and user code may replace it).
    return new P(function (resolve, reject) {
      apply(then, resolved(), [function () {
        try {
          var r = load(spec, referrer, type, phase === undefined ? null : phase);
          if (r[0] !== 0) throw fail(r);
          var namespace = r[2];
          apply(then, r[1], [function () { resolve(namespace); }, reject]);
        } catch (e) {
          reject(e);
        }
      }]);
    });
  }

  function meta(url, filename, dirname) {
    var m = create(null);
    m.url = url;
    if (filename !== null) {
      m.filename = filename;
      m.dirname = dirname;
    }
    m.resolve = function resolve(specifier) {
      var r = resolveUrl(`${specifier}`, url);
      if (r[0] !== 0) throw fail(r);
      return r[1];
    };
    return m;
  }

  function namespace(specifier, type) {
    var r = namespaceSync(`${specifier}`, type === undefined ? null : type);
    if (r[0] !== 0) throw fail(r);
    return r[1];
  }

  var host = { dynamicImport: dynamicImport, meta: meta, namespace: namespace };
  define(globalThis, Symbol.for('tocin.host'), { value: host, configurable: true });
  // Scripts (executeCode) have no module scope: their import() and REPL imports use these.
  define(globalThis, '$tcImp', { value: function (specifier, options) { return dynamicImport(specifier, options, null); },
    configurable: true });
  define(globalThis, '$tcNs', { value: namespace, configurable: true });
  define(globalThis, '$tcSrc', { value: function (specifier, options) { return dynamicImport(specifier, options, null, 'source'); },
    configurable: true });
  define(globalThis, '$tcDef', { value: function (specifier, options) { return dynamicImport(specifier, options, null, 'defer'); },
    configurable: true });
  return host;
})
