import { a, fromA } from './a.mjs';
export const b = 'b';
export function fromB() { return 'B sees ' + a; }
export const lazy = () => fromA();
