// The SBOM as a scanner reads it. Attested documents stay as they were made (CycloneDX 1.6); the copy
// handed to Trivy is written in the 1.5 shape that every Trivy release with `trivy sbom` decodes: the
// spec version 1.5 and `metadata.tools` as the legacy list. Releases before CycloneDX 1.6 support (such as
// 0.44) refuse the document otherwise, without a word; newer ones read both shapes the same way.

function legacyTools(tools: unknown): unknown {
  if (Array.isArray(tools) || typeof tools !== 'object' || tools === null) return tools;
  const { components, services } = tools as { components?: unknown; services?: unknown };
  const list = [
    ...(Array.isArray(components) ? components : []),
    ...(Array.isArray(services) ? services : []),
  ];
  return list.map((entry) => {
    const { group, name, version } = (entry ?? {}) as { group?: unknown; name?: unknown; version?: unknown };
    return {
      ...(typeof group === 'string' ? { vendor: group } : {}),
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof version === 'string' ? { version } : {}),
    };
  });
}

/** The document to give a scanner: CycloneDX ≥ 1.5 rewritten in the 1.5 shape; anything else as it is. */
export function sbomForScanner(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const bom = document as Record<string, unknown>;
  if (bom.bomFormat !== 'CycloneDX' || typeof bom.specVersion !== 'string') return document;
  const [major, minor] = bom.specVersion.split('.').map(Number);
  if (major !== 1 || minor === undefined || minor < 5) return document;
  const metadata = bom.metadata as Record<string, unknown> | undefined;
  return {
    ...bom,
    specVersion: '1.5',
    ...(metadata && 'tools' in metadata
      ? { metadata: { ...metadata, tools: legacyTools(metadata.tools) } }
      : {}),
  };
}
