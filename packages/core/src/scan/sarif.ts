import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { advisoryUrl, type Severity } from './findings.ts';
import type { EvaluatedFinding, Evaluation } from './evaluate.ts';

// SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif): one run per platform, each
// with its own category (`automationDetails.id`), so that alerts of different platforms do not close
// each other. Rules carry `security-severity`, which code scanning maps to Critical/High/Medium/Low.

export const sarifSchemaUri =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

// Inside the band code scanning uses for each label (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4).
const severityScore: Record<Severity, number> = {
  CRITICAL: 9.5,
  HIGH: 8.0,
  MEDIUM: 5.5,
  LOW: 2.0,
  UNKNOWN: 0.0,
};

function level(finding: EvaluatedFinding): Result.level {
  if (finding.disposition === 'blocking') return 'error';
  if (finding.severity === 'CRITICAL' || finding.severity === 'HIGH') return 'warning';
  return 'note';
}

function rule(finding: EvaluatedFinding): ReportingDescriptor {
  const score = finding.cvssScore ?? severityScore[finding.severity];
  const url = advisoryUrl(finding);
  const title = finding.title ?? `${finding.id} in ${finding.package}`;
  return {
    id: finding.id,
    name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: title },
    fullDescription: { text: `${finding.id} (${finding.severity}) affects ${finding.package}.` },
    ...(url ? { helpUri: url } : {}),
    help: {
      text: `${finding.id}: ${title}. Upgrade ${finding.package}${finding.fixed ? ` to ${finding.fixed}` : ' when a fix is released'}.`,
      markdown: `**${finding.id}** ${title}\n\n| Package | Installed | Fixed | Severity |\n| --- | --- | --- | --- |\n| ${finding.package} | ${finding.installed} | ${finding.fixed || 'no fix yet'} | ${finding.severity} |`,
    },
    defaultConfiguration: {
      level: finding.severity === 'CRITICAL' || finding.severity === 'HIGH' ? 'error' : 'warning',
    },
    properties: {
      'security-severity': score.toFixed(1),
      precision: 'very-high',
      tags: ['security', 'vulnerability', finding.severity],
    },
  };
}

function result(finding: EvaluatedFinding, artifactUri: string, image: string): Result {
  const suppressed =
    finding.disposition === 'excepted' ||
    finding.disposition === 'suppressed' ||
    finding.disposition === 'ignored';
  return {
    ruleId: finding.id,
    level: level(finding),
    message: {
      text:
        `${finding.package} ${finding.installed} is affected by ${finding.id} (${finding.severity}` +
        `${finding.cvssScore !== undefined ? `, CVSS ${finding.cvssScore.toFixed(1)}` : ''})` +
        `${finding.fixed ? `; fixed in ${finding.fixed}` : '; no fix yet'}. Image: ${image}` +
        `${finding.platform ? ` (${finding.platform})` : ''}. Policy: ${finding.disposition} (${finding.reason}).`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifactUri }, region: { startLine: 1 } },
        message: { text: `${image}${finding.layer ? ` layer ${finding.layer}` : ''}` },
      },
    ],
    partialFingerprints: { 'vulnerability/package': `${finding.id}/${finding.package}` },
    ...(suppressed
      ? {
          suppressions: [
            { kind: 'external' as const, status: 'accepted' as const, justification: finding.reason },
          ],
        }
      : {}),
    properties: {
      package: finding.package,
      installedVersion: finding.installed,
      fixedVersion: finding.fixed,
      severity: finding.severity,
      disposition: finding.disposition,
      ...(finding.cvssVector ? { cvssVector: finding.cvssVector } : {}),
    },
  };
}

export interface SarifOptions {
  /** `repo@sha256:…`: what was scanned. */
  image: string;
  scanner: { name: string; version?: string; informationUri?: string };
  /** Category prefix; the platform is appended. */
  category?: string;
}

/** One SARIF log, one run per platform. */
export function buildSarif(evaluation: Evaluation, options: SarifOptions): Log {
  const repository = options.image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^/:]+$/, '');
  // Code scanning wants a repository-relative path; the image's repository path stands for the image.
  const artifactUri = repository.replace(/^[^/]+\//, '') || repository;
  const runs: Run[] = evaluation.platforms.map((platform) => {
    const rules = new Map<string, ReportingDescriptor>();
    for (const finding of platform.findings) if (!rules.has(finding.id)) rules.set(finding.id, rule(finding));
    const category = `${options.category ?? 'quarantine-scan'}/${repository}/${platform.platform || 'default'}`;
    return {
      tool: {
        driver: {
          name: options.scanner.name,
          ...(options.scanner.version
            ? { version: options.scanner.version, semanticVersion: options.scanner.version }
            : {}),
          informationUri: options.scanner.informationUri ?? 'https://github.com/aquasecurity/trivy',
          rules: [...rules.values()],
        },
      },
      automationDetails: { id: `${category}/` },
      results: platform.findings.map((finding) => result(finding, artifactUri, options.image)),
      properties: {
        image: options.image,
        platform: platform.platform,
        digest: platform.digest,
        verdict: platform.verdict,
      },
    };
  });
  return { $schema: sarifSchemaUri, version: '2.1.0', runs };
}
