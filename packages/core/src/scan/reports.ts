import { ConfigurationError } from '../errors.ts';
import { toSeverity, type Finding } from './findings.ts';
import { list, number, object, text, type Json } from './json.ts';

// Reading scanner reports (Trivy JSON, Grype JSON) into normalized findings. The JSON is untrusted
// input: every field is checked for its type, and a report that is neither format is refused by name.

export interface ParsedReport {
  scanner: { name: string; version?: string };
  /** `os/architecture[/variant]` when the report says which image platform it covers. */
  platform?: string;
  findings: Finding[];
}

function platformOf(os: unknown, architecture: unknown, variant?: unknown): string | undefined {
  if (!text(architecture)) return undefined;
  return [text(os) || 'linux', text(architecture), text(variant)].filter(Boolean).join('/');
}

/** Trivy's CVSS map holds one entry per source; NVD first, then the source that set the severity. */
function trivyCvss(cvss: unknown, severitySource: string): { score?: number; vector?: string } {
  const sources = object(cvss);
  const order = ['nvd', severitySource, ...Object.keys(sources)].filter(Boolean);
  for (const source of order) {
    const entry = object(sources[source]);
    const v3 = number(entry.V3Score);
    if (v3 !== undefined) return { score: v3, vector: text(entry.V3Vector) || undefined };
  }
  for (const source of order) {
    const entry = object(sources[source]);
    const v2 = number(entry.V2Score);
    if (v2 !== undefined) return { score: v2, vector: text(entry.V2Vector) || undefined };
  }
  return {};
}

/** Trivy's `--format json` report (schema version 2). */
export function parseTrivyReport(report: unknown, platformOverride?: string): ParsedReport {
  const root = object(report);
  const config = object(object(root.Metadata).ImageConfig);
  const platform = platformOverride ?? platformOf(config.os, config.architecture, config.variant);
  const findings: Finding[] = [];
  for (const result of list(root.Results)) {
    for (const raw of list(object(result).Vulnerabilities)) {
      const v = object(raw);
      const cvss = trivyCvss(v.CVSS, text(v.SeveritySource));
      const layer = object(v.Layer);
      findings.push({
        id: text(v.VulnerabilityID),
        package: text(v.PkgName),
        installed: text(v.InstalledVersion),
        fixed: text(v.FixedVersion),
        severity: toSeverity(v.Severity),
        ...(cvss.score !== undefined ? { cvssScore: cvss.score } : {}),
        ...(cvss.vector ? { cvssVector: cvss.vector } : {}),
        status: text(v.Status) || (text(v.FixedVersion) ? 'fixed' : 'affected'),
        platform: platform ?? '',
        ...(text(layer.Digest) ? { layer: text(layer.Digest) } : {}),
        ...(text(v.Title) ? { title: text(v.Title) } : {}),
        ...(text(v.PrimaryURL) ? { url: text(v.PrimaryURL) } : {}),
        ...(text(object(v.PkgIdentifier).PURL) ? { purl: text(object(v.PkgIdentifier).PURL) } : {}),
      });
    }
  }
  return { scanner: { name: 'trivy' }, ...(platform ? { platform } : {}), findings };
}

function grypeCvss(vulnerability: Json): { score?: number; vector?: string } {
  let best: { score?: number; vector?: string; version: number } = { version: -1 };
  for (const raw of list(vulnerability.cvss)) {
    const entry = object(raw);
    const score = number(object(entry.metrics).baseScore);
    const version = Number.parseFloat(text(entry.version)) || 0;
    if (score !== undefined && version > best.version)
      best = { score, vector: text(entry.vector) || undefined, version };
  }
  return best.score === undefined
    ? {}
    : { score: best.score, ...(best.vector ? { vector: best.vector } : {}) };
}

/** Grype's `-o json` report. */
export function parseGrypeReport(report: unknown): ParsedReport {
  const root = object(report);
  const target = object(object(root.source).target);
  const platform = platformOf(target.os, target.architecture);
  const findings: Finding[] = [];
  for (const raw of list(root.matches)) {
    const match = object(raw);
    const vulnerability = object(match.vulnerability);
    const artifact = object(match.artifact);
    // Grype puts CVSS on the related NVD record when the match came from a distro advisory.
    let cvss = grypeCvss(vulnerability);
    for (const related of list(match.relatedVulnerabilities)) {
      if (cvss.score === undefined) cvss = grypeCvss(object(related));
    }
    const fix = object(vulnerability.fix);
    const fixed = list(fix.versions).map(text).filter(Boolean).join(', ');
    const state = text(fix.state);
    const urls = list(vulnerability.urls).map(text).filter(Boolean);
    const location = object(list(artifact.locations)[0]);
    findings.push({
      id: text(vulnerability.id),
      package: text(artifact.name),
      installed: text(artifact.version),
      fixed,
      severity: toSeverity(vulnerability.severity),
      ...(cvss.score !== undefined ? { cvssScore: cvss.score } : {}),
      ...(cvss.vector ? { cvssVector: cvss.vector } : {}),
      status: state === 'not-fixed' ? 'affected' : state === 'wont-fix' ? 'will_not_fix' : state || 'unknown',
      platform: platform ?? '',
      ...(text(location.layerID) ? { layer: text(location.layerID) } : {}),
      ...(text(vulnerability.dataSource) || urls[0]
        ? { url: text(vulnerability.dataSource) || urls[0] }
        : {}),
      ...(text(artifact.purl) ? { purl: text(artifact.purl) } : {}),
    });
  }
  const descriptor = object(root.descriptor);
  return {
    scanner: { name: 'grype', ...(text(descriptor.version) ? { version: text(descriptor.version) } : {}) },
    ...(platform ? { platform } : {}),
    findings,
  };
}

/**
 * Reads a report made elsewhere: Trivy JSON (has `SchemaVersion` and `Results` or `ArtifactName`) or
 * Grype JSON (has `matches`). `source` names the file in error messages.
 */
export function parseScanReport(content: string, source: string): ParsedReport {
  let report: unknown;
  try {
    report = JSON.parse(content);
  } catch (error) {
    throw new ConfigurationError(
      `${source} is not JSON (${(error as Error).message}); 'report-file' must be a Trivy JSON (--format json) or Grype JSON (-o json) report`,
    );
  }
  const root = object(report);
  if (Array.isArray(root.matches)) return parseGrypeReport(root);
  if ('SchemaVersion' in root && ('Results' in root || 'ArtifactName' in root)) return parseTrivyReport(root);
  throw new ConfigurationError(
    `${source} is neither a Trivy JSON report (no 'SchemaVersion'/'Results') nor a Grype JSON report (no 'matches'); make it with 'trivy image --format json' or 'grype -o json'`,
  );
}
