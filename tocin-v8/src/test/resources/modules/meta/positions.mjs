const a = import.meta.url; const b = await import('./dep.mjs'); export const c = [a, b.dep];
  null.boom; // column 8 on line 2 after two transforms on line 1
