export const url = import.meta.url;
export const filename = import.meta.filename;
export const dirname = import.meta.dirname;
export const resolved = import.meta.resolve('./dep.mjs');
export const protoIsNull = Object.getPrototypeOf(import.meta) === null;
export const lazy = () => import('./dep.mjs');
export const lazyJson = () => import('./data.json', { with: { type: 'json' } });
export const lazyMissing = () => import('./nope.mjs');
export const line = new Error().stack;
export function where() { throw new Error('position check'); }
