export const v = 40;
export default 2;
