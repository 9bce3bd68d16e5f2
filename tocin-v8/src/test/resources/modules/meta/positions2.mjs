const a = import.meta.url; const b = await import('./dep.mjs'); const z = null; export const c = z.x;
