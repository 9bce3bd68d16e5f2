import { kind } from 'dual';
import named, { a, b } from './named.cjs';
import * as babel from './babel.cjs';
import greet, { extra } from './fn.cjs';
export const result = {
  kind, a, b, namedDefault: named.a,
  babelKeys: Object.keys(babel).sort(), babelDefault: babel.default.default,
  greeting: greet('ada'), extra,
};
