// 82 checks of the web globals, one output line each, compared line by line with Node 20's output
// (api-checks.node20.txt, made with `node api-checks.js`). Only deterministic facts are printed.
const checks = [];
const check = (name, fn) => checks.push([name, fn]);
const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
const err = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.name + (e.code !== undefined && typeof e.code === 'number' ? '/' + e.code : ''); } };
const aerr = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return e.name; } };

// URL and URLSearchParams
check('url href', () => new URL('https://EXAMPLE.com:443/a/./b/../c?x=1#f').href);
check('url relative', () => new URL('../d?y#z', 'http://h/a/b/c').href);
check('url idna', () => new URL('http://münchen.de/').hostname);
check('url ipv4 hex', () => new URL('http://0x7f.1/').host);
check('url ipv6', () => new URL('http://[::ffff:1.2.3.4]:80/').host);
check('url invalid', () => err(() => new URL('http://exa mple.com')));
check('url canParse', () => [URL.canParse('x:y'), URL.canParse('nope'), URL.canParse('/p', 'http://h')].join());
check('url setters', () => { const u = new URL('http://h/p'); u.protocol = 'https'; u.port = '8443'; u.pathname = 'a b'; u.hash = 'x'; return u.href; });
check('url origin', () => new URL('blob:https://a.com:8080/uuid').origin);
check('url toJSON', () => JSON.stringify({ u: new URL('http://h/?q=1') }));
check('url searchParams live', () => { const u = new URL('http://h/?a=1'); u.searchParams.append('b', 'x y'); return u.search; });
check('usp parse', () => [...new URLSearchParams('?a=1&a=2&b=%20+c')].join('|'));
check('usp getAll', () => new URLSearchParams('a=1&a=2').getAll('a').join());
check('usp sort', () => { const p = new URLSearchParams('z=1&a=2&m=3'); p.sort(); return p.toString(); });
check('usp record', () => new URLSearchParams({ k: 'v&w', e: '=' }).toString());
check('usp size', () => new URLSearchParams('a=1&b=2&a=3').size);
check('usp delete value', () => { const p = new URLSearchParams('a=1&a=2'); p.delete('a', '2'); return p.toString(); });

// TextEncoder / TextDecoder
check('encode', () => Array.from(new TextEncoder().encode('aé€😀')).join());
check('encode lone surrogate', () => Array.from(new TextEncoder().encode('\uD800')).join());
check('encodeInto', () => JSON.stringify(new TextEncoder().encodeInto('aé€', new Uint8Array(4))));
check('encoder encoding', () => new TextEncoder().encoding);
check('decode utf8', () => new TextDecoder().decode(new Uint8Array([0xE2, 0x82, 0xAC, 0x41])));
check('decode invalid', () => JSON.stringify(new TextDecoder().decode(new Uint8Array([0xFF, 0x41, 0xC0]))));
check('decode fatal', () => err(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xFF]))));
check('decode bom', () => new TextDecoder().decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x41])).length);
check('decode ignoreBOM', () => new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x41])).length);
check('decode utf16le', () => new TextDecoder('utf-16le').decode(new Uint8Array([0x3D, 0xD8, 0x00, 0xDE, 0x41, 0x00])));
check('decode utf16be', () => new TextDecoder('utf-16be').decode(new Uint8Array([0x00, 0x41, 0x00, 0x42])));
check('label latin1', () => new TextDecoder('latin1').encoding);
check('decode windows-1252', () => new TextDecoder('windows-1252').decode(new Uint8Array([0x80, 0x9F, 0xE9])));
check('label unknown', () => err(() => new TextDecoder('x-nope')));
check('decode stream', () => { const d = new TextDecoder(); return d.decode(new Uint8Array([0xE2, 0x82]), { stream: true }) + '|' + d.decode(new Uint8Array([0xAC])); });
check('decoder props', () => { const d = new TextDecoder(' UTF8 ', { fatal: true }); return [d.encoding, d.fatal, d.ignoreBOM].join(); });

// atob / btoa
check('btoa', () => btoa('hello, world'));
check('atob', () => atob(' aGVs bG8= '));
check('btoa latin1', () => btoa('\xff\xfe\x00'));
check('btoa error', () => err(() => btoa('€')));
check('atob error', () => err(() => atob('a')));

// structuredClone and DOMException
check('clone cycle', () => { const a = { n: 1 }; a.self = a; const c = structuredClone(a); return [c !== a, c.self === c].join(); });
check('clone types', () => { const c = structuredClone([new Date(5), /a/gi, 10n, new Map([[1, 2]]), new Set([3])]); return [c[0].getTime(), String(c[1]), typeof c[2], c[3].get(1), c[4].has(3)].join(); });
check('clone typed', () => { const b = new Uint16Array([1, 2, 3]); const c = structuredClone(b); return [c.constructor.name, c.join(), c.buffer !== b.buffer].join(); });
check('clone transfer', () => { const buf = new Uint8Array([7, 8]).buffer; const c = structuredClone(buf, { transfer: [buf] }); return [buf.byteLength, c.byteLength].join(); });
check('clone error', () => { const c = structuredClone(new RangeError('r')); return [c instanceof RangeError, c.message].join(); });
check('clone function', () => err(() => structuredClone({ f() {} })));
check('clone symbol', () => err(() => structuredClone(Symbol('s'))));
check('clone class', () => { class K { constructor() { this.x = 1; } } const c = structuredClone(new K()); return [c.constructor.name, c.x].join(); });
check('domexception', () => { const e = new DOMException('m', 'NotFoundError'); return [e.name, e.message, e.code, e instanceof Error].join(); });
check('domexception default', () => { const e = new DOMException(); return [e.name, e.message, e.code].join(); });
check('domexception constants', () => [DOMException.ABORT_ERR, DOMException.DATA_CLONE_ERR, DOMException.TIMEOUT_ERR].join());

// events and abort
check('event basics', () => { const e = new Event('x', { cancelable: true }); e.preventDefault(); return [e.type, e.defaultPrevented, e.bubbles, e.eventPhase].join(); });
check('target order', () => { const t = new EventTarget(); const log = []; t.addEventListener('e', () => log.push('a')); t.addEventListener('e', () => log.push('b'), { capture: true }); t.dispatchEvent(new Event('e')); return log.join(); });
check('target once', () => { const t = new EventTarget(); let n = 0; t.addEventListener('e', () => n++, { once: true }); t.dispatchEvent(new Event('e')); t.dispatchEvent(new Event('e')); return n; });
check('target dedupe', () => { const t = new EventTarget(); let n = 0; const f = () => n++; t.addEventListener('e', f); t.addEventListener('e', f); t.dispatchEvent(new Event('e')); return n; });
check('target remove', () => { const t = new EventTarget(); let n = 0; const f = () => n++; t.addEventListener('e', f); t.removeEventListener('e', f); t.dispatchEvent(new Event('e')); return n; });
check('dispatch result', () => { const t = new EventTarget(); t.addEventListener('e', (e) => e.preventDefault()); return t.dispatchEvent(new Event('e', { cancelable: true })); });
check('handleEvent', () => { const t = new EventTarget(); let seen = null; t.addEventListener('e', { handleEvent(e) { seen = e.target === t; } }); t.dispatchEvent(new Event('e')); return seen; });
check('stopImmediate', () => { const t = new EventTarget(); const log = []; t.addEventListener('e', (e) => { log.push(1); e.stopImmediatePropagation(); }); t.addEventListener('e', () => log.push(2)); t.dispatchEvent(new Event('e')); return log.join(); });
check('custom event', () => new CustomEvent('c', { detail: { k: 1 } }).detail.k);
check('abort', () => { const c = new AbortController(); let fired = 0; c.signal.onabort = () => fired++; c.abort(); c.abort(); return [c.signal.aborted, c.signal.reason.name, fired].join(); });
check('abort reason', () => { const c = new AbortController(); c.abort('why'); return c.signal.reason; });
check('throwIfAborted', () => err(() => AbortSignal.abort().throwIfAborted()));
check('signal any', () => { const a = new AbortController(); const s = AbortSignal.any([a.signal, new AbortController().signal]); a.abort('r'); return [s.aborted, s.reason].join(); });
check('signal ctor', () => err(() => new AbortSignal()));
check('listener signal', () => { const t = new EventTarget(); const c = new AbortController(); let n = 0; t.addEventListener('e', () => n++, { signal: c.signal }); c.abort(); t.dispatchEvent(new Event('e')); return n; });

// performance
check('performance now', () => typeof performance.now() === 'number' && performance.now() >= 0);
check('performance mark', () => { const m = performance.mark('m1', { detail: 1 }); return [m.name, m.entryType, m.duration, m.detail].join(); });
check('performance measure', () => { performance.mark('a', { startTime: 1 }); performance.mark('b', { startTime: 4 }); const m = performance.measure('ab', 'a', 'b'); return [m.entryType, m.startTime, m.duration].join(); });

// crypto
check('getRandomValues', () => { const a = new Uint32Array(8); return crypto.getRandomValues(a) === a && a.some((x) => x !== 0); });
check('getRandomValues quota', () => err(() => crypto.getRandomValues(new Uint8Array(65537))));
check('getRandomValues float', () => err(() => crypto.getRandomValues(new Float64Array(1))));
check('randomUUID', () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
check('digest sha-256', async () => hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'))));
check('digest sha-1', async () => hex(await crypto.subtle.digest({ name: 'sha-1' }, new Uint8Array(0))));
check('digest unknown', () => aerr(() => crypto.subtle.digest('MD5', new Uint8Array(1))));
check('hmac', async () => { const k = await crypto.subtle.importKey('raw', new TextEncoder().encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']); const s = await crypto.subtle.sign('HMAC', k, new TextEncoder().encode('msg')); return hex(s) + ' ' + (await crypto.subtle.verify('HMAC', k, s, new TextEncoder().encode('msg'))); });

// Blob, Headers, Request, Response
check('blob', async () => { const b = new Blob(['ab', new Uint8Array([99]), new Blob(['d'])], { type: 'Text/Plain' }); return [b.size, b.type, await b.text(), await b.slice(1, -1).text()].join(); });
check('headers', () => { const h = new Headers({ 'X-B': '1', a: ' 2 ' }); h.append('x-b', '3'); return JSON.stringify([...h]) + ' ' + h.get('X-b') + ' ' + h.has('c'); });
check('headers invalid', () => err(() => new Headers({ 'bad name': 'x' })));
check('response', async () => { const r = new Response('{"a":1}', { status: 201, headers: { 'x': 'y' } }); return [r.status, r.ok, r.headers.get('content-type'), JSON.stringify(await r.json()), r.bodyUsed].join(); });
check('response json', async () => { const r = Response.json({ k: [1] }); return [r.headers.get('content-type'), await r.text()].join(' '); });
check('request', () => { const r = new Request('http://h/p', { method: 'post', body: new URLSearchParams('a=1') }); return [r.method, r.url, r.headers.get('content-type')].join(' '); });
check('request get body', () => err(() => new Request('http://h/', { body: 'x' })));

(async () => {
  let i = 0;
  for (const [name, fn] of checks) {
    let v;
    try { v = await fn(); } catch (e) { v = 'THREW ' + e; }
    console.log(String(++i).padStart(2, '0') + ' ' + name + ': ' + v);
  }
  console.log('checks: ' + checks.length);
})();
