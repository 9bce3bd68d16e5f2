import { double } from './lib/math';
import { quadruple } from './lib/helpers';
export const value = quadruple(double(1));
