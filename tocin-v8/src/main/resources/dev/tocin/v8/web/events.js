// Event, EventTarget, CustomEvent, AbortController and AbortSignal, as the DOM standard defines
// them for targets without a tree (Node's EventTarget): capture flag (part of a listener's identity), once, passive,
// signal, handleEvent objects, stopImmediatePropagation. A throwing listener does not stop the
// others; its error is reported as uncaught, as in Node.
(function (host) {
  'use strict';
  const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;
  const internal = Symbol('internal');

  class Event {
    #type;
    #bubbles;
    #cancelable;
    #composed;
    #timeStamp = globalThis.performance.now();
    #canceled = false;
    #stop = false;
    #stopImmediate = false;
    #target = null;
    #current = null;
    #phase = NONE;
    #dispatching = false;
    #passive = false;

    constructor(type, options = {}) {
      if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
      const o = options === null || options === undefined ? {} : options;
      this.#type = String(type);
      this.#bubbles = Boolean(o.bubbles);
      this.#cancelable = Boolean(o.cancelable);
      this.#composed = Boolean(o.composed);
    }

    get type() { return this.#type; }
    get bubbles() { return this.#bubbles; }
    get cancelable() { return this.#cancelable; }
    get composed() { return this.#composed; }
    get defaultPrevented() { return this.#cancelable && this.#canceled; }
    get timeStamp() { return this.#timeStamp; }
    get target() { return this.#target; }
    get srcElement() { return this.#target; }
    get currentTarget() { return this.#current; }
    get eventPhase() { return this.#phase; }
    get isTrusted() { return false; }
    get returnValue() { return !this.defaultPrevented; }
    set returnValue(v) { if (!v) this.preventDefault(); }
    get cancelBubble() { return this.#stop; }
    set cancelBubble(v) { if (v) this.#stop = true; }
    composedPath() { return this.#dispatching && this.#current ? [this.#current] : []; }
    preventDefault() { if (this.#cancelable && !this.#passive) this.#canceled = true; }
    stopPropagation() { this.#stop = true; }
    stopImmediatePropagation() { this.#stop = true; this.#stopImmediate = true; }
    get [Symbol.toStringTag]() { return 'Event'; }

    // Dispatch state, reached only through the internal symbol (not part of the public surface).
    static [internal] = {
      begin(e, target) {
        if (e.#dispatching) throw new DOMException('The event is already being dispatched.', 'InvalidStateError');
        e.#dispatching = true;
        e.#target = target;
        e.#current = target;
        e.#phase = AT_TARGET;
      },
      end(e) {
        e.#dispatching = false;
        e.#current = null;
        e.#phase = NONE;
        e.#stop = false;
        e.#stopImmediate = false;
      },
      stoppedImmediately: (e) => e.#stopImmediate,
      passive(e, p) { e.#passive = p; },
    };
  }
  for (const [k, v] of Object.entries({ NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE })) {
    Object.defineProperty(Event, k, { value: v, enumerable: true });
    Object.defineProperty(Event.prototype, k, { value: v, enumerable: true });
  }

  class CustomEvent extends Event {
    #detail;
    constructor(type, options = {}) {
      super(type, options);
      this.#detail = options && options.detail !== undefined ? options.detail : null;
    }
    get detail() { return this.#detail; }
    get [Symbol.toStringTag]() { return 'CustomEvent'; }
  }

  function flatten(options) {
    if (typeof options === 'boolean') return { capture: options, once: false, passive: false, signal: undefined };
    const o = options === null || options === undefined ? {} : options;
    return { capture: Boolean(o.capture), once: Boolean(o.once), passive: Boolean(o.passive), signal: o.signal };
  }

  function report(error) {
    queueMicrotask(() => { throw error; });
  }

  class EventTarget {
    #listeners = new Map(); // type -> array of { callback, capture, once, passive, removed }

    addEventListener(type, callback, options) {
      if (callback === null || callback === undefined) return;
      if (typeof callback !== 'function' && typeof callback !== 'object') {
        throw new TypeError('The "listener" argument must be an instance of EventListener.');
      }
      const { capture, once, passive, signal } = flatten(options);
      if (signal !== undefined && signal.aborted) return;
      const key = String(type);
      let list = this.#listeners.get(key);
      if (list === undefined) this.#listeners.set(key, list = []);
      if (list.some((l) => l.callback === callback && l.capture === capture)) return;
      const listener = { callback, capture, once, passive, removed: false };
      list.push(listener);
      if (signal !== undefined) {
        signal.addEventListener('abort', () => this.removeEventListener(key, callback, { capture }), { once: true });
      }
    }

    removeEventListener(type, callback, options) {
      const capture = typeof options === 'boolean' ? options : Boolean(options && options.capture);
      const list = this.#listeners.get(String(type));
      if (list === undefined) return;
      const i = list.findIndex((l) => l.callback === callback && l.capture === capture);
      if (i >= 0) {
        list[i].removed = true;
        list.splice(i, 1);
      }
    }

    dispatchEvent(event) {
      if (!(event instanceof Event)) {
        throw new TypeError('The "event" argument must be an instance of Event.');
      }
      const state = Event[internal];
      state.begin(event, this);
      try {
        const list = this.#listeners.get(event.type);
        if (list !== undefined) {
          // In the order added, capture or not, as Node does (a target without a tree has no capture phase).
          for (const l of list.slice()) {
            if (l.removed) continue;
            if (l.once) this.removeEventListener(event.type, l.callback, { capture: l.capture });
            state.passive(event, l.passive);
            try {
              if (typeof l.callback === 'function') l.callback.call(this, event);
              else if (typeof l.callback.handleEvent === 'function') l.callback.handleEvent(event);
            } catch (e) {
              report(e);
            }
            state.passive(event, false);
            if (state.stoppedImmediately(event)) break;
          }
        }
      } finally {
        state.end(event);
      }
      return !event.defaultPrevented;
    }

    get [Symbol.toStringTag]() { return 'EventTarget'; }
  }

  const token = Symbol('AbortSignal');
  const abortSignal = Symbol('abort');

  class AbortSignal extends EventTarget {
    #aborted = false;
    #reason = undefined;
    #onabort = null;

    constructor(key) {
      if (key !== token) throw new TypeError('Illegal constructor');
      super();
    }

    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }
    get onabort() { return this.#onabort; }
    set onabort(handler) {
      if (this.#onabort) this.removeEventListener('abort', this.#onabort);
      this.#onabort = typeof handler === 'function' ? handler : null;
      if (this.#onabort) this.addEventListener('abort', this.#onabort);
    }

    throwIfAborted() {
      if (this.#aborted) throw this.#reason;
    }

    [abortSignal](reason) {
      if (this.#aborted) return;
      this.#aborted = true;
      this.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
      this.dispatchEvent(new Event('abort'));
    }

    static abort(reason) {
      const s = new AbortSignal(token);
      s[abortSignal](reason);
      return s;
    }

    static timeout(ms) {
      const delay = Number(ms);
      if (!Number.isFinite(delay) || delay < 0) {
        throw new RangeError('The value of "delay" is out of range. It must be >= 0 && <= 4294967295. Received ' + ms);
      }
      const s = new AbortSignal(token);
      // Like Node, a timeout signal does not keep the program alive.
      setTimeout(() => s[abortSignal](new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
        delay).unref();
      return s;
    }

    static any(signals) {
      const list = [...signals];
      for (const s of list) {
        if (!(s instanceof AbortSignal)) throw new TypeError('The "signals" argument must be an array of AbortSignal.');
      }
      const result = new AbortSignal(token);
      const done = list.find((s) => s.aborted);
      if (done) {
        result[abortSignal](done.reason);
        return result;
      }
      for (const s of list) {
        s.addEventListener('abort', () => result[abortSignal](s.reason), { once: true });
      }
      return result;
    }

    get [Symbol.toStringTag]() { return 'AbortSignal'; }
  }

  class AbortController {
    #signal = new AbortSignal(token);
    get signal() { return this.#signal; }
    abort(reason) { this.#signal[abortSignal](reason); }
    get [Symbol.toStringTag]() { return 'AbortController'; }
  }

  return { Event, EventTarget, CustomEvent, AbortController, AbortSignal };
})
