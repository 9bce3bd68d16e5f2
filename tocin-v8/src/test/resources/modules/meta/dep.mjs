export const dep = 'dep';
globalThis.depEvaluations = (globalThis.depEvaluations ?? 0) + 1;
