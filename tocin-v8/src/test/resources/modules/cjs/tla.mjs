await Promise.resolve();
export const x = 1;
