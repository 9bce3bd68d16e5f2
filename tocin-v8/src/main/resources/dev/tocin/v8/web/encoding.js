// TextEncoder and TextDecoder (WHATWG Encoding): UTF-8, UTF-16LE/BE and windows-1252 under all
// their labels; fatal, ignoreBOM and streaming decode. Decoders follow the standard's algorithms
// byte by byte (errors replace a maximal invalid subpart by U+FFFD, or throw when fatal).
(function (host) {
  'use strict';
  const LABELS = new Map();
  const label = (encoding, names) => { for (const n of names.split(' ')) LABELS.set(n, encoding); };
  label('utf-8', 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8');
  label('utf-16le', 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le');
  label('utf-16be', 'unicodefffe utf-16be');
  label('windows-1252', 'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100'
    + ' iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252');
  const WINDOWS_1252_HIGH = [0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030,
    0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178];

  function utf8Encode(input, out, outStart, srcLimit) {
    // Returns [read, written]; stops before a code point that does not fit.
    let i = 0;
    let o = outStart;
    const n = input.length;
    const cap = out.length;
    while (i < n) {
      let c = input.charCodeAt(i);
      if (c < 0x80) {
        if (o >= cap) break;
        out[o++] = c;
        i++;
        continue;
      }
      let units = 1;
      if (c >= 0xD800 && c <= 0xDFFF) {
        const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
        if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
          units = 2;
        } else {
          c = 0xFFFD;
        }
      }
      if (c < 0x800) {
        if (o + 2 > cap) break;
        out[o++] = 0xC0 | (c >> 6);
        out[o++] = 0x80 | (c & 0x3F);
      } else if (c < 0x10000) {
        if (o + 3 > cap) break;
        out[o++] = 0xE0 | (c >> 12);
        out[o++] = 0x80 | ((c >> 6) & 0x3F);
        out[o++] = 0x80 | (c & 0x3F);
      } else {
        if (o + 4 > cap) break;
        out[o++] = 0xF0 | (c >> 18);
        out[o++] = 0x80 | ((c >> 12) & 0x3F);
        out[o++] = 0x80 | ((c >> 6) & 0x3F);
        out[o++] = 0x80 | (c & 0x3F);
      }
      i += units;
    }
    return [i, o - outStart];
  }

  /** The UTF-8 length of s, lone surrogates counting as U+FFFD (3 bytes). */
  function utf8Length(s) {
    let n = s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) continue;
      if (c < 0x800) { n += 1; continue; }
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xDC00 && next <= 0xDFFF) { n += 2; i++; continue; }
      }
      n += 2;
    }
    return n;
  }

  /**
   * Decoded UTF-16 code units: each input byte yields at most one unit (a 4-byte UTF-8 sequence
   * two), so the buffer is sized by the input and nothing grows while decoding.
   */
  class Output {
    constructor(capacity) {
      this.units = new Uint16Array(capacity);
      this.length = 0;
    }
    push(cp) {
      if (cp < 0x10000) {
        this.units[this.length++] = cp;
      } else {
        this.units[this.length++] = 0xD800 + ((cp - 0x10000) >> 10);
        this.units[this.length++] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      }
    }
    toString(start) {
      let s = '';
      for (let i = start; i < this.length; i += 8192) {
        s += String.fromCharCode.apply(null, this.units.subarray(i, Math.min(i + 8192, this.length)));
      }
      return s;
    }
  }

  class TextEncoder {
    get encoding() { return 'utf-8'; }

    encode(input = '') {
      const s = String(input);
      const out = new Uint8Array(utf8Length(s));
      utf8Encode(s, out, 0);
      return out;
    }

    encodeInto(source, destination) {
      if (!(destination instanceof Uint8Array)) {
        throw new TypeError('The "dest" argument must be an instance of Uint8Array.');
      }
      const [read, written] = utf8Encode(String(source), destination, 0);
      return { read, written };
    }

    get [Symbol.toStringTag]() { return 'TextEncoder'; }
  }

  function bytesOf(input) {
    if (input === undefined) return new Uint8Array(0);
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer)) {
      return new Uint8Array(input);
    }
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.');
  }

  function invalid(encoding) {
    const e = new TypeError('The encoded data was not valid for encoding ' + encoding);
    e.code = 'ERR_ENCODING_INVALID_ENCODED_DATA';
    return e;
  }

  // Each decoder: push(bytes, out, fail) appends code points to out; end(out, fail) flushes.
  function utf8Decoder() {
    let need = 0, seen = 0, cp = 0, lower = 0x80, upper = 0xBF;
    return {
      push(bytes, out, fail) {
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i];
          if (need === 0) {
            if (b < 0x80) out.push(b);
            else if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; }
            else if (b >= 0xE0 && b <= 0xEF) {
              if (b === 0xE0) lower = 0xA0;
              if (b === 0xED) upper = 0x9F;
              need = 2; cp = b & 0xF;
            } else if (b >= 0xF0 && b <= 0xF4) {
              if (b === 0xF0) lower = 0x90;
              if (b === 0xF4) upper = 0x8F;
              need = 3; cp = b & 0x7;
            } else fail(out);
            continue;
          }
          if (b < lower || b > upper) {
            need = seen = cp = 0; lower = 0x80; upper = 0xBF;
            fail(out);
            i--; // the byte starts over
            continue;
          }
          lower = 0x80; upper = 0xBF;
          cp = (cp << 6) | (b & 0x3F);
          if (++seen === need) {
            out.push(cp);
            need = seen = cp = 0;
          }
        }
      },
      end(out, fail) {
        if (need !== 0) {
          need = seen = cp = 0; lower = 0x80; upper = 0xBF;
          fail(out);
        }
      },
    };
  }

  function utf16Decoder(littleEndian) {
    let leadByte = -1, leadSurrogate = -1;
    const unit = (out, fail, cu) => {
      if (leadSurrogate !== -1) {
        const lead = leadSurrogate;
        leadSurrogate = -1;
        if (cu >= 0xDC00 && cu <= 0xDFFF) {
          out.push(0x10000 + ((lead - 0xD800) << 10) + (cu - 0xDC00));
          return;
        }
        fail(out);
      }
      if (cu >= 0xD800 && cu <= 0xDBFF) leadSurrogate = cu;
      else if (cu >= 0xDC00 && cu <= 0xDFFF) fail(out);
      else out.push(cu);
    };
    return {
      push(bytes, out, fail) {
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i];
          if (leadByte === -1) { leadByte = b; continue; }
          const cu = littleEndian ? leadByte | (b << 8) : (leadByte << 8) | b;
          leadByte = -1;
          unit(out, fail, cu);
        }
      },
      end(out, fail) {
        if (leadByte !== -1 || leadSurrogate !== -1) {
          leadByte = leadSurrogate = -1;
          fail(out);
        }
      },
    };
  }

  function windows1252Decoder() {
    return {
      push(bytes, out) {
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i];
          out.push(b >= 0x80 && b <= 0x9F ? WINDOWS_1252_HIGH[b - 0x80] : b);
        }
      },
      end() {},
    };
  }

  class TextDecoder {
    #encoding;
    #fatal;
    #ignoreBOM;
    #decoder = null;
    #bomSeen = false;

    constructor(label = 'utf-8', options = {}) {
      const key = String(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
      const encoding = LABELS.get(key);
      if (encoding === undefined) {
        const e = new RangeError('The "' + label + '" encoding is not supported');
        e.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw e;
      }
      this.#encoding = encoding;
      const opts = options === undefined || options === null ? {} : options;
      if (typeof opts !== 'object' && typeof opts !== 'function') {
        throw new TypeError('The "options" argument must be of type object.');
      }
      this.#fatal = Boolean(opts.fatal);
      this.#ignoreBOM = Boolean(opts.ignoreBOM);
    }

    get encoding() { return this.#encoding; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }

    decode(input = undefined, options = {}) {
      const bytes = bytesOf(input);
      const stream = Boolean(options && options.stream);
      if (this.#decoder === null) {
        this.#decoder = this.#encoding === 'utf-8' ? utf8Decoder()
          : this.#encoding === 'windows-1252' ? windows1252Decoder()
            : utf16Decoder(this.#encoding === 'utf-16le');
        this.#bomSeen = false;
      }
      // Pending bytes of a streamed sequence may each end as U+FFFD, so leave room for them.
      const out = new Output(bytes.length + 4);
      const fatal = this.#fatal;
      const encoding = this.#encoding;
      const fail = (o) => {
        if (fatal) {
          this.#decoder = null;
          throw invalid(encoding);
        }
        o.push(0xFFFD);
      };
      this.#decoder.push(bytes, out, fail);
      if (!stream) {
        this.#decoder.end(out, fail);
        this.#decoder = null;
      }
      let start = 0;
      if (!this.#bomSeen && out.length > 0) {
        this.#bomSeen = true;
        if (!this.#ignoreBOM && encoding !== 'windows-1252' && out.units[0] === 0xFEFF) start = 1;
      }
      return out.toString(start);
    }

    get [Symbol.toStringTag]() { return 'TextDecoder'; }
  }

  return { TextEncoder, TextDecoder };
})
