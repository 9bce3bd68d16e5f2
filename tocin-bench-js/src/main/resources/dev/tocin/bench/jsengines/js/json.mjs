// JSON: builds an array of order-like records, then repeatedly serialises, parses, and
// aggregates them (JSON.stringify/parse, string building, property access). Our own code.
// Returns a checksum over the text length and the parsed values of the last round.
function records(count) {
  const out = [];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < count; i++) {
    out.push({
      id: i,
      customer: `customer-${next() % 1000}`,
      tags: ['a', 'b', 'c'].slice(0, 1 + (next() % 3)),
      lines: Array.from({ length: 1 + (next() % 4) }, (_, k) => ({
        sku: `SKU${(next() % 100000).toString(36)}`,
        qty: 1 + (next() % 9),
        price: (next() % 10000) / 100,
      })),
      paid: next() % 2 === 0,
      note: next() % 5 === 0 ? null : 'deliver "before" noon\n\u00e9t\u00e9',
    });
  }
  return out;
}

/** {@code rounds} stringify/parse/aggregate rounds over 500 records; returns "textLength:totalCents". */
export function run(rounds) {
  let data = records(500);
  let text = '';
  let cents = 0;
  for (let r = 0; r < rounds; r++) {
    text = JSON.stringify(data);
    const parsed = JSON.parse(text);
    cents = 0;
    for (const order of parsed) {
      for (const line of order.lines) cents += Math.round(line.qty * line.price * 100);
      if (order.paid) order.tags.push('paid');
      order.tags = order.tags.slice(-3);
    }
    data = parsed;
  }
  return `${text.length}:${cents}`;
}
