import { later } from './dep.mjs';
export const value = await Promise.resolve(later + 1);
