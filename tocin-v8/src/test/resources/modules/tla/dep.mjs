await null;
export const later = await new Promise((resolve) => Promise.resolve().then(() => resolve(41)));
