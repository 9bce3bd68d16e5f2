// The seed guide's example module.
export function greet(name) {
  return `Hello, ${name}!`;
}

export const PI = 3.14159;

export class Calculator {
  add(a, b) { return a + b; }
  multiply(a, b) { return a * b; }
}
