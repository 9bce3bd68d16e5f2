// Lazy web globals: defines an accessor per name; the first read loads the name's group through
// load(group) (Java: evaluates <group>.js) and replaces the group's accessors by plain values,
// as Node and Deno define them (writable, configurable, not enumerable). Assigning a name first
// simply replaces its accessor, so user code can shadow a global without loading anything.
(function (load) {
  'use strict';
  const groups = {
    encoding: ['TextEncoder', 'TextDecoder'],
    base64: ['atob', 'btoa'],
    domexception: ['DOMException'],
    events: ['Event', 'EventTarget', 'CustomEvent', 'AbortController', 'AbortSignal'],
    clone: ['structuredClone'],
    url: ['URL', 'URLSearchParams'],
    performance: ['performance'],
    crypto: ['crypto', 'Crypto', 'SubtleCrypto', 'CryptoKey'],
    fetch: ['Blob', 'Headers', 'Request', 'Response', 'fetch'],
  };
  const define = (name, value) => Object.defineProperty(globalThis, name,
    { value, writable: true, configurable: true, enumerable: false });
  const getters = new Map();

  function install(group) {
    const exports = load(group);
    for (const name of groups[group]) {
      const own = Object.getOwnPropertyDescriptor(globalThis, name);
      if (own !== undefined && own.get === getters.get(name)) define(name, exports[name]);
    }
    return exports;
  }

  for (const group of Object.keys(groups)) {
    for (const name of groups[group]) {
      const get = { [name]() { return install(group)[name]; } }[name];
      getters.set(name, get);
      Object.defineProperty(globalThis, name, {
        get,
        set(value) { define(name, value); },
        configurable: true,
        enumerable: false,
      });
    }
  }
})
