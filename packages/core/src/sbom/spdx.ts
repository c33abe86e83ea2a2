// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): the image as the described package, the OS
// and each component as packages it CONTAINS, purls as package-manager external references.

import { createHash, randomUUID } from 'node:crypto';
import { isSupportedSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import { isSpdxExpression, type DocumentOptions } from './cyclonedx.ts';
import type { ImageSbom, SbomComponent } from './types.ts';

export const spdxPredicateType = 'https://spdx.dev/Document/v2.3';
export const spdxMediaType = 'application/spdx+json';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: 'NOASSERTION';
  filesAnalyzed: false;
  licenseConcluded: 'NOASSERTION';
  licenseDeclared: string;
  copyrightText: 'NOASSERTION';
  primaryPackagePurpose?: string;
  sourceInfo?: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
}

/** A valid SPDX ID part: letters, digits, `.` and `-`. */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** The SBOM as an SPDX 2.3 JSON document. */
export function toSpdx(sbom: ImageSbom, options: DocumentOptions): Record<string, unknown> {
  const extracted = new Map<string, string>();
  const declared = (licenses: string[]): string => {
    if (licenses.length === 0) return 'NOASSERTION';
    const parts = licenses.map((license) => {
      if (isSupportedSpdxId(license)) return license;
      if (isSpdxExpression(license)) return /\s/.test(license) ? `(${license})` : license;
      const id = `LicenseRef-${idPart(license)}`;
      extracted.set(id, license);
      return id;
    });
    return parts.length === 1 ? parts[0]!.replace(/^\((.*)\)$/, '$1') : parts.join(' AND ');
  };

  const imageId = 'SPDXRef-Image';
  const packages: SpdxPackage[] = [
    {
      SPDXID: imageId,
      name: sbom.name,
      versionInfo: sbom.digest,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'CONTAINER',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: `pkg:oci/${encodeURIComponent(sbom.name.split('/').pop() ?? sbom.name)}@${encodeURIComponent(sbom.digest)}?repository_url=${encodeURIComponent(sbom.name)}`,
        },
      ],
    },
  ];
  const relationships = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
  ];
  if (sbom.os) {
    packages.push({
      SPDXID: 'SPDXRef-OperatingSystem',
      name: sbom.os.id,
      ...(sbom.os.versionId ? { versionInfo: sbom.os.versionId } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING_SYSTEM',
    });
    relationships.push({
      spdxElementId: imageId,
      relationshipType: 'CONTAINS',
      relatedSpdxElement: 'SPDXRef-OperatingSystem',
    });
  }
  const used = new Set<string>();
  for (const component of sbom.components) {
    const id = uniqueId(component, used);
    packages.push({
      SPDXID: id,
      name: component.name,
      versionInfo: component.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: declared(component.licenses),
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: component.kind === 'application' ? 'APPLICATION' : 'LIBRARY',
      sourceInfo:
        `${component.ecosystem} package read from /${component.path} in layer ${component.layer.digest}` +
        (component.otherPaths?.length ? `; also installed at /${component.otherPaths.join(', /')}` : ''),
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: component.purl },
      ],
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  }
  const created = (options.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${sbom.name}@${sbom.digest}`,
    documentNamespace: `https://airlock.dev/spdx/${encodeURIComponent(sbom.name)}/${sbom.digest}/${randomUUID()}`,
    creationInfo: { created, creators: [`Tool: airlock-${options.toolVersion}`] },
    packages,
    relationships,
    ...(extracted.size > 0
      ? {
          hasExtractedLicensingInfos: [...extracted].map(([licenseId, name]) => ({
            licenseId,
            name,
            extractedText: `The package declares the license "${name}".`,
          })),
        }
      : {}),
  };
}

function uniqueId(component: SbomComponent, used: Set<string>): string {
  const hash = createHash('sha256').update(`${component.purl}\n${component.path}`).digest('hex').slice(0, 12);
  let id = `SPDXRef-Package-${idPart(component.ecosystem)}-${idPart(component.name)}-${hash}`;
  for (let n = 2; used.has(id); n++) id = `${id}-${n}`;
  used.add(id);
  return id;
}
