export const before = 1;
function fail() {
  throw new RangeError('boom at evaluation');
}
fail();
