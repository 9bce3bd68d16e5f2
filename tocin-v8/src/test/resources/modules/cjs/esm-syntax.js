export const detected = 'esm';
