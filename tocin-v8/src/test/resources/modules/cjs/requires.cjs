const ns = require('./esm-dep.mjs');
module.exports = {
  esm: ns.v + ns.default,
  json: require('./data.json').answer,
  dir: require('./dir').fromIndex,
  main: require('./lib').fromMain,
  dual: require('dual').kind,
  legacy: require('legacy').legacy,
  typed: require('typed').typed,
  browserFalse: require('browserish'),
  esmInCjs: require('esm-in-cjs').x,
  browserMain: require('browser-main'),
  cycle: require('./cycle-a.cjs'),
  cycleB: require('./cycle-b.cjs').sawPartialA,
};
