// crypto (Web Crypto) on the JDK: getRandomValues and randomUUID on SecureRandom, subtle.digest
// (SHA-1/256/384/512) on MessageDigest, HMAC sign/verify on Mac, AES-GCM encrypt/decrypt on
// Cipher, with raw keys (importKey/exportKey/generateKey). Other algorithms and key formats
// reject with NotSupportedError.
(function (host) {
  'use strict';
  const QUOTA = 65536;
  const token = Symbol('crypto');
  const INTEGER_ARRAYS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'];
  const DIGESTS = { 'SHA-1': 'SHA-1', 'SHA-256': 'SHA-256', 'SHA-384': 'SHA-384', 'SHA-512': 'SHA-512' };
  const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

  const notSupported = (what) => new DOMException('Unrecognized algorithm name: ' + what, 'NotSupportedError');

  function bytesOf(data, what = 'data') {
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw new TypeError('The "' + what + '" argument must be an instance of ArrayBuffer or ArrayBufferView.');
  }

  function normalize(algorithm) {
    const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
    if (typeof name !== 'string') throw new TypeError('Algorithm: the "name" property must be a string');
    return name.toUpperCase();
  }

  function hashName(hash) {
    const name = normalize(hash);
    if (!(name in DIGESTS)) throw notSupported(name);
    return DIGESTS[name];
  }

  function operationError(e) {
    return e && e.name === 'OperationError' ? new DOMException(e.message, 'OperationError') : e;
  }

  class CryptoKey {
    #type; #extractable; #algorithm; #usages; #bytes;
    constructor(key, algorithm, extractable, usages, bytes) {
      if (key !== token) throw new TypeError('Illegal constructor');
      this.#type = 'secret';
      this.#algorithm = algorithm;
      this.#extractable = Boolean(extractable);
      this.#usages = [...usages];
      this.#bytes = bytes;
    }
    get type() { return this.#type; }
    get extractable() { return this.#extractable; }
    get algorithm() { return this.#algorithm; }
    get usages() { return this.#usages.slice(); }
    get [Symbol.toStringTag]() { return 'CryptoKey'; }
    static bytes(key, usage, algorithm) {
      if (!(key instanceof CryptoKey)) throw new TypeError('The "key" argument must be an instance of CryptoKey.');
      if (key.#algorithm.name !== algorithm) {
        throw new DOMException('The requested operation is not valid for the provided key', 'InvalidAccessError');
      }
      if (usage !== null && !key.#usages.includes(usage)) {
        throw new DOMException('The requested operation is not valid for the provided key', 'InvalidAccessError');
      }
      return key.#bytes;
    }
    static exportable(key) {
      if (!key.#extractable) throw new DOMException('key is not extractable', 'InvalidAccessError');
      return key.#bytes;
    }
  }

  function keyAlgorithm(algorithm, bytes) {
    const name = normalize(algorithm);
    if (name === 'HMAC') {
      return { name: 'HMAC', hash: { name: hashName(algorithm.hash) }, length: bytes.length * 8 };
    }
    if (name === 'AES-GCM') {
      if (![16, 24, 32].includes(bytes.length)) throw new DOMException('Invalid key length', 'DataError');
      return { name: 'AES-GCM', length: bytes.length * 8 };
    }
    throw notSupported(name);
  }

  class SubtleCrypto {
    constructor(key) { if (key !== token) throw new TypeError('Illegal constructor'); }

    async digest(algorithm, data) {
      const name = normalize(algorithm);
      if (!(name in DIGESTS)) throw notSupported(name);
      return host.digest(DIGESTS[name], bytesOf(data));
    }

    async importKey(format, keyData, algorithm, extractable, usages) {
      if (format !== 'raw') throw new DOMException('Unsupported key format: ' + format, 'NotSupportedError');
      const bytes = bytesOf(keyData, 'keyData').slice();
      return new CryptoKey(token, keyAlgorithm(algorithm, bytes), extractable, usages, bytes);
    }

    async exportKey(format, key) {
      if (format !== 'raw') throw new DOMException('Unsupported key format: ' + format, 'NotSupportedError');
      return CryptoKey.exportable(key).slice().buffer;
    }

    async generateKey(algorithm, extractable, usages) {
      const name = normalize(algorithm);
      let length;
      if (name === 'HMAC') length = algorithm.length !== undefined ? algorithm.length / 8 : { 'SHA-1': 64, 'SHA-256': 64, 'SHA-384': 128, 'SHA-512': 128 }[hashName(algorithm.hash)];
      else if (name === 'AES-GCM') length = algorithm.length / 8;
      else throw notSupported(name);
      const bytes = new Uint8Array(host.randomBytes(length));
      return new CryptoKey(token, keyAlgorithm(algorithm, bytes), extractable, usages, bytes);
    }

    async sign(algorithm, key, data) {
      if (normalize(algorithm) !== 'HMAC') throw notSupported(normalize(algorithm));
      const bytes = CryptoKey.bytes(key, 'sign', 'HMAC');
      return host.hmac(key.algorithm.hash.name, bytes, bytesOf(data));
    }

    async verify(algorithm, key, signature, data) {
      if (normalize(algorithm) !== 'HMAC') throw notSupported(normalize(algorithm));
      const bytes = CryptoKey.bytes(key, 'verify', 'HMAC');
      const expected = new Uint8Array(host.hmac(key.algorithm.hash.name, bytes, bytesOf(data)));
      const actual = bytesOf(signature, 'signature');
      if (expected.length !== actual.length) return false;
      let diff = 0;
      for (let i = 0; i < expected.length; i++) diff |= expected[i] ^ actual[i];
      return diff === 0;
    }

    async encrypt(algorithm, key, data) { return this.#aesGcm(true, algorithm, key, data); }
    async decrypt(algorithm, key, data) { return this.#aesGcm(false, algorithm, key, data); }

    #aesGcm(encrypt, algorithm, key, data) {
      if (normalize(algorithm) !== 'AES-GCM') throw notSupported(normalize(algorithm));
      const bytes = CryptoKey.bytes(key, encrypt ? 'encrypt' : 'decrypt', 'AES-GCM');
      const tagLength = algorithm.tagLength === undefined ? 128 : algorithm.tagLength;
      const aad = algorithm.additionalData === undefined ? new Uint8Array(0) : bytesOf(algorithm.additionalData, 'additionalData');
      try {
        return host.aesGcm(encrypt, bytes, bytesOf(algorithm.iv, 'iv'), bytesOf(data), aad, tagLength);
      } catch (e) {
        throw operationError(e);
      }
    }

    get [Symbol.toStringTag]() { return 'SubtleCrypto'; }
  }

  const subtle = new SubtleCrypto(token);
  let uuidPool = new Uint8Array(0);
  let uuidOffset = 0;

  class Crypto {
    constructor(key) { if (key !== token) throw new TypeError('Illegal constructor'); }
    get subtle() { return subtle; }

    getRandomValues(array) {
      if (!ArrayBuffer.isView(array) || array instanceof DataView || !INTEGER_ARRAYS.includes(array.constructor.name)) {
        throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
      }
      if (array.byteLength > QUOTA) {
        throw new DOMException("The ArrayBufferView's byte length (" + array.byteLength
          + ') exceeds the number of bytes of entropy available via this API (' + QUOTA + ')', 'QuotaExceededError');
      }
      if (array.byteLength > 0) {
        new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(new Uint8Array(host.randomBytes(array.byteLength)));
      }
      return array;
    }

    randomUUID() {
      // Entropy for 128 UUIDs per call into Java, as Node caches it.
      if (uuidOffset === uuidPool.length) {
        uuidPool = new Uint8Array(host.randomBytes(16 * 128));
        uuidOffset = 0;
      }
      const b = uuidPool.subarray(uuidOffset, uuidOffset += 16);
      b[6] = (b[6] & 0x0F) | 0x40;
      b[8] = (b[8] & 0x3F) | 0x80;
      const h = HEX;
      return h[b[0]] + h[b[1]] + h[b[2]] + h[b[3]] + '-' + h[b[4]] + h[b[5]] + '-' + h[b[6]] + h[b[7]] + '-'
        + h[b[8]] + h[b[9]] + '-' + h[b[10]] + h[b[11]] + h[b[12]] + h[b[13]] + h[b[14]] + h[b[15]];
    }

    get [Symbol.toStringTag]() { return 'Crypto'; }
  }

  return { crypto: new Crypto(token), Crypto, SubtleCrypto, CryptoKey };
})
