import { double } from './math.mjs';
export const quadruple = (x) => double(double(x));
