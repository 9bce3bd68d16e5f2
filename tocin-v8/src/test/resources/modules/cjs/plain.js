globalThis.plainThis = this;
