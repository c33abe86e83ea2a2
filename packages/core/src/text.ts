// Small text helpers shared across the library: wildcard matching, "did you mean" suggestions, and the
// runner's file-command format (what an action writes to GITHUB_OUTPUT), read by the CLI and the tests.

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

/**
 * The optimal-string-alignment distance between two words: insertions, deletions, substitutions and
 * swaps of two neighbouring characters each cost one. Case-insensitive.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // Three rows of the dynamic-programming table are enough for the swap rule.
  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, before[j - 2]! + 1);
      }
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The candidate closest to `word`, when it is close enough to be what was meant: at most a third of the
 * word's length away (and at least 1, at most 3 edits). A candidate that starts with the word (an
 * abbreviation) also counts. Ties go to the earlier candidate. Undefined when nothing is close.
 */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of list) {
    if (candidate.toLowerCase() === word.toLowerCase()) return candidate;
    const distance = editDistance(word, candidate);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  if (best) return best.candidate;
  if (word.length >= 3) {
    const prefixed = list.filter((candidate) => candidate.toLowerCase().startsWith(word.toLowerCase()));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}

/** The runner's file-command format: `name=value` lines and `name<<DELIMITER` heredocs. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      values[name!] = value.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}
