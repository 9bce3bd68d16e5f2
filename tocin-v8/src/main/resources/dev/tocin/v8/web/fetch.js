// Blob, Headers, Request, Response and fetch (WHATWG Fetch). The network part runs in Java on the
// JDK's HttpClient (host.start returns a promise settled off the loop thread; host.abort cancels);
// bodies are held as whole byte arrays: there are no ReadableStreams, `body` is a one-chunk stand-in
// with getReader() and async iteration.
(function (host) {
  'use strict';
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const NULL_BODY = [101, 103, 204, 205, 304];
  const REDIRECTS = [301, 302, 303, 307, 308];
  const STATUS_TEXT = {
    200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently',
    302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 418: "I'm a Teapot",
    422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented',
    502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };

  function viewBytes(data) {
    if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
    return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  }

  let blobBytes; // a Blob's bytes, for bodies, without an async read

  class Blob {
    #bytes;
    #type;
    static { blobBytes = (b) => b.#bytes; }

    constructor(parts = [], options = {}) {
      if (parts === null || typeof parts !== 'object' || typeof parts[Symbol.iterator] !== 'function') {
        throw new TypeError('The "blobParts" argument must be a sequence.');
      }
      const chunks = [];
      let size = 0;
      for (const part of parts) {
        const bytes = part instanceof Blob ? part.#bytes
          : part instanceof ArrayBuffer || ArrayBuffer.isView(part) ? viewBytes(part) : encoder.encode(String(part));
        chunks.push(bytes);
        size += bytes.length;
      }
      this.#bytes = new Uint8Array(size);
      let offset = 0;
      for (const c of chunks) { this.#bytes.set(c, offset); offset += c.length; }
      const type = options && options.type !== undefined ? String(options.type) : '';
      this.#type = /^[\x20-\x7E]*$/.test(type) ? type.toLowerCase() : '';
    }

    get size() { return this.#bytes.length; }
    get type() { return this.#type; }
    async text() { return decoder.decode(this.#bytes); }
    async arrayBuffer() { return this.#bytes.slice().buffer; }
    async bytes() { return this.#bytes.slice(); }

    slice(start = 0, end = this.#bytes.length, contentType = '') {
      const n = this.#bytes.length;
      const from = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
      const to = end < 0 ? Math.max(n + end, 0) : Math.min(end, n);
      const b = new Blob([], { type: contentType });
      b.#bytes = this.#bytes.slice(from, Math.max(from, to));
      return b;
    }

    get [Symbol.toStringTag]() { return 'Blob'; }
  }

  const normalizeValue = (v) => String(v).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

  class Headers {
    #map = new Map(); // lower-case name -> array of values

    constructor(init = undefined) {
      if (init === undefined || init === null) return;
      if (init instanceof Headers) {
        for (const [k, v] of init.#map) this.#map.set(k, v.slice());
      } else if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const p = [...pair];
          if (p.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' + p.length + '.');
          this.append(p[0], p[1]);
        }
      } else if (typeof init === 'object') {
        for (const k of Object.keys(init)) this.append(k, init[k]);
      } else {
        throw new TypeError("Headers constructor: init must be a sequence or a record.");
      }
    }

    static #check(name, value, method) {
      const n = String(name);
      if (!TOKEN.test(n)) throw new TypeError('Headers.' + method + ': "' + n + '" is an invalid header name.');
      if (value !== undefined && /[\0\r\n]/.test(value)) {
        throw new TypeError('Headers.' + method + ': "' + value + '" is an invalid header value.');
      }
      return n.toLowerCase();
    }

    append(name, value) {
      const v = normalizeValue(value);
      const key = Headers.#check(name, v, 'append');
      const list = this.#map.get(key);
      if (list) list.push(v); else this.#map.set(key, [v]);
    }

    set(name, value) {
      const v = normalizeValue(value);
      this.#map.set(Headers.#check(name, v, 'set'), [v]);
    }

    delete(name) { this.#map.delete(Headers.#check(name, undefined, 'delete')); }
    has(name) { return this.#map.has(Headers.#check(name, undefined, 'has')); }

    get(name) {
      const list = this.#map.get(Headers.#check(name, undefined, 'get'));
      return list === undefined ? null : list.join(', ');
    }

    getSetCookie() { return (this.#map.get('set-cookie') || []).slice(); }

    *entries() {
      for (const key of [...this.#map.keys()].sort()) {
        if (key === 'set-cookie') {
          for (const v of this.#map.get(key)) yield [key, v];
        } else {
          yield [key, this.#map.get(key).join(', ')];
        }
      }
    }

    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    forEach(callback, thisArg) { for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this); }
    get [Symbol.toStringTag]() { return 'Headers'; }
  }

  /** [bytes or null, content type or null] for a body init. */
  function extract(body) {
    if (body === null || body === undefined) return [null, null];
    if (typeof body === 'string') return [encoder.encode(body), 'text/plain;charset=UTF-8'];
    if (body instanceof URLSearchParams) return [encoder.encode(body.toString()), 'application/x-www-form-urlencoded;charset=UTF-8'];
    if (body instanceof Blob) return [blobBytes(body).slice(), body.type || null];
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return [viewBytes(body), null];
    return [encoder.encode(String(body)), 'text/plain;charset=UTF-8'];
  }

  /** The one-chunk stand-in for a ReadableStream of the body. */
  function bodyStream(take) {
    let done = false;
    const read = async () => {
      if (done) return { done: true, value: undefined };
      done = true;
      return { done: false, value: take() };
    };
    return {
      locked: false,
      getReader() { return { read, releaseLock() {}, cancel: async () => { done = true; }, closed: Promise.resolve() }; },
      async *[Symbol.asyncIterator]() { const r = await read(); if (!r.done) yield r.value; },
      get [Symbol.toStringTag]() { return 'ReadableStream'; },
    };
  }

  class Body {
    #bytes = null;
    #used = false;
    #stream = null;

    static init(target, bytes) { target.#bytes = bytes; }
    static bytesOf(target) { return target.#bytes; }

    get body() {
      if (this.#bytes === null) return null;
      if (this.#stream === null) this.#stream = bodyStream(() => this.#consume());
      return this.#stream;
    }

    get bodyUsed() { return this.#used; }

    #consume() {
      if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      return this.#bytes === null ? new Uint8Array(0) : this.#bytes;
    }

    async arrayBuffer() { return this.#consume().slice().buffer; }
    async bytes() { return this.#consume().slice(); }
    async text() { return decoder.decode(this.#consume()); }
    async json() { return JSON.parse(await this.text()); }
    async blob() {
      const type = this.headers.get('content-type') || '';
      return new Blob([this.#consume()], { type });
    }
    async formData() { throw new TypeError('FormData bodies are not supported by this runtime'); }
  }

  const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
  function normalizeMethod(m) {
    const s = String(m);
    if (!TOKEN.test(s)) throw new TypeError("'" + s + "' is not a valid HTTP method.");
    const upper = s.toUpperCase();
    if (['CONNECT', 'TRACE', 'TRACK'].includes(upper)) throw new TypeError("'" + s + "' HTTP method is unsupported.");
    return METHODS.includes(upper) ? upper : s;
  }

  class Request extends Body {
    #url; #method; #headers; #signal; #redirect;

    constructor(input, init = {}) {
      super();
      const o = init || {};
      let base = null;
      if (input instanceof Request) {
        base = input;
      }
      let url;
      if (base) {
        url = base.#url;
      } else {
        try { url = new URL(String(input)).href; } catch (e) {
          throw new TypeError('Failed to parse URL from ' + String(input), { cause: e });
        }
        if (/^[^:]*:\/\/[^/]*@/.test(url)) throw new TypeError('Request cannot be constructed from a URL that includes credentials: ' + url);
      }
      this.#url = url;
      this.#method = o.method !== undefined ? normalizeMethod(o.method) : base ? base.#method : 'GET';
      this.#headers = new Headers(o.headers !== undefined ? o.headers : base ? base.#headers : undefined);
      this.#redirect = o.redirect !== undefined ? String(o.redirect) : base ? base.#redirect : 'follow';
      if (!['follow', 'manual', 'error'].includes(this.#redirect)) {
        throw new TypeError("Request constructor: '" + this.#redirect + "' is not a valid redirect mode.");
      }
      const signal = o.signal !== undefined ? o.signal : base ? base.#signal : null;
      if (signal !== null && !(signal instanceof AbortSignal)) {
        throw new TypeError('Request constructor: signal is not an AbortSignal.');
      }
      // The caller's signal itself (as Node does in effect), not a dependent one that would stay
      // registered on a long-lived signal after the request is gone.
      this.#signal = signal === null ? new AbortController().signal : signal;
      let bytes = base ? Body.bytesOf(base) : null;
      if (o.body !== undefined && o.body !== null) {
        if (this.#method === 'GET' || this.#method === 'HEAD') {
          throw new TypeError('Request with GET/HEAD method cannot have body.');
        }
        const [b, type] = extract(o.body);
        bytes = b;
        if (type !== null && !this.#headers.has('content-type')) this.#headers.set('content-type', type);
      }
      Body.init(this, bytes);
    }

    get url() { return this.#url; }
    get method() { return this.#method; }
    get headers() { return this.#headers; }
    get signal() { return this.#signal; }
    get redirect() { return this.#redirect; }
    get mode() { return 'cors'; }
    get credentials() { return 'same-origin'; }
    get cache() { return 'default'; }
    get destination() { return ''; }
    get referrer() { return 'about:client'; }
    get keepalive() { return false; }

    clone() {
      if (this.bodyUsed) throw new TypeError('Request.clone: Body has already been consumed.');
      return new Request(this);
    }

    get [Symbol.toStringTag]() { return 'Request'; }
  }

  class Response extends Body {
    #status; #statusText; #headers; #url = ''; #redirected = false; #type = 'default';

    constructor(body = null, init = {}) {
      super();
      const o = init || {};
      const status = o.status === undefined ? 200 : Number(o.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
      }
      this.#status = status;
      this.#statusText = o.statusText === undefined ? '' : String(o.statusText);
      this.#headers = new Headers(o.headers);
      const [bytes, type] = extract(body);
      if (bytes !== null && NULL_BODY.includes(status)) {
        throw new TypeError('Response constructor: Invalid response status code ' + status);
      }
      if (type !== null && !this.#headers.has('content-type')) this.#headers.set('content-type', type);
      Body.init(this, bytes);
    }

    /** A response received by fetch (any status, with its URL and redirect flag). */
    static received(r) {
      const res = new Response(null);
      res.#status = r.status;
      res.#statusText = STATUS_TEXT[r.status] || '';
      res.#headers = new Headers(r.headers);
      res.#url = r.url;
      res.#redirected = r.redirected;
      res.#type = 'basic';
      Body.init(res, NULL_BODY.includes(r.status) ? null : r.body);
      return res;
    }

    get status() { return this.#status; }
    get statusText() { return this.#statusText; }
    get ok() { return this.#status >= 200 && this.#status <= 299; }
    get headers() { return this.#headers; }
    get url() { return this.#url; }
    get redirected() { return this.#redirected; }
    get type() { return this.#type; }

    clone() {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      const res = Response.received({ status: this.#status, headers: this.#headers, url: this.#url,
        redirected: this.#redirected, body: Body.bytesOf(this) });
      res.#statusText = this.#statusText;
      res.#type = this.#type;
      return res;
    }

    static json(data, init = {}) {
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('Value is not JSON serializable');
      const headers = new Headers(init && init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, { ...init, headers });
    }

    static error() {
      const res = Response.received({ status: 0, headers: [], url: '', redirected: false, body: null });
      res.#type = 'error';
      return res;
    }

    static redirect(url, status = 302) {
      if (!REDIRECTS.includes(status)) throw new RangeError('Invalid status code ' + status);
      const res = new Response(null, { status: 200 });
      res.#status = status;
      res.#headers.set('location', new URL(String(url)).href);
      return res;
    }

    get [Symbol.toStringTag]() { return 'Response'; }
  }

  let nextId = 1;

  function fetch(input, init = undefined) {
    return new Promise((resolve, reject) => {
      const request = new Request(input, init);
      const signal = request.signal;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const id = nextId++;
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        host.abort(id);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const finish = (settle) => (value) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        settle(value);
      };
      const body = Body.bytesOf(request);
      host.start({
        id,
        method: request.method,
        url: request.url,
        headers: [...request.headers],
        body: body === null ? undefined : body,
        redirect: request.redirect,
      }).then(finish((r) => resolve(Response.received(r))), finish((e) => {
        reject(e && e.name === 'NetPermissionDenied' ? new TypeError(e.message)
          : new TypeError('fetch failed', { cause: e }));
      }));
    });
  }

  return { Blob, Headers, Request, Response, fetch };
})
