import { ConfigurationError } from '../errors.ts';
import type { Finding } from './findings.ts';
import { list, object, text, type Json } from './json.ts';

// VEX documents (OpenVEX, CycloneDX VEX): a supplier's statement that a vulnerability does not affect a
// product. Only `not_affected` statements suppress findings; others are kept for the record only.

export interface VexStatement {
  vulnerability: string;
  /** Product and subcomponent identifiers (purls, image references); empty: every product. */
  products: string[];
  status: string;
  justification?: string;
  /** The document it came from, for the summary. */
  origin: string;
}

function openVexIds(value: unknown): string[] {
  // v0.2: { "@id", "name", "aliases" }; v0.0.1: a plain string.
  if (typeof value === 'string') return [value];
  const vulnerability = object(value);
  return [
    text(vulnerability.name),
    text(vulnerability['@id']),
    ...list(vulnerability.aliases).map(text),
  ].filter(Boolean);
}

function openVexProducts(value: unknown): string[] {
  const ids: string[] = [];
  for (const raw of list(value)) {
    if (typeof raw === 'string') {
      ids.push(raw);
      continue;
    }
    const product = object(raw);
    ids.push(text(product['@id']), ...Object.values(object(product.identifiers)).map(text));
    for (const sub of list(product.subcomponents)) {
      const subcomponent = object(sub);
      ids.push(text(subcomponent['@id']), ...Object.values(object(subcomponent.identifiers)).map(text));
    }
  }
  return ids.filter(Boolean);
}

/** Reads one VEX document. `origin` names the file in messages. */
export function parseVexDocument(content: string, origin: string): VexStatement[] {
  let document: Json;
  try {
    document = object(JSON.parse(content));
  } catch (error) {
    throw new ConfigurationError(
      `${origin} is not JSON (${(error as Error).message}); 'vex' takes OpenVEX or CycloneDX VEX JSON files`,
    );
  }
  const statements: VexStatement[] = [];
  if (text(document['@context']).startsWith('https://openvex.dev/ns')) {
    for (const raw of list(document.statements)) {
      const statement = object(raw);
      const products = openVexProducts(statement.products);
      for (const vulnerability of openVexIds(statement.vulnerability)) {
        statements.push({
          vulnerability,
          products,
          status: text(statement.status),
          ...(text(statement.justification) || text(statement.impact_statement)
            ? {
                justification: [text(statement.justification), text(statement.impact_statement)]
                  .filter(Boolean)
                  .join(': '),
              }
            : {}),
          origin,
        });
      }
    }
    return statements;
  }
  if (document.bomFormat === 'CycloneDX') {
    // Components by bom-ref, so that `affects[].ref` can name a purl.
    const purls = new Map<string, string>();
    for (const raw of list(document.components)) {
      const component = object(raw);
      if (text(component['bom-ref'])) purls.set(text(component['bom-ref']), text(component.purl));
    }
    for (const raw of list(document.vulnerabilities)) {
      const vulnerability = object(raw);
      const analysis = object(vulnerability.analysis);
      const products = list(vulnerability.affects)
        .map((affect) => text(object(affect).ref))
        .flatMap((ref) => [ref, purls.get(ref) ?? ''])
        .filter(Boolean);
      const state = text(analysis.state);
      const justification = [text(analysis.justification), text(analysis.detail)].filter(Boolean).join(': ');
      statements.push({
        vulnerability: text(vulnerability.id),
        products,
        // CycloneDX says not_affected too; `false_positive` means the same for a scan.
        status: state === 'false_positive' ? 'not_affected' : state,
        ...(justification ? { justification } : {}),
        origin,
      });
    }
    return statements;
  }
  throw new ConfigurationError(
    `${origin} is neither OpenVEX (no '@context' https://openvex.dev/ns/…) nor CycloneDX VEX (no 'bomFormat': 'CycloneDX')`,
  );
}

/** The package name a purl names (`pkg:apk/alpine/openssl@3.1.1-r0?arch=x86_64` → `openssl`). */
function purlName(purl: string): string | undefined {
  const match = /^pkg:[^/]+\/(?:[^@?#]*\/)?([^/@?#]+)/.exec(purl);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * Whether a statement speaks of this finding: the same vulnerability, and either no products, or a
 * product naming the scanned image (its index or platform manifest digest) or the finding's package (purl or name).
 */
export function vexApplies(
  statement: VexStatement,
  finding: Finding,
  imageDigests: readonly string[],
): boolean {
  if (statement.vulnerability.toUpperCase() !== finding.id.toUpperCase()) return false;
  if (statement.products.length === 0) return true;
  const hexes = imageDigests.map((digest) => digest.replace(/^sha256:/, '')).filter(Boolean);
  return statement.products.some((product) => {
    const decoded = decodeURIComponent(product);
    if (hexes.some((hex) => decoded.includes(hex))) return true;
    if (finding.purl && product === finding.purl) return true;
    if (product.startsWith('pkg:'))
      return purlName(product) === finding.package && !product.startsWith('pkg:oci/');
    return product === finding.package;
  });
}

/** The `not_affected` statement that suppresses a finding, if any. */
export function vexSuppression(
  statements: readonly VexStatement[],
  finding: Finding,
  imageDigests: readonly string[],
): VexStatement | undefined {
  return statements.find((s) => s.status === 'not_affected' && vexApplies(s, finding, imageDigests));
}
