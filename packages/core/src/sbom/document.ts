// SBOM documents given by the user: recognised as CycloneDX or SPDX JSON, and checked before they are
// attested. Also: the predicate type of each, and component counts for the summary.

import { ConfigurationError } from '../errors.ts';
import { cyclonedxPredicateType } from './cyclonedx.ts';
import { spdxPredicateType } from './spdx.ts';

export type SbomFormat = 'cyclonedx' | 'spdx';

/** The largest SBOM file attest-sbom accepts (a registry layer of that size is already unusual). */
export const maxSbomFileBytes = 16 * 1024 * 1024;

export interface SbomDocument {
  format: SbomFormat;
  predicateType: string;
  document: Record<string, unknown>;
  /** Components (CycloneDX, nested included, the OS left out) or packages (SPDX) with a purl. */
  components: number;
  /** Components per purl type (`deb`, `npm`…), `other` for those without a purl. */
  byType: Record<string, number>;
}

function purlType(purl: unknown): string {
  return typeof purl === 'string' ? (/^pkg:([^/]+)\//.exec(purl)?.[1] ?? 'other') : 'other';
}

/** Recognises and checks an SBOM document; `source` names it in messages (the input and the file). */
export function parseSbomDocument(bytes: Buffer, source: string): SbomDocument {
  if (bytes.length > maxSbomFileBytes) {
    throw new ConfigurationError(
      `${source} is ${bytes.length} bytes, over the ${maxSbomFileBytes}-byte (16 MB) limit for an attested SBOM; ` +
        'give a smaller SBOM, or leave the input empty to let attest-sbom make one per platform',
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ConfigurationError(
      `${source} is not JSON (${error instanceof Error ? error.message : String(error)}); give a CycloneDX or SPDX JSON document`,
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ConfigurationError(`${source} is not a JSON object; give a CycloneDX or SPDX JSON document`);
  }
  const record = document as Record<string, unknown>;
  if (record.bomFormat === 'CycloneDX') {
    if (typeof record.specVersion !== 'string' || !/^1\.\d+$/.test(record.specVersion)) {
      throw new ConfigurationError(
        `${source} is CycloneDX without a valid specVersion (got ${JSON.stringify(record.specVersion)}); give a CycloneDX 1.x JSON document`,
      );
    }
    if (record.components !== undefined && !Array.isArray(record.components)) {
      throw new ConfigurationError(
        `${source}: 'components' is not a list; the CycloneDX document is malformed`,
      );
    }
    const byType: Record<string, number> = {};
    let components = 0;
    const visit = (list: unknown) => {
      if (!Array.isArray(list)) return;
      for (const item of list) {
        if (typeof item !== 'object' || item === null) continue;
        const component = item as Record<string, unknown>;
        if (component.type !== 'operating-system') {
          components++;
          const type = purlType(component.purl);
          byType[type] = (byType[type] ?? 0) + 1;
        }
        visit(component.components);
      }
    };
    visit(record.components);
    return {
      format: 'cyclonedx',
      predicateType: cyclonedxPredicateType,
      document: record,
      components,
      byType,
    };
  }
  if (typeof record.spdxVersion === 'string') {
    const version = record.spdxVersion;
    if (!/^SPDX-2\.\d+$/.test(version)) {
      throw new ConfigurationError(
        `${source} is ${version}, which attest-sbom does not attest; give SPDX 2.x JSON (or CycloneDX)`,
      );
    }
    if (typeof record.SPDXID !== 'string' || !Array.isArray(record.packages ?? [])) {
      throw new ConfigurationError(
        `${source} is SPDX without SPDXID or with malformed 'packages'; check the document`,
      );
    }
    const byType: Record<string, number> = {};
    let components = 0;
    for (const item of (record.packages as unknown[] | undefined) ?? []) {
      const refs = (item as { externalRefs?: { referenceType?: string; referenceLocator?: string }[] })
        ?.externalRefs;
      const purl = Array.isArray(refs)
        ? refs.find((ref) => ref?.referenceType === 'purl')?.referenceLocator
        : undefined;
      if (!purl || purl.startsWith('pkg:oci/')) continue;
      components++;
      const type = purlType(purl);
      byType[type] = (byType[type] ?? 0) + 1;
    }
    return {
      format: 'spdx',
      predicateType: version === 'SPDX-2.3' ? spdxPredicateType : 'https://spdx.dev/Document',
      document: record,
      components,
      byType,
    };
  }
  throw new ConfigurationError(
    `${source} is neither CycloneDX (no "bomFormat": "CycloneDX") nor SPDX (no "spdxVersion"); give a CycloneDX or SPDX JSON document`,
  );
}
