// Text for a terminal: the job summary's markdown rendered as plain text (tables aligned), workflow
// commands turned into readable lines, and help text wrapped.

/** Markdown inline markup reduced to plain text: code spans, emphasis, links, HTML tags, entities. */
export function plainInline(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/\\([|\\`*_[\]()#])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The cells of a table row (`| a | b |`), split on unescaped pipes. */
function cells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => plainInline(cell.trim()));
}

const isDelimiterRow = (line: string) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);

/** A markdown table as aligned columns: a header, a rule, and the rows. */
function renderTable(lines: string[]): string[] {
  const header = cells(lines[0]!);
  const rows = lines.slice(2).map(cells);
  const columns = Math.max(header.length, ...rows.map((row) => row.length));
  const width = (column: number) =>
    Math.max(...[header, ...rows].map((row) => [...(row[column] ?? '')].length));
  const widths = Array.from({ length: columns }, (_, column) => width(column));
  const line = (row: string[]) =>
    widths
      .map((w, column) => (row[column] ?? '').padEnd(w))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

/**
 * The job summary as a terminal shows it: headings underlined, tables aligned in columns, lists kept,
 * markup removed, `<details>` opened. Empty input gives an empty string.
 */
export function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let inCode = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push(`    ${line}`);
      continue;
    }
    if (line.trim().startsWith('|') && isDelimiterRow(lines[i + 1] ?? '')) {
      const table = [line];
      while (i + 1 < lines.length && lines[i + 1]!.trim().startsWith('|')) table.push(lines[++i]!);
      out.push(...renderTable(table));
      continue;
    }
    const heading = /^\s*(#{1,6})\s+(.*)$/.exec(line) ?? /^\s*<h([1-6])[^>]*>(.*)<\/h\1>\s*$/i.exec(line);
    if (heading) {
      const title = plainInline(heading[2]!).trim();
      const level = heading[1]!.startsWith('#') ? heading[1]!.length : Number(heading[1]);
      if (out.length > 0 && out.at(-1) !== '') out.push('');
      out.push(title, (level <= 2 ? '═' : '─').repeat([...title].length));
      continue;
    }
    const summary = /<summary>(.*?)<\/summary>/i.exec(line);
    if (summary) {
      out.push(`▸ ${plainInline(summary[1]!)}`);
      continue;
    }
    if (/^\s*<\/?(details|p|div|table|tr|br)\b[^>]*>\s*$/i.test(line)) continue;
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      out.push(`${bullet[1]}• ${plainInline(bullet[2]!)}`);
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      out.push(`│ ${plainInline(quote[1]!)}`);
      continue;
    }
    if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
      out.push('─'.repeat(40));
      continue;
    }
    out.push(plainInline(line));
  }
  // No runs of blank lines, none at either end.
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Undoes the runner's escaping of a workflow command's message (`%0A` for a newline, …). */
function unescapeData(text: string): string {
  return text
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
}

export interface CommandRenderer {
  /** One line the action printed, rendered; undefined when it shows nothing. */
  line(text: string): { stream: 'stdout' | 'stderr'; text: string } | undefined;
}

/**
 * Renders the workflow commands an action prints (`::group::`, `::error::`, `::add-mask::`, …) the way
 * a terminal user wants them: groups as headings, errors and warnings labelled on stderr, debug lines
 * only when verbose, and every masked secret replaced by `***` from then on, as the runner does.
 */
export function commandRenderer(verbose: boolean): CommandRenderer {
  const secrets: string[] = [];
  const mask = (text: string) => secrets.reduce((masked, secret) => masked.split(secret).join('***'), text);
  let stopToken: string | undefined;
  return {
    line(raw) {
      if (stopToken !== undefined) {
        if (raw === `::${stopToken}::`) stopToken = undefined;
        else return { stream: 'stdout', text: mask(raw) };
        return undefined;
      }
      const command = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(raw);
      if (!command) return { stream: 'stdout', text: mask(raw) };
      const [, name, , data = ''] = command;
      const message = mask(unescapeData(data));
      switch (name) {
        case 'add-mask':
          if (data.length > 0) secrets.push(unescapeData(data));
          return undefined;
        case 'group':
          return { stream: 'stdout', text: `▸ ${message}` };
        case 'endgroup':
          return undefined;
        case 'debug':
          return verbose ? { stream: 'stderr', text: `debug: ${message}` } : undefined;
        case 'error':
          return { stream: 'stderr', text: `error: ${message}` };
        case 'warning':
          return { stream: 'stderr', text: `warning: ${message}` };
        case 'notice':
          return { stream: 'stdout', text: `notice: ${message}` };
        case 'stop-commands':
          stopToken = data;
          return undefined;
        default:
          return verbose ? { stream: 'stderr', text: mask(raw) } : undefined;
      }
    },
  };
}

/** Wraps text at `width` columns, every line after the first indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + 1 + word.length > width - indent) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.join(`\n${' '.repeat(indent)}`);
}
