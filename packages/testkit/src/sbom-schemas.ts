import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

// The official JSON schemas of CycloneDX 1.6 (with the JSF and SPDX-license-ID schemas it references)
// and SPDX 2.3, as published in CycloneDX/specification and spdx/spdx-spec (branch support/2.3); both
// are draft-07.

const schemas = join(dirname(fileURLToPath(import.meta.url)), '../schemas');
const readSchema = (file: string) => JSON.parse(readFileSync(join(schemas, file), 'utf8')) as object;

let cyclonedx: ValidateFunction | undefined;
let spdx: ValidateFunction | undefined;

function newAjv() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // A CommonJS module: imported from ESM, its default is the module object whose `default` is the plugin.
  (ajvFormats as unknown as { default: (a: Ajv) => void }).default(ajv);
  // CycloneDX uses two formats ajv-formats lacks: IRIs are checked as URI references (ours are ASCII),
  // internationalised e-mail addresses as e-mail addresses.
  ajv.addFormat('iri-reference', fullFormats['uri-reference'] as RegExp | ((value: string) => boolean));
  ajv.addFormat('idn-email', fullFormats.email as RegExp);
  return ajv;
}

function errorsOf(validate: ValidateFunction, document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

/** Schema errors of a CycloneDX 1.6 JSON document; empty when it is valid. */
export function cyclonedxSchemaErrors(document: unknown): string[] {
  if (!cyclonedx) {
    const ajv = newAjv();
    ajv.addSchema(readSchema('cyclonedx-spdx.schema.json'));
    ajv.addSchema(readSchema('cyclonedx-jsf-0.82.schema.json'));
    cyclonedx = ajv.compile(readSchema('cyclonedx-bom-1.6.schema.json'));
  }
  return errorsOf(cyclonedx!, document);
}

/** Schema errors of an SPDX 2.3 JSON document; empty when it is valid. */
export function spdxSchemaErrors(document: unknown): string[] {
  spdx ??= newAjv().compile(readSchema('spdx-schema-2.3.json'));
  return errorsOf(spdx!, document);
}
