// Loop services for a bare V8 context: timers, queueMicrotask and console.
// Evaluated once per runtime as a function expression; `host` holds the Java callbacks
// (schedule, cancel, ref, hasRef, console, uncaught, error). Returns fire(id, repeat), which
// the Java timer queue calls when a timer is due; callbacks and arguments stay on this side.
(function (host) {
  'use strict';
  const callbacks = new Map();
  let nextId = 1;

  function describe(v) {
    return v === null ? 'null' : typeof v === 'function' ? 'function' : typeof v + ' (' + String(v) + ')';
  }

  class Timeout {
    #id;
    constructor(id) { this.#id = id; }
    ref() { host.ref(this.#id, true); return this; }
    unref() { host.ref(this.#id, false); return this; }
    hasRef() { return host.hasRef(this.#id); }
    [Symbol.toPrimitive]() { return this.#id; }
  }

  function add(callback, delay, args, repeat) {
    if (typeof callback !== 'function') {
      throw new TypeError('The "callback" argument must be of type function. Received ' + describe(callback));
    }
    const id = nextId++;
    callbacks.set(id, { callback, args });
    host.schedule(id, Number(delay), repeat);
    return new Timeout(id);
  }

  function clear(timer) {
    const id = timer instanceof Timeout ? +timer : typeof timer === 'number' ? timer : 0;
    if (callbacks.delete(id)) {
      host.cancel(id);
    }
  }

  function inspect(v, depth, seen) {
    switch (typeof v) {
      case 'string': return depth === 0 ? v : "'" + v + "'";
      case 'bigint': return v + 'n';
      case 'symbol': return v.toString();
      case 'function': {
        const isClass = /^class[\s{]/.test(Function.prototype.toString.call(v));
        return '[' + (isClass ? 'class' : 'Function') + ': ' + (v.name || '(anonymous)') + ']';
      }
      case 'object': break;
      default: return String(v);
    }
    if (v === null) return 'null';
    if (v instanceof Error) return v.stack || String(v);
    if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return 'Promise {}';
    if (seen.includes(v)) return '[Circular *]';
    if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]';
    const next = seen.concat([v]);
    const show = (x) => inspect(x, depth + 1, next);
    if (Array.isArray(v)) {
      return v.length === 0 ? '[]' : '[ ' + v.map(show).join(', ') + ' ]';
    }
    if (v instanceof Map) {
      return 'Map(' + v.size + ') {' + (v.size ? ' ' + [...v].map(([k, x]) => show(k) + ' => ' + show(x)).join(', ') + ' ' : '') + '}';
    }
    if (v instanceof Set) {
      return 'Set(' + v.size + ') {' + (v.size ? ' ' + [...v].map(show).join(', ') + ' ' : '') + '}';
    }
    if (ArrayBuffer.isView(v)) {
      return v.constructor.name + '(' + v.length + ') [ ' + Array.prototype.slice.call(v, 0, 100).join(', ') + ' ]';
    }
    const proto = Object.getPrototypeOf(v);
    const name = proto === null ? '[Object: null prototype] ' :
      proto.constructor && proto.constructor !== Object ? proto.constructor.name + ' ' : '';
    const keys = Object.keys(v);
    if (keys.length === 0) return name + '{}';
    const key = (k) => /^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'";
    return name + '{ ' + keys.map((k) => key(k) + ': ' + show(v[k])).join(', ') + ' }';
  }

  // util.format: %s %d %i %f %j %o %O %c %% in a leading string, the rest joined by spaces.
  function format(args) {
    let out = '';
    let i = 0;
    if (typeof args[0] === 'string') {
      const fmt = args[0];
      i = 1;
      out = fmt.replace(/%([sdifjoOc%])/g, (m, c) => {
        if (c === '%') return '%';
        if (i >= args.length) return m;
        const a = args[i++];
        switch (c) {
          case 's': return typeof a === 'string' ? a : inspect(a, 1, []);
          case 'd': case 'i': {
            if (typeof a === 'bigint') return a + 'n';
            const n = Number(a);
            return String(c === 'i' ? Math.trunc(n) : n);
          }
          case 'f': return String(parseFloat(a));
          case 'j': try { return JSON.stringify(a); } catch (e) { return '[Circular]'; }
          case 'c': return '';
          default: return inspect(a, 1, []);
        }
      });
    }
    for (; i < args.length; i++) {
      out += (out.length || i > 0 ? ' ' : '') + inspect(args[i], 0, []);
    }
    return out;
  }

  const counts = new Map();
  const timings = new Map();
  const write = (level) => function (...args) { host.console(level, format(args)); };
  const console = {
    log: write('LOG'),
    info: write('INFO'),
    debug: write('DEBUG'),
    warn: write('WARN'),
    error: write('ERROR'),
    trace: function (...args) {
      const stack = (new Error().stack || '').split('\n').slice(2).join('\n');
      host.console('ERROR', 'Trace' + (args.length ? ': ' + format(args) : '') + '\n' + stack);
    },
    dir: function (v) { host.console('LOG', inspect(v, 1, [])); },
    assert: function (ok, ...args) {
      if (!ok) host.console('ERROR', 'Assertion failed' + (args.length ? ': ' + format(args) : ''));
    },
    count: function (label = 'default') {
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      host.console('LOG', label + ': ' + n);
    },
    time: function (label = 'default') { timings.set(label, Date.now()); },
    timeEnd: function (label = 'default') {
      if (timings.has(label)) {
        host.console('LOG', label + ': ' + (Date.now() - timings.get(label)) + 'ms');
        timings.delete(label);
      }
    },
  };

  const define = (name, value) => Object.defineProperty(globalThis, name,
    { value, writable: true, configurable: true, enumerable: false });
  define('setTimeout', function setTimeout(callback, delay, ...args) { return add(callback, delay, args, false); });
  define('setInterval', function setInterval(callback, delay, ...args) { return add(callback, delay, args, true); });
  define('clearTimeout', function clearTimeout(timer) { clear(timer); });
  define('clearInterval', function clearInterval(timer) { clear(timer); });
  define('queueMicrotask', function queueMicrotask(callback) {
    if (typeof callback !== 'function') {
      throw new TypeError('The "callback" argument must be of type function. Received ' + describe(callback));
    }
    // A throw inside a microtask is an uncaught error, like in Node, not a rejected promise.
    Promise.resolve().then(() => {
      try { callback(); } catch (e) { host.uncaught(e); }
    });
  });
  define('console', console);

  return function fire(id, repeat) {
    const entry = callbacks.get(id);
    if (entry === undefined) return;
    if (!repeat) callbacks.delete(id);
    entry.callback.apply(globalThis, entry.args);
  };
})
