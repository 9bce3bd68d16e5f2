import { double } from './lib/math.mjs';
import * as math from './lib/math.mjs';
export * as helpers from './lib/helpers.js';
export { double };
export const viaNs = math.double(21);
globalThis.mainEvaluations = (globalThis.mainEvaluations ?? 0) + 1;
