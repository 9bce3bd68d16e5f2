import x from './main.mjs' with { type: 'json' };
export default x;
