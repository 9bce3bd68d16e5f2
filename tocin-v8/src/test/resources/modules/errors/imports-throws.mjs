import { before } from './throws.mjs';
export const x = before;
