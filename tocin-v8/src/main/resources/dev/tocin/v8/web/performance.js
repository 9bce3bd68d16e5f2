// performance: now() and timeOrigin from the JDK's monotonic clock (host.now, host.timeOrigin),
// and the User Timing marks and measures.
(function (host) {
  'use strict';
  const now = host.now;
  const entries = [];

  class PerformanceEntry {
    #name; #type; #start; #duration; #detail;
    constructor(name, type, start, duration, detail) {
      this.#name = name; this.#type = type; this.#start = start; this.#duration = duration; this.#detail = detail;
    }
    get name() { return this.#name; }
    get entryType() { return this.#type; }
    get startTime() { return this.#start; }
    get duration() { return this.#duration; }
    get detail() { return this.#detail; }
    toJSON() {
      return { name: this.#name, entryType: this.#type, startTime: this.#start, duration: this.#duration, detail: this.#detail };
    }
  }
  class PerformanceMark extends PerformanceEntry {
    get [Symbol.toStringTag]() { return 'PerformanceMark'; }
  }
  class PerformanceMeasure extends PerformanceEntry {
    get [Symbol.toStringTag]() { return 'PerformanceMeasure'; }
  }

  function timeOf(mark) {
    if (typeof mark === 'number') return mark;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === 'mark' && entries[i].name === mark) return entries[i].startTime;
    }
    throw new DOMException('The "' + mark + '" performance mark has not been set', 'SyntaxError');
  }

  const clear = (type) => (name) => {
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === type && (name === undefined || entries[i].name === String(name))) entries.splice(i, 1);
    }
  };

  const timeOrigin = host.timeOrigin();
  const performance = {
    get timeOrigin() { return timeOrigin; },
    now() { return now(); },
    mark(name, options = {}) {
      const o = options || {};
      const start = o.startTime === undefined ? now() : Number(o.startTime);
      if (!(start >= 0)) throw new TypeError('The "startTime" option must be a non-negative number');
      const entry = new PerformanceMark(String(name), 'mark', start, 0, o.detail === undefined ? null : o.detail);
      entries.push(entry);
      return entry;
    },
    measure(name, startOrOptions, endMark) {
      let start = 0, end, detail = null;
      if (startOrOptions !== null && typeof startOrOptions === 'object') {
        const o = startOrOptions;
        if (o.start !== undefined) start = timeOf(o.start);
        if (o.end !== undefined) end = timeOf(o.end);
        else if (o.duration !== undefined) end = start + Number(o.duration);
        if (o.start === undefined && o.duration !== undefined && o.end !== undefined) start = end - Number(o.duration);
        if (o.detail !== undefined) detail = o.detail;
      } else if (startOrOptions !== undefined) {
        start = timeOf(startOrOptions);
      }
      if (end === undefined) end = endMark === undefined ? now() : timeOf(endMark);
      const entry = new PerformanceMeasure(String(name), 'measure', start, end - start, detail);
      entries.push(entry);
      return entry;
    },
    getEntries() { return entries.slice(); },
    getEntriesByName(name, type) {
      return entries.filter((e) => e.name === String(name) && (type === undefined || e.entryType === type));
    },
    getEntriesByType(type) { return entries.filter((e) => e.entryType === type); },
    clearMarks: clear('mark'),
    clearMeasures: clear('measure'),
    toJSON() { return { timeOrigin }; },
    get [Symbol.toStringTag]() { return 'Performance'; },
  };

  return { performance };
})
