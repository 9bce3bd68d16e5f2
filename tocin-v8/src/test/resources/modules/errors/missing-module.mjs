import { fine } from './fine.mjs';
  import { gone } from './does-not-exist.mjs';
export const x = gone + fine;
