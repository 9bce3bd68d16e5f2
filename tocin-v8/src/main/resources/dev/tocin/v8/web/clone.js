// structuredClone: the HTML structured serialize/deserialize algorithm in one pass, for the types
// a JS runtime without a DOM has (primitives and their wrappers, Date, RegExp, ArrayBuffer with
// transfer, views, Map, Set, arrays, plain objects, Error types), with cycles and shared references
// kept. Anything else that is not a plain object (functions, symbols, promises, weak collections)
// throws a DOMException named DataCloneError.
(function (host) {
  'use strict';
  const ERRORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  const toString = (v) => Object.prototype.toString.call(v);
  const cannot = (v) => new DOMException(describe(v) + ' could not be cloned.', 'DataCloneError');

  function describe(v) {
    if (typeof v === 'function') return Function.prototype.toString.call(v);
    if (typeof v === 'symbol') return v.toString();
    return '#<' + ((v && v.constructor && v.constructor.name) || 'Object') + '>';
  }

  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
    const transfer = options && options.transfer !== undefined ? [...options.transfer] : [];
    const memo = new Map();
    for (const t of transfer) {
      if (!(t instanceof ArrayBuffer)) throw new DOMException('Value not transferable', 'DataCloneError');
      if (memo.has(t)) throw new DOMException('Duplicate ArrayBuffer in the transfer list', 'DataCloneError');
      if (t.detached) throw new DOMException('An ArrayBuffer is detached and could not be cloned.', 'DataCloneError');
      memo.set(t, null); // placeholder: transferred after the walk
    }
    const pending = [];
    const result = clone(value, memo, pending);
    // Detach only once the whole value was cloned, so a failure leaves the inputs intact.
    for (const fix of pending) fix();
    return result;
  }

  function clone(v, memo, pending) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol')) return v;
    if (typeof v !== 'object') throw cannot(v);
    if (memo.has(v) && memo.get(v) !== null) return memo.get(v);
    const tag = toString(v);
    let out;
    switch (tag) {
      case '[object Boolean]': out = Object(Boolean.prototype.valueOf.call(v)); break;
      case '[object Number]': out = Object(Number.prototype.valueOf.call(v)); break;
      case '[object String]': out = Object(String.prototype.valueOf.call(v)); break;
      case '[object BigInt]': out = Object(BigInt.prototype.valueOf.call(v)); break;
      case '[object Date]': out = new Date(Date.prototype.getTime.call(v)); break;
      case '[object RegExp]': out = new RegExp(v.source, v.flags); break;
      case '[object ArrayBuffer]': {
        if (memo.has(v)) {
          // In the transfer list: the clone gets the bytes now; the original is detached only
          // after the whole walk succeeded.
          out = v.slice(0);
          pending.push(() => v.transfer());
          memo.set(v, out);
          return out;
        }
        if (v.detached) throw new DOMException('An ArrayBuffer is detached and could not be cloned.', 'DataCloneError');
        out = v.slice(0);
        break;
      }
      case '[object SharedArrayBuffer]': out = v; break;
      case '[object DataView]': {
        const buffer = clone(v.buffer, memo, pending);
        out = new DataView(buffer, v.byteOffset, v.byteLength);
        break;
      }
      case '[object Map]': {
        out = new Map();
        memo.set(v, out);
        for (const [k, x] of Map.prototype.entries.call(v)) out.set(clone(k, memo, pending), clone(x, memo, pending));
        return out;
      }
      case '[object Set]': {
        out = new Set();
        memo.set(v, out);
        for (const x of Set.prototype.values.call(v)) out.add(clone(x, memo, pending));
        return out;
      }
      case '[object Error]': {
        const name = v.name;
        const Ctor = Object.prototype.hasOwnProperty.call(ERRORS, name) ? ERRORS[name] : Error;
        out = Object.create(Ctor.prototype);
        memo.set(v, out);
        const define = (k, x) => Object.defineProperty(out, k, { value: x, writable: true, configurable: true, enumerable: false });
        if (Object.prototype.hasOwnProperty.call(v, 'message')) define('message', String(v.message));
        if (typeof v.stack === 'string') define('stack', v.stack);
        if (Object.prototype.hasOwnProperty.call(v, 'cause')) define('cause', clone(v.cause, memo, pending));
        return out;
      }
      case '[object Array]': {
        out = new Array(v.length);
        memo.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k], memo, pending);
        return out;
      }
      case '[object Object]': break;
      default:
        if (ArrayBuffer.isView(v)) {
          const buffer = clone(v.buffer, memo, pending);
          out = new v.constructor(buffer, v.byteOffset, v.length);
          break;
        }
        throw cannot(v);
    }
    if (out === undefined) {
      if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet || v instanceof WeakRef) throw cannot(v);
      out = {};
      memo.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k], memo, pending);
      return out;
    }
    memo.set(v, out);
    return out;
  }

  return { structuredClone };
})
