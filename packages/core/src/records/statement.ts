// in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md) and the
// predicates airlock owns. A statement names the image by its digest; the predicate says what happened.

export const inTotoStatementType = 'https://in-toto.io/Statement/v1';

/** The payload type of a DSSE envelope that holds an in-toto statement. */
export const inTotoPayloadType = 'application/vnd.in-toto+json';

/**
 * Predicate types of the records airlock writes and reads. The project-owned URIs are stable names, not
 * documents to fetch; a `/v1` changes only with an incompatible predicate.
 */
export const PredicateType = {
  /**
   * mirror: where an image came from.
   * `{ source: "docker.io/library/nginx:1.27", sourceDigest: "sha256:…", acquiredAt: RFC 3339, runUrl? }`
   */
  acquisition: 'https://airlock.dev/attestation/acquisition/v1',
  /**
   * promote: an image left quarantine.
   * `{ from: "repo@sha256:…", to: "repo@sha256:…", tags: [...], verdictRecord?: "sha256:…" (the referrer
   * manifest holding the scan record that allowed it), verdict?: "pass", promotedAt, runUrl? }`
   */
  promotion: 'https://airlock.dev/attestation/promotion/v1',
  /**
   * promote: a tag left this digest for another one.
   * `{ event: "superseded", repository, tag, supersededBy: "sha256:…", at: RFC 3339, runUrl? }`
   */
  lifecycle: 'https://airlock.dev/attestation/lifecycle/v1',
  /** quarantine-scan: cosign's vulnerability attestation, with airlock's verdict in it. */
  vulnerability: 'https://cosign.sigstore.dev/attestation/vuln/v1',
} as const;

export interface StatementSubject {
  name: string;
  digest: Record<string, string>;
}

export interface Statement<Predicate = unknown> {
  _type: typeof inTotoStatementType;
  subject: StatementSubject[];
  predicateType: string;
  predicate: Predicate;
}

export interface AcquisitionPredicate {
  source: string;
  sourceDigest: string;
  acquiredAt: string;
  runUrl?: string;
}

export interface PromotionPredicate {
  from: string;
  to: string;
  tags: string[];
  verdictRecord?: string;
  verdict?: string;
  promotedAt: string;
  runUrl?: string;
}

export interface LifecyclePredicate {
  event: 'superseded';
  repository: string;
  tag: string;
  supersededBy: string;
  at: string;
  runUrl?: string;
}

/** The subject of a statement about `name@digest` (`name` without tag or digest). */
export function subjectOf(name: string, digest: string): StatementSubject {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!match) throw new Error(`a statement subject needs a sha256 digest, got '${digest}'`);
  return { name, digest: { sha256: match[1]! } };
}

export function buildStatement<Predicate>(
  subject: StatementSubject,
  predicateType: string,
  predicate: Predicate,
): Statement<Predicate> {
  return { _type: inTotoStatementType, subject: [subject], predicateType, predicate };
}

export function acquisitionStatement(name: string, digest: string, predicate: AcquisitionPredicate) {
  return buildStatement(subjectOf(name, digest), PredicateType.acquisition, predicate);
}

export function promotionStatement(name: string, digest: string, predicate: PromotionPredicate) {
  return buildStatement(subjectOf(name, digest), PredicateType.promotion, predicate);
}

export function lifecycleStatement(name: string, digest: string, predicate: LifecyclePredicate) {
  return buildStatement(subjectOf(name, digest), PredicateType.lifecycle, predicate);
}

/** Whether `value` is an in-toto v1 statement about `digest` (a record copied from elsewhere is not). */
export function isStatementAbout(value: unknown, digest: string): value is Statement {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Statement>;
  if (candidate._type !== inTotoStatementType || typeof candidate.predicateType !== 'string') return false;
  if (!Array.isArray(candidate.subject)) return false;
  const hex = digest.replace(/^sha256:/, '');
  return candidate.subject.some((subject) => subject?.digest?.sha256 === hex);
}
