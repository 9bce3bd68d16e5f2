import data from './bad.json' with { type: 'json' };
export default data;
