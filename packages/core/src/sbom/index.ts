export * from './types.ts';
export * from './purl.ts';
export {
  defaultSbomLimits,
  normalizeEntryPath,
  readImageFiles,
  SbomLimitError,
  type LayerSource,
  type SbomLimits,
} from './filesystem.ts';
export { parseOsRelease } from './os-packages.ts';
export {
  catalogFiles,
  countByEcosystem,
  generateSbom,
  sbomFileSelector,
  type GenerateSbomOptions,
} from './generate.ts';
export {
  ComponentProperty,
  cyclonedxMediaType,
  cyclonedxPredicateType,
  toCycloneDx,
  type DocumentOptions,
} from './cyclonedx.ts';
export { spdxMediaType, spdxPredicateType, toSpdx } from './spdx.ts';
export * from './document.ts';
export * from './github-attestation.ts';
export * from './attest.ts';
export * from './scanner-input.ts';
