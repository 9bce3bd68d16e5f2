module.exports = {
  filename: __filename,
  dirname: __dirname,
  same: module.exports === exports && this === exports,
  cached: require.cache[__filename] === module,
  resolved: require.resolve('./named.cjs'),
  id: module.id,
  main: require.main === module,
};
