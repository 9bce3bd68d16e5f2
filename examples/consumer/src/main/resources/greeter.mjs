export function greet(name) {
  return `Hello, ${name}!`;
}

export async function total(prices) {
  await null;
  return prices.reduce((sum, p) => sum + p, 0);
}
