import { b, fromB } from './b.mjs';
export const a = 'a';
export function fromA() { return 'A sees ' + b; }
export const seen = fromB();
