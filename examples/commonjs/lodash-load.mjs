// Cold load of lodash (CommonJS, one 540 KB file) inside a fresh process: process/JVM start not counted.
const t0 = Date.now();
const { default: _ } = await import('lodash');
console.log(`lodash ${_.VERSION} loaded in ${Date.now() - t0} ms`);
