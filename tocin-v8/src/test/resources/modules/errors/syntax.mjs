export const ok = 1;
export const broken = {
  a: 1,,
};
