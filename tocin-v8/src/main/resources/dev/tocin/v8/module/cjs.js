// Tocin's CommonJS loader inside a user isolate: require(), module, exports, require.cache, as
// Node's. Java resolves (with the sandbox), reads and compiles; each module body is compiled by
// V8 as a function with the parameters (exports, require, module, __filename, __dirname, and the
// import() helpers), so no
// wrapper text shifts its lines or columns.
//   resolve(request, parentFilename|null) -> [0, filename, url, kind ('cjs'|'json'|'esm'|'empty'), dirname] | [1, name, message, code]
//   compile(filename, url)                -> [0, function] | [2] (the file is an ES module) | [1, ..., location]
//   readJson(filename)                    -> [0, text] | [1, ...]
//   requireEsm(url, parentFilename|null)  -> [0, namespace] | [1, ...] | [3, thrown value]
(function (resolveFn, compileFn, readJson, requireEsm) {
  'use strict';
  const apply = Reflect.apply, create = Object.create, define = Object.defineProperty;
  const hasOwn = Object.prototype.hasOwnProperty, parse = JSON.parse, push = Array.prototype.push;
  const errors = { Error, TypeError, SyntaxError, RangeError, ReferenceError };
  const cache = create(null);
  // import() in a CommonJS body resolves against its own file, through the ES module host.
  const moduleHost = globalThis[Symbol.for('tocin.host')];
  function importers(url) {
    return [(s, o) => moduleHost.dynamicImport(s, o, url), (s, o) => moduleHost.dynamicImport(s, o, url, 'source'),
      (s, o) => moduleHost.dynamicImport(s, o, url, 'defer')];
  }
  let mainModule;

  function requireStack(parent) {
    const list = [];
    for (let m = parent; m; m = m.parent) list.push(m.filename);
    return list;
  }

  function fail(r, parent) {
    const C = errors[r[1]] || Error;
    const stack = requireStack(parent);
    const e = new C(r[2] + (stack.length ? '\nRequire stack:\n- ' + stack.join('\n- ') : ''));
    if (r[3]) e.code = r[3];
    if (stack.length) e.requireStack = stack;
    // A syntax error points at the file and position V8 reported, not at this loader.
    if (r[4]) e.stack = e.name + ': ' + e.message + '\n    at ' + r[4];
    return e;
  }

  function Module(id, dirname, parent) {
    this.id = id;
    this.path = dirname;
    this.exports = {};
    this.filename = id;
    this.loaded = false;
    this.children = [];
    this.paths = [];
    define(this, 'parent', { value: parent, writable: true, configurable: true, enumerable: false });
    if (parent) apply(push, parent.children, [this]);
  }
  Module.prototype.require = function require(id) { return requireFrom(this, id); };

  function resolveFilename(request, parent) {
    if (typeof request !== 'string') {
      throw new TypeError('The "id" argument must be of type string. Received ' + (request === null ? 'null' : typeof request));
    }
    const r = resolveFn(request, parent ? parent.filename : null);
    if (r[0] !== 0) throw fail(r, parent);
    return r;
  }

  function requireFrom(parent, request) {
    const r = resolveFilename(request, parent);
    // A package.json "browser" entry of false: an empty module, as bundlers give.
    if (r[3] === 'empty') return {};
    const cached = cache[r[1]];
    if (cached !== undefined) {
      if (parent && parent.children.indexOf(cached) < 0) apply(push, parent.children, [cached]);
      return cached.exports;
    }
    return load(r[1], r[2], r[3], r[4], parent).exports;
  }

  function loadEsm(module, url, parent) {
    const r = requireEsm(url, parent ? parent.filename : null);
    if (r[0] === 3) throw r[1];
    if (r[0] !== 0) throw fail(r, parent);
    module.exports = r[1];
    module.loaded = true;
    return module;
  }

  function load(filename, url, kind, dirname, parent, isMain) {
    const module = new Module(filename, dirname, parent);
    if (isMain) {
      module.id = '.';
      mainModule = module;
    }
    if (kind === 'esm') return loadEsm(module, url, parent);
    cache[filename] = module;
    let done = false;
    try {
      if (kind === 'json') {
        const r = readJson(filename);
        if (r[0] !== 0) throw fail(r, parent);
        try {
          module.exports = parse(r[1]);
        } catch (e) {
          e.message = filename + ': ' + e.message;
          throw e;
        }
      } else {
        const c = compileFn(filename, url);
        if (c[0] === 2) {
          delete cache[filename];
          done = true;
          return loadEsm(module, url, parent);
        }
        if (c[0] !== 0) throw fail(c, parent);
        apply(c[1], module.exports, [module.exports, makeRequire(module), module, filename, dirname, ...importers(url)]);
      }
      done = true;
    } finally {
      if (!done) delete cache[filename];
    }
    module.loaded = true;
    return module;
  }

  function makeRequire(module) {
    const require = function require(id) { return requireFrom(module, id); };
    const resolve = function resolve(request, options) {
      if (options !== undefined && options !== null && options.paths !== undefined) {
        throw new TypeError('require.resolve() with options.paths is not supported by Tocin');
      }
      return resolveFilename(request, module)[1];
    };
    resolve.paths = function paths(request) {
      if (`${request}`.startsWith('./') || `${request}`.startsWith('../')) return [module.path];
      const list = [];
      for (let dir = module.path; ; dir = dir.slice(0, dir.lastIndexOf('/')) || '/') {
        if (!dir.endsWith('/node_modules')) list.push((dir === '/' ? '' : dir) + '/node_modules');
        if (dir === '/') break;
      }
      return list;
    };
    require.resolve = resolve;
    require.cache = cache;
    define(require, 'main', { get: () => mainModule, enumerable: true, configurable: true });
    return require;
  }

  // The ES module facade of a CommonJS file: runs it (once) and returns module.exports. The
  // first one the host loads itself is the program's main module (id '.', require.main).
  function esm(filename, url, dirname, hostLoad) {
    const cached = cache[filename];
    if (cached !== undefined) return cached.exports;
    return load(filename, url, 'cjs', dirname, null, hostLoad && mainModule === undefined).exports;
  }

  // A named export of the facade: an own property of module.exports, else undefined (as Node).
  function pick(exports, name) {
    if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return undefined;
    if (!apply(hasOwn, exports, [name])) return undefined;
    try {
      return exports[name];
    } catch {
      return undefined;
    }
  }

  // A reload: every CommonJS module runs again when it is next required or imported.
  function clear() {
    for (const key of Object.keys(cache)) delete cache[key];
  }

  const host = { esm, pick, clear };
  define(globalThis, Symbol.for('tocin.cjs'), { value: host, configurable: true });
  return host;
})
