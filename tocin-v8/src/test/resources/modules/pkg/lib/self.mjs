export const self = "self";
