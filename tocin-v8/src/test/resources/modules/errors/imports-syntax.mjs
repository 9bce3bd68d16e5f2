import { ok } from './syntax.mjs';
export const x = ok;
