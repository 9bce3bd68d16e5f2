// atob/btoa with the HTML standard's forgiving-base64 rules; failures are DOMExceptions named
// InvalidCharacterError, as in browsers and Node.
(function (host) {
  'use strict';
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

  const missing = (name) => {
    const e = new TypeError('The "' + name + '" argument must be specified');
    e.code = 'ERR_MISSING_ARGS';
    return e;
  };

  function atob(data) {
    if (arguments.length === 0) throw missing('data');
    let s = String(data).replace(/[\t\n\f\r ]/g, '');
    if (s.length % 4 === 0) s = s.replace(/==?$/, '');
    if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
      throw new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
    }
    let out = '';
    let buffer = 0, bits = 0;
    for (let i = 0; i < s.length; i++) {
      buffer = (buffer << 6) | VALUE[s.charCodeAt(i)];
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += String.fromCharCode((buffer >> bits) & 0xFF);
      }
    }
    return out;
  }

  function btoa(data) {
    if (arguments.length === 0) throw missing('data');
    const s = String(data);
    let out = '';
    for (let i = 0; i < s.length; i += 3) {
      const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
      if (a > 0xFF || b > 0xFF || c > 0xFF) throw new DOMException('Invalid character', 'InvalidCharacterError');
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63]
        + (i + 1 < s.length ? ALPHABET[(n >> 6) & 63] : '=')
        + (i + 2 < s.length ? ALPHABET[n & 63] : '=');
    }
    return out;
  }

  return { atob, btoa };
})
