export const config = "config";
