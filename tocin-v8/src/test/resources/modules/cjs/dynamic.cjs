module.exports = import('./esm-dep.mjs').then((ns) => ns.v + ns.default);
