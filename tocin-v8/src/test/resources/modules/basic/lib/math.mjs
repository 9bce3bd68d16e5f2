export const double = (x) => x * 2;
globalThis.mathEvaluations = (globalThis.mathEvaluations ?? 0) + 1;
