import { advisoryUrl, compareFindings, type Finding } from '../scan/findings.ts';
import type { Disposition, EvaluatedFinding, Evaluation } from '../scan/evaluate.ts';
import type { ScannerInfo } from '../scan/record.ts';
import { markdownCell } from './markdown.ts';

// The markdown a reviewer reads: the verdict first and why, counts, the blocking findings, what the
// policy excused and why, what changed against the baseline, and the rest folded away.

export interface ScanSummaryOptions {
  /** `repo@sha256:…`. */
  image: string;
  evaluation: Evaluation;
  scanner: ScannerInfo;
  /** Where the full report is (the run URL), for the PR comment's link. */
  runUrl?: string;
  /** Cap on rows per table, so a comment stays under GitHub's 65,536 characters. */
  maxRows?: number;
  /** Today, for the `until=` date the suggested exceptions carry (30 days ahead). */
  now?: Date;
}

/** A finding seen on one or more platforms: one row. */
interface Row {
  finding: EvaluatedFinding;
  platforms: string[];
}

function rows(evaluation: Evaluation, dispositions: Disposition[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const platform of evaluation.platforms) {
    for (const finding of platform.findings) {
      if (!dispositions.includes(finding.disposition)) continue;
      const key = `${finding.id} ${finding.package} ${finding.installed} ${finding.disposition}`;
      const row = byKey.get(key);
      if (row) {
        if (finding.platform) row.platforms.push(finding.platform);
      } else {
        byKey.set(key, { finding, platforms: finding.platform ? [finding.platform] : [] });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => compareFindings(a.finding, b.finding));
}

function idLink(finding: Finding): string {
  const url = advisoryUrl(finding);
  return url ? `[${markdownCell(finding.id)}](${url})` : markdownCell(finding.id);
}

function versions(finding: Finding): string {
  return `${markdownCell(finding.installed)} → ${finding.fixed ? markdownCell(finding.fixed) : '_no fix yet_'}`;
}

function cvss(finding: Finding): string {
  return finding.cvssScore === undefined ? '' : finding.cvssScore.toFixed(1);
}

function table(header: string[], items: Row[], render: (row: Row) => string[], maxRows: number): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of items.slice(0, maxRows)) lines.push(`| ${render(row).join(' | ')} |`);
  if (items.length > maxRows) lines.push('', `_…and ${items.length - maxRows} more in the report._`);
  return lines.join('\n');
}

/** The blocking findings and the ones below the threshold share one layout: what to fix, and how bad. */
function findingsTable(items: Row[], multi: boolean, maxRows: number): string {
  return table(
    ['ID', 'Package', 'Installed → fixed', 'Severity', 'CVSS', ...(multi ? ['Platforms'] : [])],
    items,
    (r) => [
      idLink(r.finding),
      markdownCell(r.finding.package),
      versions(r.finding),
      r.finding.severity,
      cvss(r.finding),
      ...platformsCell(r, multi),
    ],
    maxRows,
  );
}

function platformsCell(row: Row, multi: boolean): string[] {
  return multi ? [markdownCell(row.platforms.join(', '))] : [];
}

/** Numeric-aware order of two version strings: good enough to pick the highest of a package's fixes. */
const versionOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * What makes the image pass: the upgrades that fix the blocking findings (one per package, to the highest
 * fixed version among them), and for a finding with no fix the exception line to add, with an end date.
 */
export function whatToDo(blocking: { finding: Finding }[], now: Date): string[] {
  const upgrades = new Map<string, string>();
  const unfixed = new Map<string, Finding>();
  for (const { finding } of blocking) {
    if (finding.fixed) {
      const current = upgrades.get(finding.package);
      // Trivy lists several fixed versions (one per branch) separated by commas: the first is the nearest.
      const fixed = finding.fixed.split(',')[0]!.trim();
      if (current === undefined || versionOrder(fixed, current) > 0) upgrades.set(finding.package, fixed);
    } else {
      unfixed.set(`${finding.id} ${finding.package}`, finding);
    }
  }
  const lines: string[] = [];
  if (upgrades.size > 0) {
    const list = [...upgrades].map(([name, version]) => `${markdownCell(name)} to ${markdownCell(version)}`);
    lines.push(`**What to do:** upgrade ${list.join(', ')}${unfixed.size > 0 ? ';' : '.'}`);
  }
  if (unfixed.size > 0) {
    const until = new Date(now.getTime() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    lines.push(
      `${upgrades.size > 0 ? 'and for' : '**What to do:** for'} ${plural(unfixed.size, 'finding')} with no fix yet, ` +
        'accept the risk for a while with a line in the `exceptions` input (after review):',
      '',
      '```',
      ...[...unfixed.values()].map(
        (f) =>
          `${f.id.replace(/\s/g, '')} until=${until} package=${f.package.replace(/\s/g, '')} no fix yet, reviewed`,
      ),
      '```',
    );
  }
  return lines;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The job summary. */
export function scanSummaryMarkdown(options: ScanSummaryOptions): string {
  const { evaluation, image } = options;
  const maxRows = options.maxRows ?? 200;
  const multi = evaluation.platforms.length > 1;
  const policy = evaluation.policy;
  const out: string[] = [];

  const passed = evaluation.verdict === 'pass';
  out.push(`## ${passed ? '✅' : '❌'} Quarantine scan: ${passed ? 'pass' : 'fail'}`, '');
  out.push(`\`${markdownCell(image)}\``, '');
  if (passed) {
    const threshold = policy.severityThreshold === 'NONE' ? '' : `at or above ${policy.severityThreshold}`;
    const cvssPart =
      policy.cvssThreshold !== undefined ? `CVSS ${policy.cvssThreshold.toFixed(1)} or more` : '';
    out.push(
      `**Why:** no finding ${[threshold, cvssPart].filter(Boolean).join(' or ') || 'blocks under this policy'}` +
        `${evaluation.excepted + evaluation.ignored > 0 ? ' that the policy does not excuse' : ''}.`,
    );
  } else {
    out.push(`**Why:** ${evaluation.reasons.map((r) => markdownCell(r.message)).join('; ')}.`);
    const blocking = rows(evaluation, ['blocking']);
    if (blocking.length > 0) {
      const named = blocking
        .slice(0, 5)
        .map((r) => `${r.finding.id} (${r.finding.package})`)
        .join(', ');
      out.push(`Blocking: ${markdownCell(named)}${blocking.length > 5 ? ', …' : ''}.`);
      out.push('', ...whatToDo(blocking, options.now ?? new Date()));
    }
  }
  out.push('');

  for (const exception of evaluation.expiredExceptions) {
    out.push(
      `> [!WARNING]\n> The exception for ${markdownCell(exception.id)} (${markdownCell(exception.origin)}) expired on ${exception.until}; it no longer applies.`,
      '',
    );
  }

  // Counts: one row for the image, and one per platform when there are several.
  const header = [
    '',
    'Critical',
    'High',
    'Medium',
    'Low',
    'Unknown',
    'Blocking',
    'Excepted',
    'Ignored',
    'VEX not affected',
  ];
  out.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
  const countRow = (name: string, c: Evaluation | Evaluation['platforms'][number]) =>
    `| ${name} | ${c.counts.CRITICAL} | ${c.counts.HIGH} | ${c.counts.MEDIUM} | ${c.counts.LOW} | ${c.counts.UNKNOWN} | ${c.blocking} | ${c.excepted} | ${c.ignored} | ${c.suppressed} |`;
  if (multi) {
    for (const platform of evaluation.platforms) {
      out.push(
        countRow(`${platform.verdict === 'pass' ? '✅' : '❌'} ${markdownCell(platform.platform)}`, platform),
      );
    }
  }
  out.push(countRow(multi ? '**image**' : passed ? '✅' : '❌', evaluation), '');

  const blocking = rows(evaluation, ['blocking']);
  if (blocking.length > 0) {
    out.push(`### Blocking (${blocking.length})`, '');
    out.push(findingsTable(blocking, multi, maxRows), '');
  }

  const excused = rows(evaluation, ['excepted', 'suppressed', 'ignored']);
  if (excused.length > 0) {
    out.push(`### Excepted, ignored and VEX-suppressed (${excused.length})`, '');
    out.push(
      table(
        ['ID', 'Package', 'Severity', 'Status', 'Why', ...(multi ? ['Platforms'] : [])],
        excused,
        (r) => [
          idLink(r.finding),
          markdownCell(r.finding.package),
          r.finding.severity,
          r.finding.disposition === 'suppressed' ? 'not affected (VEX)' : r.finding.disposition,
          markdownCell(r.finding.reason),
          ...platformsCell(r, multi),
        ],
        maxRows,
      ),
      '',
    );
  }

  const diffs = evaluation.platforms.filter((p) => p.baseline);
  if (diffs.length > 0) {
    const baselineImage = diffs[0]!.baseline!.image;
    out.push(`### Compared with the baseline`, '', `\`${markdownCell(baselineImage)}\``, '');
    for (const platform of diffs) {
      const diff = platform.baseline!;
      const title = multi ? ` on ${markdownCell(platform.platform)}` : '';
      out.push(`**New${title} (${diff.added.length})**${diff.added.length === 0 ? ': none' : ''}`, '');
      if (diff.added.length > 0) {
        out.push(
          table(
            ['ID', 'Package', 'Installed → fixed', 'Severity', 'Policy'],
            diff.added.map((finding) => ({ finding, platforms: [] })),
            (r) => [
              idLink(r.finding),
              markdownCell(r.finding.package),
              versions(r.finding),
              r.finding.severity,
              r.finding.disposition,
            ],
            maxRows,
          ),
          '',
        );
      }
      out.push(`**Fixed${title} (${diff.fixed.length})**${diff.fixed.length === 0 ? ': none' : ''}`, '');
      if (diff.fixed.length > 0) {
        for (const finding of diff.fixed.slice(0, maxRows)) {
          out.push(
            `- ${idLink(finding)} in ${markdownCell(finding.package)} ${markdownCell(finding.installed)} (${finding.severity})`,
          );
        }
        out.push('');
      }
    }
  }

  const rest = rows(evaluation, ['allowed']);
  if (rest.length > 0) {
    out.push(`<details><summary>${plural(rest.length, 'other finding')} below the threshold</summary>`, '');
    out.push(findingsTable(rest, multi, maxRows), '', '</details>', '');
  }

  const scanner = options.scanner;
  const settings = [
    `severity-threshold ${policy.severityThreshold}`,
    ...(policy.cvssThreshold !== undefined ? [`cvss-threshold ${policy.cvssThreshold.toFixed(1)}`] : []),
    `ignore-unfixed ${policy.ignoreUnfixed}`,
    plural(policy.exceptions.length, 'exception'),
    ...(policy.packages.length > 0 ? [plural(policy.packages.length, 'package rule')] : []),
  ];
  out.push(
    `<sub>Scanner: ${markdownCell(scanner.name)}${scanner.version ? ` ${markdownCell(scanner.version)}` : ''}` +
      `${scanner.db?.version ? `, vulnerability DB ${markdownCell(scanner.db.version)}` : ''}` +
      ` · Policy: ${settings.join(', ')}</sub>`,
    '',
  );
  return out.join('\n');
}

/** The hidden marker that identifies this image's comment, so a later run updates it in place. */
export function scanCommentMarker(repository: string): string {
  return `<!-- airlock:quarantine-scan ${repository.replace(/-->/g, '')} -->`;
}

/** The PR comment: the summary, shorter tables, and the marker. */
export function scanCommentMarkdown(options: ScanSummaryOptions & { repository: string }): string {
  const body = scanSummaryMarkdown({ ...options, maxRows: options.maxRows ?? 30 });
  const link = options.runUrl ? `\n[Full report](${options.runUrl})\n` : '';
  return `${scanCommentMarker(options.repository)}\n${body}${link}`;
}
