// the dependency exists but does not export `nope`
import { nope } from './fine.mjs';
export const x = nope;
