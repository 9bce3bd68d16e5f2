export function summary(url, count) {
  const file = url.slice(url.lastIndexOf('/') + 1);
  return `${file} greeted ${count} ${count === 1 ? 'person' : 'people'}`;
}
