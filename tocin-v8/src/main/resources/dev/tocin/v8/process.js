// The small `process` global CommonJS and npm packages expect, and `global`. Evaluated once per
// runtime; `host` holds env (a plain object), version, v8, platform, arch, and the Java callbacks
// entry() -> [file, folder] of the first module the host loaded (or null) and exit(code).
// There is deliberately no process.versions.node: packages that test it take their non-Node path
// instead of reaching for Node built-ins that Tocin does not have.
(function (host) {
  'use strict';
  const define = (o, name, value) => Object.defineProperty(o, name, { value, writable: true, configurable: true, enumerable: false });
  const env = host.env;
  const process = {
    env,
    title: 'tocin',
    version: 'v' + host.version,
    versions: { tocin: host.version, v8: host.v8 },
    platform: host.platform,
    arch: host.arch,
    argv0: 'tocin',
    execArgv: [],
    exitCode: undefined,
    release: { name: 'tocin' },
    browser: true,
    get argv() {
      const entry = host.entry();
      const args = globalThis.tocin && Array.isArray(globalThis.tocin.args) ? globalThis.tocin.args : [];
      return ['tocin', entry === null ? '' : entry[0], ...args];
    },
    cwd() {
      const entry = host.entry();
      return entry === null ? host.workingDirectory : entry[1];
    },
    nextTick(callback, ...args) {
      if (typeof callback !== 'function') {
        throw new TypeError('The "callback" argument must be of type function. Received ' + typeof callback);
      }
      queueMicrotask(() => callback(...args));
    },
    exit(code) {
      if (code !== undefined) process.exitCode = code;
      const c = process.exitCode === undefined ? 0 : Number(process.exitCode) | 0;
      host.exit(c);
      throw new Error('process.exit() is not available: the host did not enable it (V8Options.onExit)');
    },
    emitWarning(warning) {
      console.warn('Warning: ' + (warning instanceof Error ? warning.message : String(warning)));
    },
    hrtime: Object.assign(function hrtime(previous) {
      const now = performanceNow();
      let s = Math.floor(now / 1e3), ns = Math.floor((now % 1e3) * 1e6);
      if (previous) {
        s -= previous[0];
        ns -= previous[1];
        if (ns < 0) { s--; ns += 1e9; }
      }
      return [s, ns];
    }, { bigint: () => BigInt(Math.floor(performanceNow() * 1e6)) }),
    uptime: () => performanceNow() / 1e3,
    // EventEmitter-shaped no-ops: packages register exit/warning handlers that Tocin never fires.
    on() { return process; },
    once() { return process; },
    off() { return process; },
    addListener() { return process; },
    removeListener() { return process; },
    removeAllListeners() { return process; },
    emit() { return false; },
    listeners() { return []; },
  };
  const start = Date.now();
  function performanceNow() {
    return typeof performance === 'object' && performance && typeof performance.now === 'function' ? performance.now() : Date.now() - start;
  }
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process' });
  define(globalThis, 'process', process);
  define(globalThis, 'global', globalThis);
})
