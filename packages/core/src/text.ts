// Small text helpers shared across the library.

/**
 * Whether `text` matches `pattern`, where `*` stands for any run of characters (none included) and
 * every other character for itself. Linear in the text: the pieces between stars are found in order,
 * each at its first place, which is enough when `*` is the only wildcard; no regular expression is
 * built, so a pattern can never make matching slow.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  let position = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    if (piece === '') continue;
    const found = text.indexOf(piece, position);
    if (found < 0 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}
