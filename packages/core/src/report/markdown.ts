// Markdown for job summaries and PR comments: table cells, tables, and digests shortened for reading.

/** Text for a table cell: no pipes, no HTML, no line breaks. */
export function markdownCell(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** A table: a header row, its rule, and one line per row (cells are used as given: pass them through markdownCell). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** A digest as code, cut to its first 12 hex digits: `` `sha256:0123456789ab…` ``; `empty` when there is none. */
export function shortDigest(digest: string | undefined, empty = ''): string {
  if (!digest) return empty;
  const colon = digest.indexOf(':');
  return `\`${digest.slice(0, colon + 13)}…\``;
}
