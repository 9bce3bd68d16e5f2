require('./tla.mjs');
