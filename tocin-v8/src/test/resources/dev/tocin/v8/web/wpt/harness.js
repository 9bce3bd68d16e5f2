// A minimal testharness.js stand-in for running the web-platform-tests files next to this one,
// identical in Tocin and Node (node-run.js), so that both count the same cases the same way.
// wptRun(data) -> { name: { passed, failed, failures: [first few failure names] } }.
function wptRun(data) {
  'use strict';
  const results = {};
  let current = null;

  function sameValue(a, b) {
    return a === b ? (a !== 0 || 1 / a === 1 / b) : (a !== a && b !== b);
  }
  function fail(msg) { throw new Error(msg); }
  const harness = {
    test(fn, name) {
      try {
        fn();
        current.passed++;
      } catch (e) {
        current.failed++;
        if (current.failures.length < 20) current.failures.push(String(name) + ': ' + (e && e.message));
      }
    },
    assert_equals(actual, expected, msg) {
      if (!sameValue(actual, expected)) {
        fail((msg ? msg + ': ' : '') + 'expected ' + JSON.stringify(expected) + ' but got ' + JSON.stringify(actual));
      }
    },
    assert_true(v, msg) { if (v !== true) fail((msg || 'assert_true') + ': got ' + v); },
    assert_false(v, msg) { if (v !== false) fail((msg || 'assert_false') + ': got ' + v); },
    assert_throws(expected, fn) {
      try { fn(); } catch (e) {
        if (e === null || typeof e !== 'object' || e.name !== expected.name) fail('threw ' + e + ', expected ' + expected.name);
        return;
      }
      fail('did not throw');
    },
    assert_throws_js(Ctor, fn) {
      try { fn(); } catch (e) {
        if (!(e instanceof Ctor) || e.constructor !== Ctor) fail('threw ' + e + ', expected ' + Ctor.name);
        return;
      }
      fail('did not throw');
    },
    createBuffer(type, length, opts) {
      return type === 'SharedArrayBuffer' ? new SharedArrayBuffer(length, opts) : new ArrayBuffer(length, opts);
    },
  };

  function group(name, body) {
    current = results[name] = { passed: 0, failed: 0, failures: [] };
    body();
  }

  const FIELDS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];

  group('url/resources/urltestdata.json', () => {
    for (const t of JSON.parse(data.urltestdata)) {
      if (typeof t === 'string') continue;
      const name = 'URL(' + JSON.stringify(t.input) + ', ' + JSON.stringify(t.base) + ')';
      harness.test(() => {
        if (t.failure) {
          harness.assert_throws_js(TypeError, () => t.base === null ? new URL(t.input) : new URL(t.input, t.base));
          harness.assert_false(t.base === null ? URL.canParse(t.input) : URL.canParse(t.input, t.base), 'canParse');
          return;
        }
        const url = t.base === null ? new URL(t.input) : new URL(t.input, t.base);
        for (const f of FIELDS) harness.assert_equals(url[f], t[f], f);
        if ('origin' in t) harness.assert_equals(url.origin, t.origin, 'origin');
        if ('searchParams' in t) harness.assert_equals(url.searchParams.toString(), t.searchParams, 'searchParams');
        harness.assert_equals(url.toJSON(), url.href, 'toJSON');
      }, name);
    }
  });

  group('url/resources/setters_tests.json', () => {
    const all = JSON.parse(data.setters);
    for (const attribute of Object.keys(all)) {
      if (attribute === 'comment') continue;
      for (const t of all[attribute]) {
        harness.test(() => {
          const url = new URL(t.href);
          url[attribute] = t.new_value;
          for (const f of Object.keys(t.expected)) harness.assert_equals(url[f], t.expected[f], f);
        }, 'set ' + attribute + ' of ' + JSON.stringify(t.href) + ' to ' + JSON.stringify(t.new_value));
      }
    }
  });

  group('fetch/data-urls/resources/base64.json (atob)', () => {
    for (const [input, output] of JSON.parse(data.base64)) {
      harness.test(() => {
        if (output === null) {
          let thrown = null;
          try { atob(input); } catch (e) { thrown = e; }
          harness.assert_true(thrown instanceof DOMException && thrown.name === 'InvalidCharacterError', 'InvalidCharacterError');
          return;
        }
        const decoded = atob(input);
        harness.assert_equals(decoded.length, output.length, 'length');
        for (let i = 0; i < output.length; i++) harness.assert_equals(decoded.charCodeAt(i), output[i], 'byte ' + i);
        harness.assert_equals(atob(btoa(decoded)), decoded, 'btoa round trip');
      }, 'atob(' + JSON.stringify(input) + ')');
    }
  });

  for (const [name, source] of Object.entries(data.scripts)) {
    group('encoding/' + name, () => {
      const names = Object.keys(harness);
      // The test files are sloppy scripts that call the harness functions as globals.
      const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(globalThis, n)]);
      for (const n of names) globalThis[n] = harness[n];
      try {
        (0, eval)(source);
      } catch (e) {
        current.failed++;
        current.failures.push('file threw: ' + e);
      } finally {
        for (const [n, d] of saved) { if (d) Object.defineProperty(globalThis, n, d); else delete globalThis[n]; }
      }
    });
  }
  return results;
}
