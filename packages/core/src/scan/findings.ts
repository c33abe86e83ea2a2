// Normalized vulnerability findings: what every scanner adapter produces and everything after reads.

export const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof severities)[number];

const rank: Record<Severity, number> = { UNKNOWN: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function severityRank(severity: Severity): number {
  return rank[severity];
}

/** Reads a scanner's severity word; anything unrecognized is UNKNOWN (Grype's `Negligible` is LOW). */
export function toSeverity(value: unknown): Severity {
  const word = String(value ?? '').toUpperCase();
  if (word === 'NEGLIGIBLE') return 'LOW';
  return (severities as readonly string[]).includes(word) ? (word as Severity) : 'UNKNOWN';
}

export interface Finding {
  /** CVE-…, GHSA-…, or the scanner's own ID. */
  id: string;
  package: string;
  installed: string;
  /** The version that fixes it; empty when there is no fix yet. */
  fixed: string;
  severity: Severity;
  cvssScore?: number;
  cvssVector?: string;
  /** The scanner's status word: `fixed`, `affected`, `will_not_fix`, … */
  status: string;
  /** `linux/amd64`, or `` for a single-platform image whose platform is unknown. */
  platform: string;
  /** Digest of the layer that brought the package in, when the scanner says. */
  layer?: string;
  title?: string;
  /** Where a reader learns more. */
  url?: string;
  /** A package URL, when the scanner gives one (matches VEX products). */
  purl?: string;
}

export function hasFix(finding: Finding): boolean {
  return finding.fixed !== '';
}

/** The same vulnerability in the same package: what a baseline diff and VEX statements match on. */
export function findingKey(finding: Pick<Finding, 'id' | 'package'>): string {
  return `${finding.id} ${finding.package}`;
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): SeverityCounts {
  const counts: SeverityCounts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Most severe first, then by CVSS, ID and package, so every report lists findings in the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    rank[b.severity] - rank[a.severity] ||
    (b.cvssScore ?? -1) - (a.cvssScore ?? -1) ||
    a.id.localeCompare(b.id) ||
    a.package.localeCompare(b.package) ||
    a.platform.localeCompare(b.platform)
  );
}

/** A link a reviewer can follow for an ID: the scanner's own, else the usual database for its kind. */
export function advisoryUrl(finding: Pick<Finding, 'id' | 'url'>): string | undefined {
  if (finding.url) return finding.url;
  if (/^CVE-\d{4}-\d+$/i.test(finding.id))
    return `https://nvd.nist.gov/vuln/detail/${finding.id.toUpperCase()}`;
  if (/^GHSA-/i.test(finding.id)) return `https://github.com/advisories/${finding.id}`;
  return undefined;
}
