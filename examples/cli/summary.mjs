export function summary(url, count) {
  const file = url.slice(url.lastIndexOf('/') + 1);
  return `${file} converted ${count} word${count === 1 ? '' : 's'}`;
}
