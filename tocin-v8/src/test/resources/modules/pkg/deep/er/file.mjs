export const where = "deep";
