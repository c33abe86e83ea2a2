// CycloneDX 1.6 JSON, built with the CycloneDX library's models and serializer.

import { randomUUID } from 'node:crypto';
import { ComponentType } from '@cyclonedx/cyclonedx-library/Enums';
import {
  Bom,
  Component,
  LicenseExpression,
  Metadata,
  NamedLicense,
  Property,
  SpdxLicense,
  Tools,
} from '@cyclonedx/cyclonedx-library/Models';
import { JSON as JsonSerialize, JsonSerializer } from '@cyclonedx/cyclonedx-library/Serialize';
import { isSupportedSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import { Spec1dot6 } from '@cyclonedx/cyclonedx-library/Spec';
import { isOsEcosystem, type ImageSbom, type SbomComponent } from './types.ts';
import { splitDebianVersion } from './os-packages.ts';

export const cyclonedxPredicateType = 'https://cyclonedx.org/bom';
export const cyclonedxMediaType = 'application/vnd.cyclonedx+json';

/** Properties airlock writes on each component (the CycloneDX property taxonomy allows any namespace). */
export const ComponentProperty = {
  ecosystem: 'airlock:package:type',
  path: 'airlock:package:path',
  layerDigest: 'airlock:layer:digest',
  layerDiffId: 'airlock:layer:diff-id',
} as const;

/**
 * Trivy reads the source package of an OS package from these properties of its own namespace; without
 * them `trivy sbom` matches advisories against the binary package name and misses most Debian findings.
 */
const TrivyProperty = {
  srcName: 'aquasecurity:trivy:SrcName',
  srcVersion: 'aquasecurity:trivy:SrcVersion',
  srcRelease: 'aquasecurity:trivy:SrcRelease',
  srcEpoch: 'aquasecurity:trivy:SrcEpoch',
} as const;

/** Is `text` a license expression of SPDX IDs (with AND / OR / WITH and parentheses)? */
export function isSpdxExpression(text: string): boolean {
  const tokens = text.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return false;
  let expectId = true;
  for (const token of tokens) {
    if (expectId) {
      const id = token.endsWith('+') ? token.slice(0, -1) : token;
      if (!isSupportedSpdxId(id) && !/^LicenseRef-[A-Za-z0-9.-]+$/.test(id)) return false;
    } else if (!['AND', 'OR', 'WITH'].includes(token)) return false;
    expectId = !expectId;
  }
  return !expectId;
}

function licenseOf(text: string): SpdxLicense | LicenseExpression | NamedLicense {
  if (isSupportedSpdxId(text)) return new SpdxLicense(text);
  if (isSpdxExpression(text) && /\s/.test(text)) return new LicenseExpression(text);
  return new NamedLicense(text);
}

function sourceProperties(component: SbomComponent): Property[] {
  if (!isOsEcosystem(component.ecosystem) || !component.source) return [];
  const version = component.source.version ?? component.version;
  const properties = [new Property(TrivyProperty.srcName, component.source.name)];
  if (component.ecosystem === 'apk') {
    properties.push(new Property(TrivyProperty.srcVersion, version));
    return properties;
  }
  let { epoch, version: rest } =
    component.ecosystem === 'deb' ? splitDebianVersion(version) : { epoch: component.epoch ?? 0, version };
  if (component.ecosystem === 'rpm') {
    epoch = component.epoch ?? 0;
    rest = rest.replace(/^\d+:/, '');
  }
  const dash = rest.lastIndexOf('-');
  properties.push(new Property(TrivyProperty.srcVersion, dash > 0 ? rest.slice(0, dash) : rest));
  if (dash > 0) properties.push(new Property(TrivyProperty.srcRelease, rest.slice(dash + 1)));
  if (epoch) properties.push(new Property(TrivyProperty.srcEpoch, String(epoch)));
  return properties;
}

function toComponent(component: SbomComponent): Component {
  const model = new Component(
    component.kind === 'application' ? ComponentType.Application : ComponentType.Library,
    component.group && component.name.startsWith(`${component.group}/`)
      ? component.name.slice(component.group.length + 1)
      : component.name,
    {
      bomRef: component.purl,
      version: component.version,
      purl: component.purl,
      ...(component.group ? { group: component.group } : {}),
    },
  );
  for (const license of component.licenses) model.licenses.add(licenseOf(license));
  model.properties.add(new Property(ComponentProperty.ecosystem, component.ecosystem));
  for (const path of [component.path, ...(component.otherPaths ?? [])]) {
    model.properties.add(new Property(ComponentProperty.path, path));
  }
  model.properties.add(new Property(ComponentProperty.layerDigest, component.layer.digest));
  if (component.layer.diffId)
    model.properties.add(new Property(ComponentProperty.layerDiffId, component.layer.diffId));
  for (const property of sourceProperties(component)) model.properties.add(property);
  return model;
}

export interface DocumentOptions {
  /** The tool version written in the metadata. */
  toolVersion: string;
  /** The creation time; now by default. */
  created?: Date;
}

/** The SBOM as a CycloneDX 1.6 JSON document. */
export function toCycloneDx(sbom: ImageSbom, options: DocumentOptions): Record<string, unknown> {
  const image = new Component(ComponentType.Container, sbom.name, {
    bomRef: `${sbom.name}@${sbom.digest}`,
    version: sbom.digest,
  });
  if (sbom.platform) image.properties.add(new Property('airlock:image:platform', sbom.platform));
  const tools = new Tools();
  tools.components.add(
    new Component(ComponentType.Application, 'airlock', { group: 'airlock', version: options.toolVersion }),
  );
  const bom = new Bom({
    serialNumber: `urn:uuid:${randomUUID()}`,
    metadata: new Metadata({ timestamp: options.created ?? new Date(), tools, component: image }),
  });
  // The dependency graph: the image holds the OS and the language packages, the OS its own packages.
  // Scanners (Trivy) take OS packages from what the operating-system component depends on.
  let os: Component | undefined;
  if (sbom.os) {
    os = new Component(ComponentType.OperatingSystem, sbom.os.id, {
      bomRef: `os:${sbom.os.id}@${sbom.os.versionId}`,
      ...(sbom.os.versionId ? { version: sbom.os.versionId } : {}),
      ...(sbom.os.prettyName ? { description: sbom.os.prettyName } : {}),
    });
    bom.components.add(os);
    image.dependencies.add(os.bomRef);
  }
  for (const component of sbom.components) {
    const model = toComponent(component);
    bom.components.add(model);
    (os && isOsEcosystem(component.ecosystem) ? os : image).dependencies.add(model.bomRef);
  }
  const serializer = new JsonSerializer(new JsonSerialize.Normalize.Factory(Spec1dot6));
  return JSON.parse(serializer.serialize(bom, { sortLists: true })) as Record<string, unknown>;
}
