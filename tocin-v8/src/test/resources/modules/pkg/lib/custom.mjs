export const custom = "custom";
