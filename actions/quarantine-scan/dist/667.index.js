export const id = 667;
export const ids = [667];
export const modules = {

/***/ 6667:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(33838);
// EXTERNAL MODULE: ./packages/core/src/action/run.ts
var run = __webpack_require__(32073);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(15179);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
;// CONCATENATED MODULE: ./packages/core/src/oci/limits.ts
// How much airlock reads from a registry or a token service at most. A hostile or broken server can
// send an endless body anywhere; every read stops at its limit with an error that names the server.
const KiB = 1024;
const MiB = 1024 * KiB;
const limits_readLimits = {
    /** A manifest, and the `sha256-<hex>` fallback referrers index (the spec asks for 4 MiB at least). */
    manifest: 16 * MiB,
    /** The body of an error answer: only its first distribution error is used. */
    errorBody: 64 * KiB,
    /** A token service's or the GitHub OIDC endpoint's answer. */
    token: 1 * MiB,
    /** One page of a tag list or of the referrers API. */
    listPage: 16 * MiB,
    /** All pages of one tag or referrers list together. */
    listTotal: 64 * MiB,
    /** Pages of one tag or referrers list. */
    listPages: 1000,
    /** An image config (read for its platform). */
    config: 4 * MiB,
    /** The blob of a record (an in-toto statement or a Sigstore bundle). */
    record: 64 * MiB,
    /** An SBOM document. */
    sbom: 128 * MiB,
};
/** `16 MiB`, `64 KiB`: a limit as people read it. */
function formatLimit(bytes) {
    if (bytes % MiB === 0)
        return `${bytes / MiB} MiB`;
    if (bytes % KiB === 0)
        return `${bytes / KiB} KiB`;
    return `${bytes} bytes`;
}
/**
 * The text of a `fetch` answer of at most `limit` bytes (the GitHub OIDC endpoint and other services
 * reached with fetch); undefined, with the connection cancelled, when it goes past the limit.
 */
async function readFetchTextBounded(response, limit) {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
        await response.body?.cancel().catch(() => undefined);
        return undefined;
    }
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let length = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        length += value.length;
        if (length > limit) {
            await reader.cancel().catch(() => undefined);
            return undefined;
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
}

;// CONCATENATED MODULE: ./packages/core/src/sigstore/oidc.ts


/** An identity provider that asks the runner for a GitHub Actions OIDC token, once per signature. */
function githubIdentityProvider(request) {
    return {
        async getToken() {
            const url = new URL(request.requestUrl);
            url.searchParams.set('audience', request.audience ?? 'sigstore');
            const response = await fetch(url, {
                headers: { authorization: `Bearer ${request.requestToken}`, accept: 'application/json' },
            });
            if (!response.ok) {
                throw new errors/* ConfigurationError */.j1(`the GitHub OIDC token request failed (HTTP ${response.status}): give the job 'permissions: id-token: write'`);
            }
            const text = await readFetchTextBounded(response, limits_readLimits.token);
            if (text === undefined) {
                throw new errors/* ConfigurationError */.j1(`the GitHub OIDC token answer from ${url.host} is larger than ${formatLimit(limits_readLimits.token)}; refusing it`);
            }
            let body;
            try {
                body = JSON.parse(text);
            }
            catch {
                throw new errors/* ConfigurationError */.j1(`the GitHub OIDC token answer from ${url.host} is not JSON`);
            }
            if (typeof body.value !== 'string' || body.value === '') {
                throw new errors/* ConfigurationError */.j1('the GitHub OIDC token response held no token');
            }
            return body.value;
        },
    };
}
/**
 * The certificate identity Fulcio gives a GitHub Actions token: `https://github.com/<job_workflow_ref>`,
 * the workflow file that runs the job (for a reusable workflow, that file, not its caller) at its ref.
 * Undefined when the token says nothing of it.
 */
function jobWorkflowIdentity(token, serverUrl = 'https://github.com') {
    const payload = token.split('.')[1];
    if (!payload)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return typeof claims.job_workflow_ref === 'string'
            ? `${serverUrl.replace(/\/$/, '')}/${claims.job_workflow_ref}`
            : undefined;
    }
    catch {
        return undefined;
    }
}
/** Reads a token's claims without checking its signature: for choosing defaults, never for trust. */
function jobWorkflowClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return {};
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        const text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
        const jobWorkflowRef = text(claims.job_workflow_ref);
        const jobWorkflowSha = text(claims.job_workflow_sha);
        const ref = text(claims.ref);
        return {
            ...(jobWorkflowRef ? { jobWorkflowRef } : {}),
            ...(jobWorkflowSha ? { jobWorkflowSha } : {}),
            ...(ref ? { ref } : {}),
        };
    }
    catch {
        return {};
    }
}

;// CONCATENATED MODULE: ./packages/core/src/sigstore/sign.ts




/** The public-good instance: Fulcio and Rekor, what cosign and public repositories use. */
const publicGoodEndpoints = {
    fulcioUrl: 'https://fulcio.sigstore.dev',
    rekorUrl: 'https://rekor.sigstore.dev',
};
/** GitHub's instance (private repositories): Fulcio and a timestamp authority, no transparency log. */
const githubEndpoints = {
    fulcioUrl: 'https://fulcio.githubapp.com',
    tsaUrl: 'https://timestamp.githubapp.com',
};
/**
 * Keyless signing: an ephemeral key, a Fulcio certificate for the job's OIDC identity, the signature
 * witnessed by Rekor (as an `intoto` entry, which every verifier accepts) and/or a TSA timestamp.
 */
class KeylessSigner {
    builder;
    messageBuilder;
    /** Which witnesses sign: a Rekor entry, a TSA timestamp, or both. */
    witnessed;
    constructor(options) {
        const { endpoints, identityProvider } = options;
        if (!endpoints.rekorUrl && !endpoints.tsaUrl) {
            throw new Error('a Sigstore instance needs a Rekor or a timestamp authority URL');
        }
        const fetchOptions = { timeout: options.timeout ?? 30_000, retry: 2 };
        const witnesses = [];
        if (endpoints.rekorUrl) {
            witnesses.push(new sign_dist.RekorWitness({ rekorBaseURL: endpoints.rekorUrl, entryType: 'intoto', ...fetchOptions }));
        }
        if (endpoints.tsaUrl)
            witnesses.push(new sign_dist.TSAWitness({ tsaBaseURL: endpoints.tsaUrl, ...fetchOptions }));
        const signer = new sign_dist.FulcioSigner({
            fulcioBaseURL: endpoints.fulcioUrl,
            identityProvider,
            ...fetchOptions,
        });
        this.builder = new sign_dist.DSSEBundleBuilder({ signer, witnesses });
        // The same signer and witnesses: Rekor logs a message signature as a `hashedrekord` entry.
        this.messageBuilder = new sign_dist.MessageSignatureBundleBuilder({ signer, witnesses });
        this.witnessed = { rekor: Boolean(endpoints.rekorUrl), tsa: Boolean(endpoints.tsaUrl) };
    }
    /** Signs `payload` as a DSSE envelope of `payloadType`; returns the bundle's JSON form (v0.3). */
    async signDsse(payload, payloadType) {
        try {
            const bundle = await this.builder.create({ data: payload, type: payloadType });
            return (0,dist.bundleToJSON)(bundle);
        }
        catch (error) {
            throw signingFailure(error);
        }
    }
    /**
     * Signs the bytes of `payload` themselves (no envelope), as cosign signs its simple-signing payloads;
     * returns the bundle's JSON form (v0.3, a `messageSignature`).
     */
    async signMessage(payload) {
        try {
            const bundle = await this.messageBuilder.create({ data: payload });
            return (0,dist.bundleToJSON)(bundle);
        }
        catch (error) {
            throw signingFailure(error);
        }
    }
}
// sigstore-js codes for a request to a Sigstore service that failed, by the service it went to.
const serviceOfCode = {
    CA_CREATE_SIGNING_CERTIFICATE_ERROR: 'Fulcio',
    TLOG_CREATE_ENTRY_ERROR: 'Rekor',
    TLOG_FETCH_ENTRY_ERROR: 'Rekor',
    TSA_CREATE_TIMESTAMP_ERROR: 'the timestamp authority',
};
/**
 * sigstore-js wraps failures in layers of causes: say all of them, keep a user error a user error, and
 * call a Fulcio, Rekor or TSA request that failed what it is: a service outage, not a bug of ours.
 */
function signingFailure(error) {
    const messages = [];
    let service;
    let status;
    let current = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
        if (current instanceof errors/* ConfigurationError */.j1)
            return current;
        messages.push((0,errors/* errorMessage */.gJ)(current));
        const fields = typeof current === 'object' ? current : {};
        if (typeof fields.code === 'string')
            service ??= serviceOfCode[fields.code];
        if (typeof fields.statusCode === 'number')
            status ??= fields.statusCode;
        current = current instanceof Error ? current.cause : undefined;
    }
    const text = messages.filter((message, index) => message && messages.indexOf(message) === index).join(': ');
    if (service) {
        return new errors/* ServiceError */._7(service, `Sigstore signing failed: ${service} did not answer as expected (${text}); ` +
            'the service may be down or unreachable from the runner: run the job again later', status, { cause: error });
    }
    return new Error(`Sigstore signing failed: ${text}`, { cause: error });
}
/** The signer an action's records get: keyless when the job has an OIDC identity, else undefined. */
function jobSigner(options) {
    const { requestUrl, requestToken } = options.oidc;
    if (!requestUrl || !requestToken)
        return undefined;
    let endpoints;
    if (options.instance === 'custom') {
        if (!options.custom)
            throw new errors/* ConfigurationError */.j1("a custom Sigstore instance needs 'fulcio-url'");
        endpoints = options.custom;
    }
    else if (options.instance === 'auto' && options.repositoryPrivate === undefined) {
        // Guessing would publish a private repository's names to the public transparency log.
        throw new errors/* ConfigurationError */.j1("input 'sigstore' is auto, but the event payload does not say whether this repository is public or " +
            "private: set 'sigstore' to public-good (public repositories) or github (private ones)");
    }
    else if (options.instance === 'github' || (options.instance === 'auto' && options.repositoryPrivate)) {
        endpoints = githubEndpoints;
    }
    else {
        endpoints = publicGoodEndpoints;
    }
    return new KeylessSigner({
        endpoints,
        identityProvider: githubIdentityProvider({
            requestUrl,
            requestToken,
            ...(options.oidc.audience ? { audience: options.oidc.audience } : {}),
        }),
    });
}

;// CONCATENATED MODULE: ./packages/core/src/oci/types.ts
// The OCI data model shared by every part of the engine: media types, descriptors, manifests,
// and the Repository interface that a registry and an OCI image layout both implement.
const MediaType = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ociEmpty: 'application/vnd.oci.empty.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    inToto: 'application/vnd.in-toto+json',
    sigstoreBundle: 'application/vnd.dev.sigstore.bundle.v0.3+json',
};
/** Every manifest type a registry may hold, in the order we ask for them. */
const manifestMediaTypes = [
    MediaType.ociIndex,
    MediaType.ociManifest,
    MediaType.dockerManifestList,
    MediaType.dockerManifest,
];
function types_isIndexMediaType(mediaType) {
    return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
function types_isIndex(manifest) {
    return Array.isArray(manifest.manifests);
}

;// CONCATENATED MODULE: ./packages/core/src/records/statement.ts
// in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md) and the
// predicates airlock owns. A statement names the image by its digest; the predicate says what happened.
const inTotoStatementType = 'https://in-toto.io/Statement/v1';
/** The payload type of a DSSE envelope that holds an in-toto statement. */
const inTotoPayloadType = 'application/vnd.in-toto+json';
/**
 * Predicate types of the records airlock writes and reads. The project-owned URIs are stable names, not
 * documents to fetch; a `/v1` changes only with an incompatible predicate.
 */
const PredicateType = {
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
};
/** The subject of a statement about `name@digest` (`name` without tag or digest). */
function subjectOf(name, digest) {
    const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
    if (!match)
        throw new Error(`a statement subject needs a sha256 digest, got '${digest}'`);
    return { name, digest: { sha256: match[1] } };
}
function buildStatement(subject, predicateType, predicate) {
    return { _type: inTotoStatementType, subject: [subject], predicateType, predicate };
}
function acquisitionStatement(name, digest, predicate) {
    return buildStatement(subjectOf(name, digest), PredicateType.acquisition, predicate);
}
function promotionStatement(name, digest, predicate) {
    return buildStatement(subjectOf(name, digest), PredicateType.promotion, predicate);
}
function lifecycleStatement(name, digest, predicate) {
    return buildStatement(subjectOf(name, digest), PredicateType.lifecycle, predicate);
}
/** Whether `value` is an in-toto v1 statement about `digest` (a record copied from elsewhere is not). */
function isStatementAbout(value, digest) {
    if (typeof value !== 'object' || value === null)
        return false;
    const candidate = value;
    if (candidate._type !== inTotoStatementType || typeof candidate.predicateType !== 'string')
        return false;
    if (!Array.isArray(candidate.subject))
        return false;
    const hex = digest.replace(/^sha256:/, '');
    return candidate.subject.some((subject) => subject?.digest?.sha256 === hex);
}

;// CONCATENATED MODULE: ./packages/core/src/records/gate.ts
// The promotion gate: may this digest leave quarantine? One function, checkGate, makes the whole decision
// from a repository, a digest and a policy; promote and verify both call it. evaluateGate is its pure
// part: the decision from records already read.
//
// What it trusts (docs/trust.md says why):
// - Records are classified by their own content (the statement, the signed DSSE payload), never by what
//   the referrer list says of them; a record is about the digest its in-toto subject names.
// - A record's time is the scan time in its (signed) payload. A time more than five minutes ahead of now
//   is ignored and reported: it never sorts as newest.
// - A signed record counts only when its bundle verifies against the trust root and its signer is allowed
//   (signedByAllowedIdentity: never a pull-request run). When the digest has a signed record, unsigned ones
//   are ignored, so an unsigned `pass` cannot outvote a signed `fail`.
// - An unsigned record counts only when nothing signed is there, its subject names this repository, and
//   signed verdicts are not required; the decision then carries a caution.
// - The verdict must cover every runnable image manifest of the digest (`covers` in the scan record); a
//   verdict from an imported report is refused unless allowed; `verdictRecord` pins the exact record.




/** How far ahead of now a record's time may be (clock skew between runners). */
const maxClockSkewMs = (/* unused pure expression or super */ null && (5 * 60_000));
const scanPredicateType = PredicateType.vulnerability;
function resultOf(predicate) {
    return predicate?.scanner?.result;
}
/**
 * The verdict a scan record carries: quarantine-scan writes it at `scanner.result.verdict` of cosign's
 * vuln predicate; a top-level `verdict` (records made by other tools) is read too.
 */
function verdictOf(predicate) {
    const p = predicate;
    const found = [resultOf(predicate)?.verdict, p?.verdict].find((value) => typeof value === 'string');
    return typeof found === 'string' ? found.toLowerCase() : undefined;
}
/** The manifests a scan record says it covers. */
function coversOf(predicate) {
    const covers = resultOf(predicate)?.covers;
    return Array.isArray(covers) ? covers.filter((entry) => typeof entry === 'string') : [];
}
/** Whether the verdict came from a report made elsewhere (`scanner: report`). */
function importedOf(predicate) {
    const result = resultOf(predicate);
    return result?.imported === true || result?.mode === 'report';
}
/** When the scan finished, from the statement's own predicate (never from an annotation). */
function scannedAtOf(record) {
    const metadata = record.statement.predicate
        ?.metadata;
    const finished = metadata?.scanFinishedOn ?? metadata?.scanStartedOn;
    return typeof finished === 'string' && !Number.isNaN(Date.parse(finished)) ? finished : undefined;
}
function timeOf(record) {
    const at = scannedAtOf(record);
    return at ? Date.parse(at) : Number.NEGATIVE_INFINITY;
}
function newestFirst(records) {
    return [...records].sort((a, b) => timeOf(b) - timeOf(a));
}
function subjectNames(record) {
    return record.statement.subject.map((subject) => subject.name);
}
/** Decides on the scan records of one digest (as readRecords returns them, verified). Pure. */
function evaluateGate(records, policy, subject) {
    const warnings = [];
    const ignored = [];
    const refuse = (reason, check, message, extra = {}) => ({ allowed: false, reason, check, message, warnings, ignored, ...extra });
    if (records.length === 0) {
        return refuse('no-verdict', 'records', 'no scan record is attached to this digest: scan it (quarantine-scan) before promoting it');
    }
    const limit = policy.now.getTime() + maxClockSkewMs;
    const current = records.filter((record) => {
        if (timeOf(record) <= limit)
            return true;
        ignored.push({ record: record.descriptor.digest, why: `dated ${scannedAtOf(record)}, in the future` });
        warnings.push(`ignored scan record ${record.descriptor.digest}: it is dated ${scannedAtOf(record)}, in the future ` +
            '(a forged or mis-clocked record never counts as the newest)');
        return false;
    });
    const signed = records.filter((record) => record.signature !== 'none');
    let candidates;
    let unsigned = false;
    if (signed.length > 0) {
        candidates = current.filter((record) => record.signature === 'verified' && signedByAllowedIdentity(record.signer, policy));
        if (candidates.length === 0) {
            return refuse('untrusted-signer', 'signer', `no scan record is signed by an allowed identity (${policy.identities.join(', ') || 'none'}): ${describeSigners(signed, policy)}`);
        }
    }
    else if (policy.requireSigned) {
        return refuse('untrusted-signer', 'signer', 'the scan records on this digest are unsigned, and signed verdicts are required ' +
            '(they are by default when the job has id-token: write): sign the scan (give the scanning job ' +
            "'permissions: id-token: write')");
    }
    else {
        candidates = current.filter((record) => {
            const names = subjectNames(record);
            if (policy.repositoryName === undefined || names.includes(policy.repositoryName))
                return true;
            ignored.push({ record: record.descriptor.digest, why: `unsigned, about ${names.join(', ')}` });
            warnings.push(`ignored unsigned scan record ${record.descriptor.digest}: its subject names ${names.join(', ')}, ` +
                `not ${policy.repositoryName} (it was not written for this repository)`);
            return false;
        });
        if (candidates.length === 0) {
            return refuse('no-verdict', 'records', `no scan record on this digest counts (${ignored.map((entry) => `${entry.record}: ${entry.why}`).join('; ')}): scan it in ${policy.repositoryName ?? 'this repository'}`);
        }
        unsigned = true;
        warnings.push('the scan record is unsigned, so who wrote it is not established (anyone who can push to the ' +
            "quarantine repository could have): give the scanning job 'permissions: id-token: write' to sign it");
    }
    const ordered = newestFirst(candidates);
    const record = ordered[0];
    const verdict = verdictOf(record.statement.predicate);
    const scannedAt = scannedAtOf(record);
    const base = {
        record,
        ...(verdict ? { verdict } : {}),
        ...(scannedAt ? { scannedAt } : {}),
        ...(record.signer ? { signer: record.signer } : {}),
        ...(unsigned ? { unsigned } : {}),
    };
    if (policy.verdictRecord !== undefined && record.descriptor.digest !== policy.verdictRecord) {
        const present = records.find((entry) => entry.descriptor.digest === policy.verdictRecord);
        const why = !present
            ? 'is not attached to this digest (was it removed from the referrers index?)'
            : !candidates.includes(present)
                ? 'is not trusted (its signer or origin does not count, or it is dated in the future)'
                : `is not the newest trusted scan record (${record.descriptor.digest} is newer)`;
        return refuse('verdict-record-mismatch', 'verdict-record', `the scan record given in 'verdict-record' (${policy.verdictRecord}) ${why}`, base);
    }
    if (verdict !== 'pass') {
        return refuse('verdict-fail', 'verdict', `the newest scan record's verdict is ${verdict ?? 'missing'} (record ${record.descriptor.digest})`, base);
    }
    if (importedOf(record.statement.predicate) && !policy.allowImported) {
        return refuse('verdict-imported', 'origin', `the passing verdict came from an imported report (scanner: report), not a scan of this digest ` +
            `(record ${record.descriptor.digest}): scan it with scanner: trivy, or set 'allow-imported-verdicts: true'`, base);
    }
    if (subject) {
        const covered = new Set([...coversOf(record.statement.predicate), subject.digest]);
        const missing = subject.runnable.filter((digest) => !covered.has(digest));
        if (missing.length > 0) {
            return refuse('verdict-incomplete', 'coverage', `the scan record ${record.descriptor.digest} does not cover ${missing.length} runnable image ` +
                `manifest${missing.length === 1 ? '' : 's'} of this digest (${missing.join(', ')}): scan every ` +
                "platform (quarantine-scan with 'platforms: all')", base);
        }
    }
    const scannedMs = scannedAt ? Date.parse(scannedAt) : Number.NaN;
    if (Number.isNaN(scannedMs)) {
        return refuse('verdict-expired', 'age', 'the scan record says no scan time', base);
    }
    const ageMs = policy.now.getTime() - scannedMs;
    if (ageMs > policy.maxAgeMs) {
        return refuse('verdict-expired', 'age', `the passing scan is ${formatDuration(ageMs)} old, older than max-verdict-age (${formatDuration(policy.maxAgeMs)}): scan again`, base);
    }
    const by = record.signer ? `signed by ${record.signer.subjectAlternativeName}` : 'unsigned';
    return {
        ...base,
        allowed: true,
        message: `verdict pass, scanned ${scannedAt}, ${by} (record ${record.descriptor.digest})`,
        warnings,
        ignored,
    };
}
function describeSigners(records, policy) {
    return records
        .map((record) => record.signature === 'verified'
        ? `${record.descriptor.digest}: ${signerRefusal(record.signer, policy) ?? `signed by ${record.signer?.subjectAlternativeName} (dated in the future)`}`
        : record.signature === 'invalid'
            ? `a signature that does not verify (${record.problem ?? 'unknown problem'}; ` +
                "if another Sigstore instance signed it, give that instance's trusted root in 'trusted-root')"
            : 'a signature that was not verified')
        .join('; ');
}
/** Layer media types of attestations (in-toto statements, Sigstore bundles, DSSE envelopes), not filesystems. */
function isAttestationLayerType(mediaType) {
    return (mediaType === MediaType.inToto ||
        mediaType.startsWith('application/vnd.in-toto') ||
        mediaType.startsWith('application/vnd.dev.sigstore') ||
        mediaType.startsWith('application/vnd.dsse') ||
        mediaType === 'application/vnd.dev.cosign.simplesigning.v1+json');
}
/**
 * Whether a manifest is runnable: an image manifest with at least one layer that is not an attestation.
 * Decided from the manifest's content, never from an index entry's annotation or platform.
 */
function isRunnableManifest(manifest) {
    const layers = manifest.layers ?? [];
    return layers.length === 0 || !layers.every((layer) => isAttestationLayerType(layer.mediaType));
}
/** Every runnable image manifest a digest holds: itself, or its index's children (nested indexes too). */
async function runnableManifests(repository, digest, depth = 0) {
    const { manifest } = await repository.getManifest(digest);
    if (!isIndex(manifest))
        return isRunnableManifest(manifest) ? [digest] : [];
    if (depth >= 3)
        return [];
    const found = [];
    for (const child of manifest.manifests) {
        if (isIndexMediaType(child.mediaType))
            found.push(...(await runnableManifests(repository, child.digest, depth + 1)));
        else {
            const { manifest: childManifest } = await repository.getManifest(child.digest);
            if (isIndex(childManifest))
                found.push(...(await runnableManifests(repository, child.digest, depth + 1)));
            else if (isRunnableManifest(childManifest))
                found.push(child.digest);
        }
    }
    return found;
}
/**
 * The gate: reads every scan record attached to `digest` (classified by content, signatures verified)
 * and the digest's runnable manifests, and decides. Registry failures throw; refusals are results.
 */
async function checkGate(options) {
    const { repository, digest, policy, verifier, logger } = options;
    const records = await readRecords({
        repository,
        digest,
        predicateType: scanPredicateType,
        ...(verifier ? { verifier } : {}),
        logger,
    });
    const runnable = await runnableManifests(repository, digest);
    const decision = evaluateGate(records, policy, { digest, runnable });
    for (const entry of decision.ignored)
        logger.info(`gate: ignored scan record ${entry.record} (${entry.why})`);
    return { ...decision, records, runnable };
}
const units = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
/** `7d`, `24h`, `1d12h`, `90m`, `1w`: a duration in milliseconds, or undefined when it is not one. */
function parseDuration(text) {
    const trimmed = text.trim().toLowerCase();
    if (!/^(\d+[wdhms])+$/.test(trimmed))
        return undefined;
    let total = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)([wdhms])/g))
        total += Number(amount) * units[unit];
    return total;
}
function formatDuration(ms) {
    const parts = [];
    let rest = Math.max(0, Math.round(ms / 1000)) * 1000;
    for (const unit of ['d', 'h', 'm', 's']) {
        const size = units[unit];
        if (rest >= size) {
            parts.push(`${Math.floor(rest / size)}${unit}`);
            rest %= size;
        }
    }
    return parts.slice(0, 2).join('') || '0s';
}

;// CONCATENATED MODULE: ./packages/core/src/action/inputs.ts



// Typed readers over core.getInput. Every message names the input, so the user knows what to fix.
function stringInput(name, options = {}) {
    const value = lib_core/* getInput */.V4(name).trim();
    if (options.required && value === '')
        throw new errors/* ConfigurationError */.j1(`input '${name}' is required`);
    return value;
}
function secretInput(name) {
    const value = lib_core/* getInput */.V4(name).trim();
    if (value)
        lib_core/* setSecret */.Pq(value);
    return value;
}
function booleanInput(name, fallback) {
    const value = lib_core/* getInput */.V4(name).trim().toLowerCase();
    if (value === '')
        return fallback;
    if (['true', 'yes', '1', 'on'].includes(value))
        return true;
    if (['false', 'no', '0', 'off'].includes(value))
        return false;
    throw new errors/* ConfigurationError */.j1(`input '${name}' must be true or false, got '${value}'`);
}
function integerInput(name, fallback, range) {
    const raw = core.getInput(name).trim();
    if (raw === '')
        return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
        throw new ConfigurationError(`input '${name}' must be a whole number from ${range.min} to ${range.max}, got '${raw}'`);
    }
    return value;
}
/** Lines or commas, trimmed, empty ones dropped: `a, b` and one item a line both work. */
function listInput(name) {
    return lib_core/* getInput */.V4(name)
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** One item a line, comments (`#`) dropped; each line keeps its inner spaces. */
function linesInput(name) {
    return core
        .getInput(name)
        .split('\n')
        .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
        .filter((line) => line !== '');
}
function choiceInput(name, choices, fallback) {
    const value = lib_core/* getInput */.V4(name).trim().toLowerCase();
    if (value === '')
        return fallback;
    if (choices.includes(value))
        return value;
    throw new errors/* ConfigurationError */.j1(`input '${name}' must be one of ${choices.join(', ')}, got '${value}'`);
}
/** A positive duration like `7d`, `24h` or `1d12h`, in milliseconds; `examples` shows the user the form. */
function durationInput(name, fallback, examples) {
    const text = lib_core/* getInput */.V4(name).trim() || fallback;
    const ms = parseDuration(text);
    if (ms === undefined || ms === 0) {
        throw new errors/* ConfigurationError */.j1(`input '${name}' must be a duration such as ${examples}, got '${text}'`);
    }
    return ms;
}

;// CONCATENATED MODULE: ./packages/core/src/logger.ts
const logger_silentLogger = {
    debug() { },
    info() { },
    warning() { },
    group: (_name, fn) => fn(),
};
/** A logger that keeps every line, for tests that print the log only when they fail. */
class RecordingLogger {
    lines = [];
    debug(message) {
        this.lines.push(`debug: ${message}`);
    }
    info(message) {
        this.lines.push(message);
    }
    warning(message) {
        this.lines.push(`warning: ${message}`);
    }
    async group(name, fn) {
        this.lines.push(`[${name}]`);
        return fn();
    }
    get warnings() {
        return this.lines.filter((line) => line.startsWith('warning: ')).map((line) => line.slice(9));
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./packages/core/src/oci/digest.ts
// Content digests: computing them, validating their text, and checking streamed bytes against them.



/** The digest algorithms we compute, with the length of their lower-case hex encoding. */
const algorithms = { sha256: 64, sha512: 128 };
const digestPattern = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
/** `sha256:<hex>` of the bytes. */
function sha256Digest(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
/** The digest of `data` with the same algorithm as `like` (so a sha512 digest is checked as sha512). */
function digestWithAlgorithmOf(like, data) {
    const algorithm = like.slice(0, like.indexOf(':'));
    return `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(data).digest('hex')}`;
}
/**
 * Why `text` is not a digest we can verify, or undefined when it is one. Only sha256 and sha512 are
 * accepted: a digest we cannot compute would be a digest we cannot check.
 */
function digestProblem(text) {
    const match = digestPattern.exec(text);
    if (!match)
        return 'expected ALGORITHM:HEX, such as sha256: followed by 64 hex digits';
    const [, algorithm, hex] = match;
    const length = algorithms[algorithm];
    if (length === undefined)
        return `unsupported digest algorithm "${algorithm}" (use sha256 or sha512)`;
    if (!/^[a-f0-9]+$/.test(hex))
        return 'the hex part must be lower-case hexadecimal';
    if (hex.length !== length)
        return `${algorithm} takes ${length} hex digits, not ${hex.length}`;
    return undefined;
}
function isDigest(text) {
    return digestProblem(text) === undefined;
}
/** Throws a plain Error naming the problem when `digest` is not one we can verify. */
function assertDigest(digest) {
    const problem = digestProblem(digest);
    if (problem)
        throw new Error(`"${digest}" is not a valid digest: ${problem}`);
}
/** `sha256:abc…` → `sha256-abc…`, the tag under which the referrers fallback index is kept. */
function digest_digestTag(digest) {
    return digest.replace(':', '-');
}
/** Content that does not match its digest: what a registry or store sent cannot be used. */
class DigestMismatchError extends errors/* RegistryError */.gl {
    name = 'DigestMismatchError';
    expected;
    actual;
    constructor(message, expected, actual) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }
}
/**
 * Counts and hashes a blob's bytes as they pass and says what is wrong with them: more bytes than its
 * size (found as soon as they arrive, so a wrong blob is never read to its end), or, at the end, the
 * wrong size or digest. The one check behind every verified blob stream.
 */
class BlobCheck {
    digest;
    size;
    hash;
    what;
    received = 0;
    constructor(digest, size, what = 'blob') {
        assertDigest(digest);
        this.digest = digest;
        this.size = size;
        this.what = what;
        this.hash = (0,external_node_crypto_.createHash)(digest.slice(0, digest.indexOf(':')));
    }
    /** Bytes seen so far. */
    get bytesReceived() {
        return this.received;
    }
    /** Takes the next chunk; the error when it carries the blob past its size. */
    add(chunk) {
        this.received += chunk.length;
        if (this.size !== undefined && this.received > this.size) {
            return new DigestMismatchError(`${this.what} ${this.digest}: received more than the expected ${this.size} bytes`, this.digest, 'unknown');
        }
        this.hash.update(chunk);
        return undefined;
    }
    /** The error when the bytes that came are not the blob (wrong size or digest); call once, at the end. */
    finish() {
        if (this.size !== undefined && this.received !== this.size) {
            return new DigestMismatchError(`${this.what} ${this.digest}: received ${this.received} bytes, expected ${this.size}`, this.digest, 'unknown');
        }
        const actual = `${this.digest.slice(0, this.digest.indexOf(':'))}:${this.hash.digest('hex')}`;
        if (actual !== this.digest) {
            return new DigestMismatchError(`${this.what} ${this.digest}: content has digest ${actual}`, this.digest, actual);
        }
        return undefined;
    }
}
/**
 * A pass-through stream that fails unless the bytes match `digest` (and `size`, when given), as
 * `BlobCheck` finds. Consumers must treat the data as untrusted until 'end'.
 */
class DigestVerifier extends external_node_stream_.Transform {
    check;
    constructor(digest, size, what = 'blob') {
        super();
        this.check = new BlobCheck(digest, size, what);
    }
    /** Bytes seen so far. */
    get bytesReceived() {
        return this.check.bytesReceived;
    }
    _transform(chunk, _encoding, callback) {
        const problem = this.check.add(chunk);
        if (problem)
            callback(problem);
        else
            callback(null, chunk);
    }
    _flush(callback) {
        callback(this.check.finish());
    }
}

;// CONCATENATED MODULE: ./packages/core/src/oci/reference.ts
// Image references as users write them (`nginx`, `ghcr.io/org/app:1.2@sha256:…`, `oci:./dir:tag`),
// parsed with Docker's normalization rules and validated with messages that quote the bad part.


/** Docker Hub's canonical name; its API is served by `registry-1.docker.io`. */
const dockerHub = 'docker.io';
const dockerHubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const hostPattern = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?$`);
const pathComponentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const maxNameLength = 255;
/** The host that serves a registry's API (`docker.io` → `registry-1.docker.io`). */
function registryApiHost(registry) {
    return dockerHubAliases.has(registry) ? 'registry-1.docker.io' : registry;
}
function fail(text, inputName, problem) {
    const subject = inputName ? `Input "${inputName}"` : 'Image reference';
    throw new errors/* ConfigurationError */.j1(`${subject}: "${text}" is not a valid image reference: ${problem}.`);
}
function checkTag(text, inputName, tag) {
    if (!tagPattern.test(tag)) {
        fail(text, inputName, `tag "${tag}" may only hold letters, digits, "_", "." and "-", must not start with "." or "-", ` +
            'and is at most 128 characters');
    }
}
function checkDigest(text, inputName, digest) {
    const problem = digestProblem(digest);
    if (problem)
        fail(text, inputName, `digest "${digest}": ${problem}`);
}
/** Splits `name[:tag][@digest]` into its parts; the tag colon is the last one after the last slash. */
function splitTagAndDigest(rest) {
    let name = rest;
    let digest;
    const at = name.indexOf('@');
    if (at >= 0) {
        digest = name.slice(at + 1);
        name = name.slice(0, at);
    }
    let tag;
    const colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
        tag = name.slice(colon + 1);
        name = name.slice(0, colon);
    }
    return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
function parseLayout(text, inputName) {
    const { name, tag, digest } = splitTagAndDigest(text.slice('oci:'.length));
    if (name === '')
        fail(text, inputName, 'give the layout directory after "oci:", as in oci:./image:latest');
    if (tag !== undefined)
        checkTag(text, inputName, tag);
    if (digest !== undefined)
        checkDigest(text, inputName, digest);
    return withDefaultTag({ kind: 'layout', registry: '', repository: name, tag, digest });
}
function withDefaultTag(reference) {
    const result = {
        kind: reference.kind,
        registry: reference.registry,
        repository: reference.repository,
    };
    if (reference.tag !== undefined)
        result.tag = reference.tag;
    if (reference.digest !== undefined)
        result.digest = reference.digest;
    if (result.tag === undefined && result.digest === undefined)
        result.tag = 'latest';
    return result;
}
/**
 * Parses an image reference. Registry references follow Docker: a first component that has a "." or
 * ":" or is `localhost` names the registry, otherwise the image is on Docker Hub, where one-word names
 * live under `library/`. `oci:DIR[:TAG]` and `oci:DIR@DIGEST` name an OCI image layout directory.
 * The tag is `latest` only when neither a tag nor a digest is given; `tag@digest` keeps both (the digest
 * is what gets read). Throws a ConfigurationError that quotes the bad part and names `inputName`.
 */
function parseReference(text, inputName) {
    const trimmed = text.trim();
    if (trimmed === '') {
        const subject = inputName ? `Input "${inputName}"` : 'Image reference';
        throw new errors/* ConfigurationError */.j1(`${subject} is empty: give an image such as docker.io/library/alpine:3.20.`);
    }
    if (trimmed.startsWith('oci:'))
        return parseLayout(trimmed, inputName);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
        fail(trimmed, inputName, `leave out the "${trimmed.slice(0, trimmed.indexOf('://') + 3)}" prefix`);
    }
    if (/\s/.test(trimmed))
        fail(trimmed, inputName, 'it contains white space');
    const { name, tag, digest } = splitTagAndDigest(trimmed);
    let registry = dockerHub;
    let path = name;
    const slash = name.indexOf('/');
    const first = slash >= 0 ? name.slice(0, slash) : '';
    if (slash >= 0 &&
        (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
        registry = first;
        path = name.slice(slash + 1);
        if (!hostPattern.test(registry))
            fail(trimmed, inputName, `registry "${registry}" is not a valid host[:port]`);
        if (dockerHubAliases.has(registry))
            registry = dockerHub;
    }
    if (path === '')
        fail(trimmed, inputName, 'the repository name is missing');
    if (registry === dockerHub && !path.includes('/'))
        path = `library/${path}`;
    for (const component of path.split('/')) {
        if (pathComponentPattern.test(component))
            continue;
        if (component === '')
            fail(trimmed, inputName, `repository "${path}" has an empty path component`);
        if (component !== component.toLowerCase() && pathComponentPattern.test(component.toLowerCase())) {
            fail(trimmed, inputName, `repository "${path}" must be lower-case`);
        }
        fail(trimmed, inputName, `repository component "${component}" may only hold lower-case letters and digits separated by ".", "_", "__" or "-"`);
    }
    if (`${registry}/${path}`.length > maxNameLength) {
        fail(trimmed, inputName, `the name is longer than ${maxNameLength} characters`);
    }
    if (tag !== undefined)
        checkTag(trimmed, inputName, tag);
    if (digest !== undefined)
        checkDigest(trimmed, inputName, digest);
    return withDefaultTag({ kind: 'registry', registry, repository: path, tag, digest });
}
/** The reference as text: `registry/repo[:tag][@digest]` or `oci:DIR[:tag][@digest]`. */
function formatReference(reference) {
    const tag = reference.tag !== undefined ? `:${reference.tag}` : '';
    const digest = reference.digest !== undefined ? `@${reference.digest}` : '';
    return `${repositoryOf(reference)}${tag}${digest}`;
}
/** The same repository pinned to `digest` (the tag is dropped: everything after entry is by digest). */
function withDigest(reference, digest) {
    return { kind: reference.kind, registry: reference.registry, repository: reference.repository, digest };
}
/** The same repository with a tag and no digest. */
function withTag(reference, tag) {
    return { kind: reference.kind, registry: reference.registry, repository: reference.repository, tag };
}
/** The repository without tag or digest: `docker.io/library/nginx`, `oci:./dir`. */
function repositoryOf(reference) {
    return reference.kind === 'layout'
        ? `oci:${reference.repository}`
        : `${reference.registry}/${reference.repository}`;
}
/** What the reference selects on its repository: the digest when there is one, else the tag. */
function referenceTarget(reference) {
    return reference.digest ?? reference.tag ?? 'latest';
}
/**
 * Whether a reference as the user wrote it names a tag: a `:` after the last `/` and before any
 * `@digest` (a registry's port comes before a `/`). `alpine` and `repo@sha256:…` write none, though
 * parseReference gives the first `latest`; `oci:DIR:TAG` writes one.
 */
function writesTag(text) {
    const name = text.trim().replace(/^oci:/, '').split('@')[0];
    return name.lastIndexOf(':') > name.lastIndexOf('/');
}

;// CONCATENATED MODULE: ./packages/core/src/oci/docker-config.ts
// Credentials that `docker login` (and docker/login-action) leave behind: `~/.docker/config.json` with
// inline `auths`, per-registry `credHelpers`, or one `credsStore`, both run as `docker-credential-<name>`.






/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. The action passes its environment. */
function defaultDockerConfigPath(env = {}, home = (0,external_node_os_.homedir)()) {
    return env['DOCKER_CONFIG']
        ? (0,external_node_path_.join)(env['DOCKER_CONFIG'], 'config.json')
        : (0,external_node_path_.join)(home, '.docker', 'config.json');
}
/** Reads a Docker config file; undefined when there is none. A broken file is the user's to fix. */
function readDockerConfig(path) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new errors/* ConfigurationError */.j1(`Cannot read the Docker config ${path}: ${error.message}.`);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`The Docker config ${path} is not valid JSON: fix it or log in again with docker login.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new errors/* ConfigurationError */.j1(`The Docker config ${path} is not a JSON object: fix it or log in again with docker login.`);
    }
    return parsed;
}
/** The host a config key names: `https://index.docker.io/v1/` → `registry-1.docker.io`. */
function keyHost(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return registryApiHost(host === 'index.docker.io' ? 'docker.io' : host);
}
function findEntry(map, registry) {
    if (!map)
        return undefined;
    const wanted = registryApiHost(registry.toLowerCase());
    for (const [key, value] of Object.entries(map)) {
        if (keyHost(key) === wanted)
            return value;
    }
    return undefined;
}
/** The server URL credential helpers know a registry by (Docker Hub's is historical). */
function helperServerUrl(registry) {
    return registryApiHost(registry) === 'registry-1.docker.io' ? 'https://index.docker.io/v1/' : registry;
}
function fromHelper(result, source) {
    // Helpers return the user name `<token>` when the secret is an identity (refresh) token.
    return result.Username === '<token>'
        ? { identityToken: result.Secret, source }
        : { username: result.Username, password: result.Secret, source };
}
function fromEntry(entry, path) {
    const source = `${path} (docker login)`;
    let { username, password } = entry;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new errors/* ConfigurationError */.j1(`The Docker config ${path} has an "auth" value that is not base64 of user:password: log in again with docker login.`);
        }
        username = decoded.slice(0, colon);
        password = decoded.slice(colon + 1);
    }
    if (entry.identitytoken)
        return { ...(username ? { username } : {}), identityToken: entry.identitytoken, source };
    if (entry.registrytoken)
        return { registryToken: entry.registrytoken, source };
    if (username !== undefined && password !== undefined && (username !== '' || password !== '')) {
        return { username, password, source };
    }
    return undefined;
}
/**
 * The credential the Docker config holds for `registry`: its `credHelpers` entry first, else the
 * `credsStore`, else the inline `auths` entry (docker keeps an empty entry there when a store holds it).
 */
async function credentialFromDockerConfig(config, registry, path, runHelper = runCredentialHelper) {
    const helper = findEntry(config.credHelpers, registry) ?? config.credsStore;
    if (helper) {
        const result = await runHelper(helper, helperServerUrl(registry));
        if (result)
            return fromHelper(result, `docker-credential-${helper} (from ${path})`);
    }
    const entry = findEntry(config.auths, registry);
    return entry ? fromEntry(entry, path) : undefined;
}
/**
 * A runner of `docker-credential-<helper> get` with the server URL on stdin, as Docker does. The helper
 * is looked up on the PATH of `env` (default: the environment this process passes to its children).
 */
function credentialHelperRunner(env) {
    return (helper, serverUrl) => {
        if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
            return Promise.reject(new errors/* ConfigurationError */.j1(`The Docker credential helper name "${helper}" is not valid.`));
        }
        const program = `docker-credential-${helper}`;
        return new Promise((resolve, reject) => {
            const options = { timeout: 30_000, maxBuffer: 1 << 20, ...(env ? { env } : {}) };
            const child = (0,external_node_child_process_.execFile)(program, ['get'], options, (error, stdout, stderr) => {
                if (error) {
                    if (/credentials not found|no credentials/i.test(`${stdout}${stderr}`)) {
                        resolve(undefined);
                    }
                    else if (error.code === 'ENOENT') {
                        reject(new errors/* ConfigurationError */.j1(`The Docker config names the credential helper "${helper}", but ${program} is not on PATH: install it or remove it from the config.`));
                    }
                    else {
                        // The helper's output is not repeated: it might echo a secret.
                        reject(new errors/* ConfigurationError */.j1(`${program} get failed for ${serverUrl} (exit ${String(error.code)}).`));
                    }
                    return;
                }
                try {
                    const parsed = JSON.parse(stdout);
                    if (typeof parsed.Secret !== 'string' || parsed.Secret === '') {
                        resolve(undefined);
                        return;
                    }
                    resolve({
                        Username: typeof parsed.Username === 'string' ? parsed.Username : '',
                        Secret: parsed.Secret,
                    });
                }
                catch {
                    reject(new errors/* ConfigurationError */.j1(`${program} get returned output that is not JSON for ${serverUrl}.`));
                }
            });
            child.stdin?.end(`${serverUrl}\n`);
        });
    };
}
const runCredentialHelper = credentialHelperRunner();

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(41692);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
;// CONCATENATED MODULE: ./packages/core/src/oci/http.ts
// The one HTTP transport every registry call goes through: undici with keep-alive connection pools,
// bounded retries with backoff and jitter, manual redirects that never carry credentials to another
// host, and TLS except for hosts the user listed as insecure.




/** HTTP_PROXY/HTTPS_PROXY/NO_PROXY (either case) from an environment, for `TransportOptions.proxy`. */
function proxySettingsFrom(env) {
    const read = (name) => env[name.toLowerCase()] || env[name] || undefined;
    const settings = {};
    const httpProxy = read('HTTP_PROXY');
    const httpsProxy = read('HTTPS_PROXY');
    const noProxy = read('NO_PROXY');
    if (httpProxy)
        settings.httpProxy = httpProxy;
    if (httpsProxy)
        settings.httpsProxy = httpsProxy;
    if (noProxy)
        settings.noProxy = noProxy;
    return httpProxy || httpsProxy ? settings : undefined;
}
/** Thrown from a response handler to have the request tried again (counts as an attempt). */
class RetryableError extends Error {
    name = 'RetryableError';
}
const retryableStatuses = new Set([429, 500, 502, 503, 504]);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 10;
const transientCodes = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_CLOSED',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
    'ERR_STREAM_PREMATURE_CLOSE',
]);
/** The `code` of a Node or undici error, looking through `cause` chains. */
function errorCode(error) {
    for (let current = error, depth = 0; isErrorLike(current) && depth < 5; depth++) {
        const code = current.code;
        if (typeof code === 'string')
            return code;
        current = current.cause;
    }
    return undefined;
}
/**
 * Whether a value is an error, judged by shape: errors from Node's own modules may come from another
 * realm (a VM context), where `instanceof Error` is false.
 */
function isErrorLike(value) {
    return (typeof value === 'object' &&
        value !== null &&
        typeof value.message === 'string');
}
/** A failure of the connection rather than an answer: worth another attempt. */
function isTransientNetworkError(error) {
    if (error instanceof RetryableError)
        return true;
    if (isPermanentError(error))
        return false;
    const code = errorCode(error);
    if (code !== undefined)
        return transientCodes.has(code);
    return isErrorLike(error) && /\b(terminated|socket hang up|other side closed)\b/i.test(error.message);
}
/**
 * A failure that sending the same request again cannot mend: a user's mistake, a refusal, or a file system
 * error about where the user pointed us (a path under a file, a read-only directory), however deep in
 * the `cause` chain it sits.
 */
function isPermanentError(error) {
    if (error instanceof errors/* ConfigurationError */.j1 || error instanceof errors/* RefusalError */.XQ)
        return true;
    return (0,errors/* fileErrorReason */.Hs)(errorCode(error)) !== undefined;
}
function isTlsError(error) {
    const code = errorCode(error) ?? '';
    const text = isErrorLike(error) ? `${error.message} ${String(error.cause ?? '')}` : '';
    return (code.startsWith('ERR_SSL') ||
        code === 'EPROTO' ||
        /wrong version number|packet length too long/i.test(text));
}
function isCertificateError(error) {
    const code = errorCode(error) ?? '';
    return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}
/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
function parseRetryAfter(value, now = Date.now()) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** A header's single value (the first, when repeated). */
function header(headers, name) {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
}
/** `host/path` without the query, which may hold signed storage parameters: safe for messages. */
function describeUrl(url) {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
}
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
class HttpTransport {
    agent;
    insecure;
    retry;
    logger;
    userAgent;
    constructor(options = {}) {
        this.insecure = new Set((options.insecureRegistries ?? []).map((host) => host.toLowerCase()));
        this.logger = options.logger ?? logger_silentLogger;
        this.userAgent = options.userAgent ?? 'airlock';
        this.retry = {
            attempts: Math.max(1, options.retry?.attempts ?? 5),
            baseDelayMs: options.retry?.baseDelayMs ?? 250,
            maxDelayMs: options.retry?.maxDelayMs ?? 8000,
            maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 60_000,
            sleep: options.retry?.sleep ?? defaultSleep,
            random: options.retry?.random ?? Math.random,
        };
        const pool = {
            connections: options.connectionsPerOrigin ?? 16,
            keepAliveTimeout: 30_000,
            headersTimeout: options.timeouts?.headersMs ?? 60_000,
            bodyTimeout: options.timeouts?.bodyMs ?? 120_000,
            connectTimeout: options.timeouts?.connectMs ?? 15_000,
            ...(options.caCertificates?.length
                ? { connect: { ca: [...external_node_tls_.rootCertificates, ...options.caCertificates] } }
                : {}),
        };
        const proxy = options.proxy;
        // Every proxy field is given explicitly ('' for none), so undici never reads the environment itself.
        this.agent = proxy
            ? new undici.EnvHttpProxyAgent({
                ...pool,
                httpProxy: proxy.httpProxy ?? '',
                httpsProxy: proxy.httpsProxy ?? '',
                noProxy: proxy.noProxy ?? '',
            })
            : new undici.Agent(pool);
    }
    /** Whether `host` (`host[:port]`) is reached over plain HTTP. */
    isInsecure(host) {
        return this.insecure.has(host.toLowerCase());
    }
    /** The base URL of a registry host: `https://host`, or `http://host` for an insecure one. */
    baseUrl(host) {
        return `${this.isInsecure(host) ? 'http' : 'https'}://${host}`;
    }
    /**
     * Sends a request, following redirects, and passes the response to `handle`. Retries (bounded, with
     * backoff) on 429/5xx, on connection failures, and when `handle` throws a RetryableError or a
     * transient network error (a body cut short while being read). `handle` must consume or dump the body.
     */
    async request(request, handle) {
        // A bare stream body is consumed by the first attempt: such a request is sent exactly once.
        const attempts = isStream(request.body) || request.retryable === false ? 1 : this.retry.attempts;
        for (let attempt = 1;; attempt++) {
            let delay;
            let failure;
            try {
                const response = await this.sendFollowingRedirects(request);
                if (retryableStatuses.has(response.status) && attempt < attempts) {
                    await response.body.dump().catch(() => undefined);
                    const retryAfter = parseRetryAfter(header(response.headers, 'retry-after'));
                    delay =
                        retryAfter !== undefined
                            ? Math.min(retryAfter, this.retry.maxRetryAfterMs)
                            : this.backoff(attempt);
                    failure = `HTTP ${response.status}`;
                }
                else {
                    return await handle(response);
                }
            }
            catch (error) {
                if (!isTransientNetworkError(error) || attempt >= attempts) {
                    throw this.describeFailure(request, error);
                }
                delay = this.backoff(attempt);
                failure = errorCode(error) ?? (isErrorLike(error) ? error.message : String(error));
            }
            this.logger.debug(`${request.method} ${describeUrl(request.url)}: ${String(failure)}; retry ${attempt} of ${attempts - 1} in ${delay} ms`);
            await this.retry.sleep(delay);
        }
    }
    /** Closes pooled connections. */
    async close() {
        await this.agent.close();
    }
    backoff(attempt) {
        const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        return Math.round(ceiling / 2 + (this.retry.random() * ceiling) / 2);
    }
    describeFailure(request, error) {
        if (error instanceof errors/* RegistryError */.gl || !isErrorLike(error))
            return error;
        if (error instanceof RetryableError)
            return new errors/* RegistryError */.gl(error.message, undefined, { cause: error });
        const host = new URL(request.url).host;
        const code = errorCode(error) ?? error.message;
        if (isCertificateError(error)) {
            return new errors/* RegistryError */.gl(`the TLS certificate of ${host} is not trusted (${code}): add its CA with NODE_EXTRA_CA_CERTS, ` +
                'or, for a test registry only, list the host in insecure-registries', undefined, { cause: error });
        }
        if (isTlsError(error)) {
            return new errors/* RegistryError */.gl(`cannot reach ${host} over TLS (${code}): if it serves plain HTTP, list it in insecure-registries`, undefined, { cause: error });
        }
        if (isTransientNetworkError(error) || /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(errorCode(error) ?? '')) {
            return new errors/* RegistryError */.gl(`cannot reach ${host}: ${code}`, undefined, { cause: error });
        }
        return error;
    }
    async sendFollowingRedirects(request) {
        let method = request.method;
        let url = request.url;
        let headers = { 'user-agent': this.userAgent, ...request.headers };
        let body = request.body;
        const origin = new URL(url).origin;
        for (let hop = 0;; hop++) {
            const response = await this.send(method, url, headers, body);
            const location = header(response.headers, 'location');
            if (!redirectStatuses.has(response.status) || location === undefined)
                return response;
            await response.body.dump().catch(() => undefined);
            if (hop >= maxRedirects)
                throw new errors/* RegistryError */.gl(`${describeUrl(request.url)}: too many redirects`);
            const next = new URL(location, url);
            if (next.protocol === 'http:' && !this.isInsecure(next.host)) {
                throw new errors/* RegistryError */.gl(`${describeUrl(request.url)} redirected to plain HTTP at ${next.host}; refusing (list the host in insecure-registries to allow it)`);
            }
            if (next.protocol !== 'http:' && next.protocol !== 'https:') {
                throw new errors/* RegistryError */.gl(`${describeUrl(request.url)} redirected to an unsupported URL scheme ${next.protocol}`);
            }
            // Credentials are for the registry that asked for them, never for storage or anyone else.
            if (next.origin !== origin) {
                headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
            }
            if (response.status === 303 ||
                ((response.status === 301 || response.status === 302) && method === 'POST')) {
                method = 'GET';
                body = undefined;
                headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-(length|type)$/i.test(name)));
            }
            else if (isStream(body)) {
                throw new errors/* RegistryError */.gl(`${describeUrl(request.url)} redirected a streamed upload, which cannot be resent`);
            }
            url = next.toString();
        }
    }
    async send(method, url, headers, body) {
        const payload = typeof body === 'function' ? body() : body;
        const response = await this.agent.request({
            origin: new URL(url).origin,
            path: new URL(url).pathname + new URL(url).search,
            method,
            headers,
            body: payload ?? null,
        });
        return { status: response.statusCode, headers: response.headers, url, body: response.body };
    }
}
/** A body that can be sent only once (a bare stream). */
function isStream(body) {
    return typeof body === 'object' && body !== null && !Buffer.isBuffer(body);
}

;// CONCATENATED MODULE: ./packages/core/src/oci/blob-streams.ts
// Stream plumbing for blobs: bounded reads, re-chunking for uploads, and downloads that resume.





/** The whole body, or undefined (and the body destroyed) once it passes `limit` bytes. */
async function readAtMost(body, limit) {
    const chunks = [];
    let length = 0;
    for await (const chunk of body) {
        length += chunk.length;
        if (length > limit) {
            body.destroy();
            return undefined;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/**
 * A whole blob in memory, for the small documents airlock reads (configs, records, SBOMs): refused
 * before reading when its descriptor is larger than `limit`, and verified against its digest and size
 * on the way (a blob longer than its descriptor is cut there). `what` names it: `config`, `SBOM`.
 */
async function blob_streams_readBlobBounded(repository, descriptor, limit, what) {
    if (!Number.isSafeInteger(descriptor.size) || descriptor.size < 0 || descriptor.size > limit) {
        throw new errors/* RegistryError */.gl(`${repository.display}: the ${what} ${descriptor.digest} is ${descriptor.size} bytes, more than the ` +
            `${formatLimit(limit)} airlock reads`);
    }
    // Bytes damaged on the way only show at the end of the stream, too late for the transport to ask
    // again: a read whose digest did not match, or whose connection broke, is made again (three in all).
    for (let attempt = 1;; attempt++) {
        try {
            const bytes = await readAtMost(await repository.getBlob(descriptor), limit);
            if (bytes === undefined) {
                throw new errors/* RegistryError */.gl(`${repository.display}: the ${what} ${descriptor.digest} is larger than the ${formatLimit(limit)} airlock reads`);
            }
            return bytes;
        }
        catch (error) {
            const again = error instanceof DigestMismatchError || isTransientNetworkError(error);
            if (!again || attempt >= 3)
                throw error;
        }
    }
}
/** Regroups a stream's chunks into buffers of `size` bytes (the last one shorter). */
async function* rechunk(stream, size) {
    let parts = [];
    let length = 0;
    for await (const chunk of stream) {
        let data = chunk;
        while (length + data.length >= size) {
            const take = size - length;
            parts.push(data.subarray(0, take));
            yield Buffer.concat(parts);
            parts = [];
            length = 0;
            data = data.subarray(take);
        }
        if (data.length > 0) {
            parts.push(data);
            length += data.length;
        }
    }
    if (length > 0)
        yield Buffer.concat(parts);
}
/**
 * A response body that survives broken connections: when the current body fails with a transient
 * network error before `size` bytes, `reopen(offset, resumes, error)` gives a body from that offset
 * (it throws to give up), and reading goes on. Given a `check`, it also verifies the bytes it passes
 * and ends in the check's error instead of 'end' when they are not the blob. Plain Node stream
 * plumbing, no async iteration and no second stream for the hashing: each chunk of a download passes
 * one stream, which keeps the client's CPU per byte copied low.
 */
class ResumingBody extends external_node_stream_.Readable {
    current;
    skip = 0;
    received = 0;
    resumes = 0;
    size;
    check;
    reopen;
    constructor(body, size, reopen, check) {
        super();
        this.size = size;
        this.check = check;
        this.reopen = reopen;
        this.current = body;
        // The source flows from the start, so this stream can fail (a wrong digest, a lost connection)
        // before its reader is there, or after a reader that gave up stopped listening: that must not
        // crash the process. A reader still gets the error, from the stream's `errored` state.
        this.on('error', () => { });
        this.attach(body);
    }
    /** Bytes passed on so far (progress lines ask). */
    get bytesReceived() {
        return this.received;
    }
    _read() {
        this.current.resume();
    }
    _destroy(error, callback) {
        this.current.destroy();
        callback(error);
    }
    attach(body) {
        body.on('data', (chunk) => {
            let data = chunk;
            if (this.skip > 0) {
                const dropped = Math.min(this.skip, data.length);
                this.skip -= dropped;
                data = data.subarray(dropped);
                if (data.length === 0)
                    return;
            }
            this.received += data.length;
            const problem = this.check?.add(data);
            if (problem) {
                this.destroy(problem);
                return;
            }
            if (!this.push(data))
                body.pause();
        });
        body.once('end', () => {
            const problem = this.check?.finish();
            if (problem)
                this.destroy(problem);
            else
                this.push(null);
        });
        body.once('error', (error) => {
            if (this.destroyed)
                return;
            if (!isTransientNetworkError(error) || this.received >= this.size) {
                this.destroy(error);
                return;
            }
            this.resumes++;
            body.removeAllListeners('data');
            Promise.resolve()
                .then(() => this.reopen(this.received, this.resumes, error))
                .then((next) => {
                if (this.destroyed) {
                    next.body.destroy();
                    return;
                }
                this.current = next.body;
                this.skip = next.skip;
                this.attach(next.body);
            })
                .catch((failure) => this.destroy(failure));
        });
    }
}

;// CONCATENATED MODULE: ./packages/core/src/oci/registry-answers.ts
// What registries answer, read carefully: media types, distribution error bodies, JSON, `Link` pages
// and query strings. Shared by the registry client and its repositories.




function mediaTypeOf(contentType) {
    return contentType?.split(';')[0]?.trim() || undefined;
}
/** A short reason from a distribution error body (`{"errors":[{"code","message"}]}`), or ''. */
async function errorDetail(response) {
    // Only the first error is used: an endless body is cut at the limit (and then says nothing).
    const bytes = await readAtMost(response.body, limits_readLimits.errorBody).catch(() => undefined);
    if (bytes === undefined)
        return '';
    const text = bytes.toString('utf8');
    try {
        const parsed = JSON.parse(text);
        const first = parsed.errors?.[0];
        if (first)
            return ` (${[first.code, first.message].filter(Boolean).join(': ').slice(0, 200)})`;
    }
    catch {
        // Not a distribution error body; the status says enough.
    }
    return '';
}
/**
 * Parses a registry's JSON answer. A broken one may have been damaged on the way, so it is asked for
 * again (a RetryableError); one that stays broken is the registry's failure, named as such.
 */
function parseJson(text, what) {
    try {
        return JSON.parse(text);
    }
    catch {
        throw new RetryableError(`${what} is not valid JSON`);
    }
}
function addQuery(url, params) {
    const parsed = new URL(url);
    for (const [name, value] of Object.entries(params))
        parsed.searchParams.set(name, value);
    return parsed.toString();
}
/** Parses `Link: <url>; rel="next"`, resolved against the URL that answered. */
function nextLink(response) {
    const link = header(response.headers, 'link');
    const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
    return match ? new URL(match[1], response.url).toString() : undefined;
}
/**
 * A response body of at most `limit` bytes. A longer one is cut off (its connection closed) and refused
 * with an error naming `what` (which names the registry or token service).
 */
async function readBodyBounded(response, limit, what) {
    const declared = Number(header(response.headers, 'content-length'));
    if (Number.isFinite(declared) && declared > limit) {
        response.body.destroy();
        throw new errors/* RegistryError */.gl(`${what} is ${declared} bytes, more than the ${formatLimit(limit)} airlock reads`);
    }
    const bytes = await readAtMost(response.body, limit);
    if (bytes === undefined) {
        throw new errors/* RegistryError */.gl(`${what} is larger than the ${formatLimit(limit)} airlock reads; refusing it`);
    }
    return bytes;
}

;// CONCATENATED MODULE: ./packages/core/src/oci/auth.ts
// Registry authentication: which credential to use for a host, and how to turn it into an
// Authorization header (Basic, or the Bearer token flow of the distribution spec), with every secret
// handed to `onSecret` (the action masks it) and none ever put in a message.







/** What to tell a user who needs to give credentials, when none of theirs were used. */
const credentialAdvice = 'registry username/password inputs, docker login, or github-token for ghcr.io';
/** Resolves (and caches) the credential for each registry host, in the order of `CredentialSources`. */
class CredentialResolver {
    sources;
    onSecret;
    cache = new Map();
    dockerConfig = null;
    constructor(sources = {}, onSecret = () => { }) {
        this.sources = sources;
        this.onSecret = onSecret;
        for (const credential of Object.values(sources.hosts ?? {}))
            onSecret(credential.password);
        if (sources.githubToken)
            onSecret(sources.githubToken);
    }
    /** The credential for a registry (`docker.io`, `registry-1.docker.io`, `host:port`), or undefined. */
    forRegistry(registry) {
        const host = registryApiHost(registry.toLowerCase());
        let pending = this.cache.get(host);
        if (!pending) {
            pending = this.lookUp(host).then((credential) => {
                for (const secret of [credential?.password, credential?.identityToken, credential?.registryToken]) {
                    if (secret)
                        this.onSecret(secret);
                }
                return credential;
            });
            this.cache.set(host, pending);
        }
        return pending;
    }
    async lookUp(host) {
        for (const [name, credential] of Object.entries(this.sources.hosts ?? {})) {
            if (registryApiHost(name.toLowerCase()) === host) {
                return {
                    username: credential.username,
                    password: credential.password,
                    source: credential.source ?? 'inputs',
                };
            }
        }
        const path = this.sources.dockerConfigPath;
        if (path) {
            if (this.dockerConfig === null)
                this.dockerConfig = readDockerConfig(path);
            if (this.dockerConfig) {
                const found = await credentialFromDockerConfig(this.dockerConfig, host, path, this.sources.runCredentialHelper ?? runCredentialHelper);
                if (found)
                    return found;
            }
        }
        if (this.sources.githubToken && host === 'ghcr.io') {
            return {
                username: this.sources.githubActor ?? 'x-access-token',
                password: this.sources.githubToken,
                source: 'github-token',
            };
        }
        return undefined;
    }
}
/** Parses `WWW-Authenticate` (one or several challenges, quoted or token parameter values). */
function parseWwwAuthenticate(value) {
    const challenges = [];
    // Either `name=value` (tried first) or a bare token, which starts a new challenge.
    const item = /[\s,]*(?:([\w!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))|([\w!#$%&'*+.^`|~-]+))/y;
    let current;
    for (let match = item.exec(value); match && match[0] !== ''; match = item.exec(value)) {
        if (match[4] !== undefined) {
            current = { scheme: match[4].toLowerCase(), params: {} };
            challenges.push(current);
        }
        else if (current && match[1] !== undefined) {
            current.params[match[1].toLowerCase()] =
                match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
        }
    }
    return challenges;
}
/** Merges scopes on the same resource: `repository:a:pull` + `repository:a:push` → `repository:a:pull,push`. */
function mergeScopes(scopes) {
    const actions = new Map();
    for (const scope of scopes.flatMap((text) => text.split(' ')).filter(Boolean)) {
        const last = scope.lastIndexOf(':');
        if (last < 0)
            continue;
        const resource = scope.slice(0, last);
        const set = actions.get(resource) ?? new Set();
        for (const action of scope
            .slice(last + 1)
            .split(',')
            .filter(Boolean))
            set.add(action);
        actions.set(resource, set);
    }
    return [...actions.entries()].map(([resource, set]) => `${resource}:${[...set].sort().join(',')}`).sort();
}
/** Whether the granted scopes include every action of every wanted scope. */
function covers(granted, wanted) {
    const grantedActions = new Map(mergeScopes(granted).map((scope) => {
        const last = scope.lastIndexOf(':');
        return [scope.slice(0, last), new Set(scope.slice(last + 1).split(','))];
    }));
    return mergeScopes(wanted).every((scope) => {
        const last = scope.lastIndexOf(':');
        const have = grantedActions.get(scope.slice(0, last));
        return (have !== undefined &&
            scope
                .slice(last + 1)
                .split(',')
                .every((action) => have.has(action) || have.has('*')));
    });
}
/**
 * Produces Authorization headers for registry requests. It learns each host's scheme from its first
 * 401 challenge, then authorizes later requests up front; Bearer tokens are cached per scope set until
 * shortly before they expire.
 */
class Authenticator {
    transport;
    credentials;
    onSecret;
    logger;
    now;
    hosts = new Map();
    masked = new Set();
    constructor(options) {
        this.transport = options.transport;
        this.credentials = options.credentials;
        const onSecret = options.onSecret ?? (() => { });
        this.onSecret = (secret) => {
            if (!this.masked.has(secret)) {
                this.masked.add(secret);
                onSecret(secret);
            }
        };
        this.logger = options.logger ?? logger_silentLogger;
        this.now = options.now ?? Date.now;
    }
    /** The header to send before any challenge, when the host's scheme is already known. */
    async authorization(host, scopes) {
        const state = this.hosts.get(host);
        if (state?.scheme === 'basic')
            return this.basic(host);
        if (state?.scheme === 'bearer')
            return this.bearer(host, state, scopes);
        return undefined;
    }
    /**
     * Answers a 401 to a request that carried `refused` (or nothing): reads the challenge, obtains a
     * credential or token and returns the header to retry with. Throws a RegistryError saying what to
     * check when there is nothing to answer with.
     */
    async answer(host, scopes, challengeHeader, refused) {
        const challenges = parseWwwAuthenticate(challengeHeader ?? '');
        const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
        const basic = challenges.find((challenge) => challenge.scheme === 'basic');
        const state = this.hosts.get(host) ?? { tokens: [] };
        this.hosts.set(host, state);
        if (bearer) {
            const realm = bearer.params['realm'];
            if (!realm)
                throw new errors/* RegistryError */.gl(`${host} asked for a Bearer token without naming a realm`, 401);
            state.scheme = 'bearer';
            state.realm = realm;
            state.service = bearer.params['service'];
            // The token the registry refused is dropped; others stay (parallel requests sent before the
            // first token arrived are refused too, and must not throw away the token they will share). The
            // scope the registry named is asked for as well as ours.
            const wanted = mergeScopes([...scopes, ...(bearer.params['scope'] ? [bearer.params['scope']] : [])]);
            state.tokens = state.tokens.filter((cached) => `Bearer ${cached.token}` !== refused);
            return this.bearer(host, state, wanted);
        }
        if (basic) {
            state.scheme = 'basic';
            const header = await this.basic(host);
            if (header)
                return header;
            throw new errors/* RegistryError */.gl(`${host} requires credentials: give them with ${credentialAdvice}`, 401);
        }
        throw new errors/* RegistryError */.gl(`${host} answered 401 without a Basic or Bearer challenge; check the credentials for ${host}`, 401);
    }
    /** Sends a token request; a token service that cannot be reached is named as the registry's. */
    async requestToken(host, request, handle) {
        try {
            return await this.transport.request(request, handle);
        }
        catch (error) {
            if (error instanceof errors/* RegistryError */.gl && error.status === undefined) {
                throw new errors/* RegistryError */.gl(`the token service of ${host} failed: ${error.message}`, undefined, {
                    cause: error,
                });
            }
            throw error;
        }
    }
    /** Whether any source gives a credential for the host. */
    async hasCredential(host) {
        return (await this.credentials.forRegistry(host)) !== undefined;
    }
    /** A message suffix that names where the host's credential came from. */
    async credentialHint(host) {
        const credential = await this.credentials.forRegistry(host);
        // Users log in to Docker Hub as docker.io, whichever host serves its API.
        const name = host === registryApiHost(dockerHub) ? dockerHub : host;
        return credential
            ? `check the credentials for ${name} (from ${credential.source})`
            : `${name} needs credentials: give them with ${credentialAdvice}`;
    }
    async basic(host) {
        const credential = await this.credentials.forRegistry(host);
        if (credential?.registryToken)
            return `Bearer ${credential.registryToken}`;
        if (credential?.username === undefined || credential.password === undefined)
            return undefined;
        const encoded = Buffer.from(`${credential.username}:${credential.password}`).toString('base64');
        this.onSecret(encoded);
        return `Basic ${encoded}`;
    }
    async bearer(host, state, scopes) {
        const wanted = mergeScopes(scopes);
        const now = this.now();
        state.tokens = state.tokens.filter((cached) => cached.expiresAt > now);
        const cached = state.tokens.find((token) => covers(token.scopes, wanted));
        if (cached)
            return `Bearer ${cached.token}`;
        const key = wanted.join(' ');
        state.pending ??= new Map();
        let pending = state.pending.get(key);
        if (!pending) {
            pending = this.fetchToken(host, state, wanted)
                .then((token) => {
                state.tokens.push(token);
                return token;
            })
                .finally(() => state.pending?.delete(key));
            state.pending.set(key, pending);
        }
        return `Bearer ${(await pending).token}`;
    }
    async fetchToken(host, state, scopes) {
        let realm;
        try {
            realm = new URL(state.realm);
        }
        catch {
            throw new errors/* RegistryError */.gl(`${host} names a token service that is not a URL: "${state.realm}"`, 401);
        }
        if (realm.protocol !== 'https:' &&
            !(this.transport.isInsecure(host) || this.transport.isInsecure(realm.host))) {
            throw new errors/* RegistryError */.gl(`${host} sends its token requests to ${realm.host} over plain HTTP; refusing to send credentials there ` +
                '(list the host in insecure-registries to allow it)');
        }
        const credential = await this.credentials.forRegistry(host);
        const headers = {};
        let request;
        if (credential?.identityToken) {
            // An identity token is an OAuth2 refresh token: exchanged with a POST, as Docker does.
            const form = new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: credential.identityToken,
                client_id: 'airlock',
                ...(state.service ? { service: state.service } : {}),
                ...(scopes.length ? { scope: scopes.join(' ') } : {}),
            });
            headers['content-type'] = 'application/x-www-form-urlencoded';
            request = { method: 'POST', url: realm.toString(), headers, body: form.toString() };
        }
        else {
            if (state.service)
                realm.searchParams.set('service', state.service);
            for (const scope of scopes)
                realm.searchParams.append('scope', scope);
            if (credential?.username !== undefined && credential.password !== undefined) {
                const encoded = Buffer.from(`${credential.username}:${credential.password}`).toString('base64');
                this.onSecret(encoded);
                headers['authorization'] = `Basic ${encoded}`;
            }
            request = { method: 'GET', url: realm.toString(), headers };
        }
        const issuedAt = this.now();
        const body = await this.requestToken(host, request, async (response) => {
            const text = (await readBodyBounded(response, limits_readLimits.token, `the answer of the token service ${describeUrl(realm.toString())} for ${host}`)).toString('utf8');
            if (response.status === 401 || response.status === 403) {
                throw new errors/* RegistryError */.gl(`the token service ${describeUrl(realm.toString())} refused access to ${scopes.join(' ') || host} ` +
                    `(HTTP ${response.status}): ${await this.credentialHint(host)}`, response.status);
            }
            if (response.status !== 200) {
                throw new errors/* RegistryError */.gl(`the token service ${describeUrl(realm.toString())} for ${host} answered HTTP ${response.status}`, response.status);
            }
            if (!/json/i.test(header(response.headers, 'content-type') ?? 'application/json')) {
                throw new errors/* RegistryError */.gl(`the token service ${describeUrl(realm.toString())} for ${host} did not answer JSON`);
            }
            return text;
        });
        let parsed;
        try {
            parsed = JSON.parse(body);
        }
        catch {
            throw new errors/* RegistryError */.gl(`the token service ${describeUrl(realm.toString())} for ${host} did not answer JSON`);
        }
        const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token;
        if (typeof token !== 'string' || token === '') {
            throw new errors/* RegistryError */.gl(`the token service ${describeUrl(realm.toString())} for ${host} returned no token`);
        }
        this.onSecret(token);
        // Tokens without `expires_in` last 60 s (distribution spec); renew a little before the end.
        const lifetimeMs = (typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60) * 1000;
        const expiresAt = issuedAt + lifetimeMs - Math.min(10_000, lifetimeMs / 2);
        this.logger.debug(`token for ${host} (${scopes.join(' ') || 'no scope'}), valid ${Math.round(lifetimeMs / 1000)} s`);
        return { token, scopes, expiresAt };
    }
}

;// CONCATENATED MODULE: ./packages/core/src/oci/manifest.ts
// Reading manifests: the one parser every repository uses (a registry's answer, a layout's blob, a
// manifest about to be written), and the media type a manifest declares or implies.


/** The media type a manifest declares, or the one its shape implies when the field is absent. */
function manifestMediaType(manifest) {
    if (manifest.mediaType)
        return manifest.mediaType;
    return types_isIndex(manifest) ? MediaType.ociIndex : MediaType.ociManifest;
}
/**
 * Parses a schema 2 manifest (an OCI or Docker image manifest or index). `where` names it in messages,
 * as in `the manifest latest of ghcr.io/org/app`. Docker schema 1 and anything else is refused.
 */
function parseManifest(bytes, where) {
    let parsed;
    try {
        parsed = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new errors/* RegistryError */.gl(`${where} is not a JSON manifest`);
    }
    const shape = parsed;
    if (typeof shape !== 'object' ||
        shape === null ||
        Array.isArray(shape) ||
        shape.schemaVersion !== 2 ||
        !(Array.isArray(shape.manifests) ||
            (typeof shape.config === 'object' && shape.config !== null))) {
        throw new errors/* RegistryError */.gl(`${where} is not a schema 2 OCI or Docker image manifest or index (Docker schema 1 is not supported)`);
    }
    return parsed;
}

;// CONCATENATED MODULE: ./packages/core/src/oci/registry-repository.ts
// One repository on a registry: the distribution API (manifests, blobs, uploads, mounts, tags,
// referrers) over the client's transport and authenticator, verifying every byte it reads.










const manifestAccept = manifestMediaTypes.join(', ');
/** Chunks of uploads that go chunked without a configured size (after a 413). */
const defaultChunkSize = 8 * 1024 * 1024;
/** How many times one blob download is resumed after its connection broke. */
const maxBlobResumes = 5;
/** A conditional write lost a race: what it meant to replace has changed. Read again and retry. */
class PreconditionFailedError extends errors/* RegistryError */.gl {
    name = 'PreconditionFailedError';
}
/** One repository on a registry. Reads need pull access, writes pull and push. */
class RegistryRepository {
    client;
    /** The registry as the user named it (`docker.io`). */
    registry;
    /** The host that serves its API (`registry-1.docker.io`). */
    host;
    name;
    display;
    pullScope;
    pushScope;
    /** Upload sessions a declined mount left open, by digest: the next upload of that blob uses them. */
    openUploads = new Map();
    constructor(client, registry, name) {
        this.client = client;
        this.registry = registry;
        this.host = registryApiHost(registry);
        this.name = name;
        this.display = `${registry}/${name}`;
        this.pullScope = [`repository:${name}:pull`];
        this.pushScope = [`repository:${name}:pull,push`];
    }
    url(path) {
        return `${this.client.transport.baseUrl(this.host)}/v2/${this.name}/${path}`;
    }
    call(scopes, request, handle) {
        return this.client.call(this.host, scopes, request, handle);
    }
    /** Registries answer 404 for private repositories to anonymous clients: say so when anonymous. */
    async privateHint() {
        return (await this.client.auth.hasCredential(this.host))
            ? ''
            : ` (if the repository is private: ${await this.client.auth.credentialHint(this.host)})`;
    }
    failure(response, what) {
        return this.client.failure(response, this.host, this.display, what);
    }
    async resolve(reference) {
        const descriptor = await this.call(this.pullScope, { method: 'HEAD', url: this.url(`manifests/${reference}`), headers: { accept: manifestAccept } }, async (response) => {
            await response.body.dump();
            if (response.status === 404)
                return null;
            if (response.status !== 200)
                throw await this.failure(response, `reading manifest ${reference} of`);
            const digest = header(response.headers, 'docker-content-digest');
            const mediaType = mediaTypeOf(header(response.headers, 'content-type'));
            const size = Number(header(response.headers, 'content-length'));
            if (isDigest(reference) && digest !== undefined && digest !== reference) {
                throw new errors/* RegistryError */.gl(`${this.display} answered manifest ${reference} with the digest ${digest}; the registry is not trustworthy`);
            }
            const resolved = digest ?? (isDigest(reference) ? reference : undefined);
            if (!resolved || !mediaType || !Number.isInteger(size) || size <= 0)
                return undefined;
            return { mediaType, digest: resolved, size };
        });
        if (descriptor === null)
            return undefined;
        if (descriptor)
            return descriptor;
        // The HEAD lacked a digest, type or size: read the manifest itself (and verify it).
        return (await this.getManifest(reference)).descriptor;
    }
    async getManifest(reference) {
        const byDigest = isDigest(reference);
        return this.call(this.pullScope, { method: 'GET', url: this.url(`manifests/${reference}`), headers: { accept: manifestAccept } }, async (response) => {
            if (response.status === 404) {
                await response.body.dump();
                throw new errors/* RegistryError */.gl(`the manifest ${reference} was not found in ${this.display}${await this.privateHint()}`, 404);
            }
            if (response.status !== 200)
                throw await this.failure(response, `reading manifest ${reference} of`);
            const bytes = await readBodyBounded(response, limits_readLimits.manifest, `the manifest ${reference} of ${this.display}`);
            // By digest the reference is the truth; by tag, the registry's digest header is. A byte flipped
            // inside a JSON string still parses, so the bytes are always hashed and compared.
            const expected = byDigest ? reference : header(response.headers, 'docker-content-digest');
            if (expected !== undefined && digestProblem(expected) === undefined) {
                const actual = digestWithAlgorithmOf(expected, bytes);
                if (actual !== expected) {
                    throw new RetryableError(`the manifest ${reference} of ${this.display} has the digest ${actual}, not ${expected}: ` +
                        'its bytes were changed on the way');
                }
            }
            else if (expected !== undefined) {
                throw new errors/* RegistryError */.gl(`${this.display} sent the manifest digest "${expected}", which is not valid`);
            }
            else {
                this.client.logger.debug(`${this.display} sent no Docker-Content-Digest for ${reference}`);
            }
            const manifest = parseManifest(bytes, `the manifest ${reference} of ${this.display}`);
            const mediaType = manifest.mediaType ?? mediaTypeOf(header(response.headers, 'content-type'));
            if (!mediaType)
                throw new errors/* RegistryError */.gl(`the manifest ${reference} of ${this.display} has no media type`);
            const digest = expected?.startsWith('sha256:') ? expected : sha256Digest(bytes);
            const etag = header(response.headers, 'etag');
            return {
                descriptor: { mediaType, digest, size: bytes.length },
                bytes,
                manifest,
                ...(etag ? { etag } : {}),
            };
        });
    }
    async putManifest(bytes, mediaType, tag) {
        return (await this.putManifestWithResult(bytes, mediaType, tag !== undefined ? { tag } : {})).descriptor;
    }
    /** Writes a manifest and reports whether the registry recognised its subject (`OCI-Subject`). */
    async putManifestWithResult(bytes, mediaType, options = {}) {
        const digest = sha256Digest(bytes);
        const target = options.tag ?? digest;
        const headers = { 'content-type': mediaType };
        if (options.ifMatch)
            headers['if-match'] = options.ifMatch;
        return this.call(this.pushScope, { method: 'PUT', url: this.url(`manifests/${target}`), headers, body: bytes }, async (response) => {
            if (response.status === 412) {
                await response.body.dump();
                throw new PreconditionFailedError(`the manifest ${target} of ${this.display} changed while it was being updated`, 412);
            }
            if (response.status !== 201 && response.status !== 200) {
                throw await this.failure(response, `writing manifest ${target} to`);
            }
            await response.body.dump();
            const stored = header(response.headers, 'docker-content-digest');
            if (stored !== undefined && stored !== digest) {
                throw new errors/* RegistryError */.gl(`${this.display} stored the manifest ${target} as ${stored}, expected ${digest}`);
            }
            return {
                descriptor: { mediaType, digest, size: bytes.length },
                subjectAccepted: header(response.headers, 'oci-subject') !== undefined,
            };
        });
    }
    async deleteManifest(digest) {
        await this.call(this.pushScope, { method: 'DELETE', url: this.url(`manifests/${digest}`) }, async (response) => {
            if (response.status === 202 || response.status === 200 || response.status === 404) {
                await response.body.dump();
                return;
            }
            if (response.status === 405) {
                await response.body.dump();
                throw new errors/* RegistryError */.gl(`${this.display} does not allow deleting manifests (HTTP 405): enable deletion on the registry, or do not ask to delete`, 405);
            }
            throw await this.failure(response, `deleting manifest ${digest} from`);
        });
    }
    /** Every tag, following the registry's `Link` pages of `pageSize` tags. */
    async listTags(pageSize = 1000) {
        const tags = [];
        const budget = new ListBudget(`the tag list of ${this.display}`);
        let url = addQuery(this.url('tags/list'), { n: String(pageSize) });
        for (let page = 0; url !== undefined; page++) {
            budget.nextPage(url);
            const current = url;
            url = await this.call(this.pullScope, { method: 'GET', url: current }, async (response) => {
                if (response.status === 404) {
                    await response.body.dump();
                    return undefined;
                }
                if (response.status !== 200)
                    throw await this.failure(response, 'listing the tags of');
                const parsed = parseJson(await budget.read(response), `the tag list of ${this.display}`);
                if (parsed.tags !== undefined && parsed.tags !== null && !Array.isArray(parsed.tags)) {
                    throw new errors/* RegistryError */.gl(`${this.display} answered the tag list with something other than a list`);
                }
                tags.push(...(parsed.tags ?? []).filter((tag) => typeof tag === 'string'));
                return nextLink(response);
            });
        }
        return tags;
    }
    async hasBlob(digest) {
        return this.call(this.pullScope, { method: 'HEAD', url: this.url(`blobs/${digest}`) }, async (response) => {
            await response.body.dump();
            if (response.status === 200)
                return true;
            if (response.status === 404)
                return false;
            throw await this.failure(response, `checking blob ${digest} in`);
        });
    }
    /**
     * Streams a blob, verified against its digest and size (the stream errors at the end otherwise).
     * A connection that breaks mid-body is resumed with a Range request from the last byte received,
     * so a long download survives resets; corrupted bytes cannot be taken back and end in an error.
     */
    async getBlob(descriptor) {
        const first = await this.openBlob(descriptor, 0);
        const what = `blob ${descriptor.digest} of ${this.display}`;
        return new ResumingBody(first.body, descriptor.size, (offset, resumes, error) => {
            if (resumes > maxBlobResumes) {
                throw new errors/* RegistryError */.gl(`reading ${what} failed after ${offset} bytes and ${maxBlobResumes} resumed connections: ${errorCode(error) ?? 'connection lost'}`, undefined, { cause: error });
            }
            this.client.logger.debug(`${what}: connection lost after ${offset} bytes (${errorCode(error) ?? 'error'}); resuming`);
            return this.openBlob(descriptor, offset);
        }, new BlobCheck(descriptor.digest, descriptor.size, `${this.display} blob`));
    }
    /** Opens a blob's body from `offset` (a Range request); `skip` bytes to drop if the range was ignored. */
    async openBlob(descriptor, offset) {
        const { digest, size } = descriptor;
        const headers = offset > 0 ? { range: `bytes=${offset}-` } : {};
        return this.call(this.pullScope, { method: 'GET', url: this.url(`blobs/${digest}`), headers }, async (response) => {
            if (response.status === 404) {
                await response.body.dump();
                throw new errors/* RegistryError */.gl(`the blob ${digest} was not found in ${this.display}`, 404);
            }
            if (response.status !== 200 && response.status !== 206) {
                throw await this.failure(response, `reading blob ${digest} of`);
            }
            const partial = response.status === 206;
            const expected = partial ? size - offset : size;
            const length = header(response.headers, 'content-length');
            const range = header(response.headers, 'content-range');
            if ((length !== undefined && Number(length) !== expected) ||
                (partial && !range?.startsWith(`bytes ${offset}-`))) {
                await response.body.dump();
                throw new RetryableError(`${this.display} sent ${length ?? 'an unknown number of'} bytes for the blob ${digest}, expected ${expected}`);
            }
            return { body: response.body, skip: partial ? 0 : offset };
        });
    }
    /**
     * Uploads a blob: POST to open a session, then one PUT of the whole body with its length (or, for
     * blobs above the client's `uploadChunkSize`, PATCHes of that size and a closing PUT; a PATCH is
     * never repeated, since the registry may have taken it before the answer was lost). A `() => Readable` factory lets a failed
     * upload start over (a new session, a fresh stream); a bare Readable is sent once, and a failure is
     * left to the caller to retry from the source. The registry checks the digest before it keeps the blob.
     */
    async putBlob(descriptor, content) {
        // Each attempt is a new upload session: a closing PUT whose answer was lost may have used its session.
        const attempts = typeof content === 'function' ? 5 : 1;
        let chunked = this.client.uploadChunkSize !== undefined && descriptor.size > this.client.uploadChunkSize;
        for (let attempt = 1;; attempt++) {
            try {
                const location = this.openUploads.get(descriptor.digest) ?? (await this.startUpload());
                this.openUploads.delete(descriptor.digest);
                const body = typeof content === 'function' ? content() : content;
                if (chunked)
                    await this.uploadInChunks(location, descriptor, body);
                else
                    await this.finishUpload(location, descriptor, body);
                return;
            }
            catch (error) {
                const status = error instanceof errors/* RegistryError */.gl ? error.status : undefined;
                // A registry that refuses one large PUT (413) may take the same bytes in chunks.
                const tooLarge = status === 413 && !chunked;
                if (attempt >= attempts ||
                    !(error instanceof errors/* RegistryError */.gl) ||
                    (status !== undefined && status < 500 && status !== 429 && !tooLarge)) {
                    throw error;
                }
                if (tooLarge)
                    chunked = true;
                this.client.logger.debug(`uploading ${descriptor.digest} to ${this.display} again: ${error.message}`);
            }
        }
    }
    async uploadInChunks(location, descriptor, body) {
        const chunkSize = this.client.uploadChunkSize ?? defaultChunkSize;
        let offset = 0;
        let current = location;
        for await (const chunk of rechunk(body, chunkSize)) {
            const headers = {
                'content-type': 'application/octet-stream',
                'content-length': String(chunk.length),
                'content-range': `${offset}-${offset + chunk.length - 1}`,
            };
            current = await this.call(this.pushScope, { method: 'PATCH', url: current, headers, body: chunk, retryable: false }, async (response) => {
                await response.body.dump();
                if (response.status !== 202)
                    throw await this.failure(response, `uploading blob ${descriptor.digest} to`);
                const next = header(response.headers, 'location');
                return next ? new URL(next, response.url).toString() : current;
            });
            offset += chunk.length;
        }
        if (offset !== descriptor.size) {
            throw new errors/* RegistryError */.gl(`the blob ${descriptor.digest} for ${this.display} had ${offset} bytes, expected ${descriptor.size}`);
        }
        await this.finishUpload(current, { ...descriptor, size: 0 }, Buffer.alloc(0), descriptor.digest);
    }
    /** Cross-repository mount within one registry; false when the registry declined (then upload). */
    async mountBlob(descriptor, from) {
        if (!(from instanceof RegistryRepository) || from.host !== this.host || from.name === this.name)
            return false;
        const url = addQuery(this.url('blobs/uploads/'), { mount: descriptor.digest, from: from.name });
        const scopes = [...this.pushScope, ...from.pullScope];
        return this.call(scopes, { method: 'POST', url, headers: { 'content-length': '0' } }, async (response) => {
            await response.body.dump();
            if (response.status === 201)
                return true;
            if (response.status === 202) {
                const location = header(response.headers, 'location');
                if (location)
                    this.openUploads.set(descriptor.digest, new URL(location, response.url).toString());
                return false;
            }
            throw await this.failure(response, `mounting blob ${descriptor.digest} from ${from.display} into`);
        });
    }
    async startUpload() {
        return this.call(this.pushScope, { method: 'POST', url: this.url('blobs/uploads/'), headers: { 'content-length': '0' } }, async (response) => {
            await response.body.dump();
            if (response.status !== 202)
                throw await this.failure(response, 'starting an upload to');
            const location = header(response.headers, 'location');
            if (!location)
                throw new errors/* RegistryError */.gl(`${this.display} opened an upload without a Location`);
            return new URL(location, response.url).toString();
        });
    }
    /** The closing PUT: the whole body, or (after chunks) an empty one naming the digest. */
    async finishUpload(location, descriptor, body, digest = descriptor.digest) {
        const url = addQuery(location, { digest });
        const headers = { 'content-type': 'application/octet-stream', 'content-length': String(descriptor.size) };
        await this.call(this.pushScope, { method: 'PUT', url, headers, body }, async (response) => {
            if (response.status !== 201 && response.status !== 204) {
                throw await this.failure(response, `uploading blob ${digest} to`);
            }
            await response.body.dump();
            const stored = header(response.headers, 'docker-content-digest');
            if (stored !== undefined && stored !== digest) {
                throw new errors/* RegistryError */.gl(`${this.display} stored the blob ${digest} as ${stored}`);
            }
        });
    }
    /**
     * The referrers of `digest`: the referrers API, or, where the registry has none (404), the
     * `sha256-<hex>` tag index. Filtered by `artifactType` when given.
     */
    async referrers(digest, artifactType) {
        const filter = (descriptors) => artifactType === undefined ? descriptors : descriptors.filter((d) => d.artifactType === artifactType);
        if (this.client.referrersApiKnown(this.host) !== false) {
            const listed = await this.referrersFromApi(digest, artifactType);
            if (listed !== undefined)
                return filter(listed);
        }
        const fallback = await this.referrersTagIndex(digest);
        return filter(fallback?.index.manifests ?? []);
    }
    /** The referrers API's answer (every `Link` page), or undefined when the endpoint is missing. */
    async referrersFromApi(digest, artifactType) {
        const descriptors = [];
        const first = this.url(`referrers/${digest}`);
        let url = artifactType ? addQuery(first, { artifactType }) : first;
        const budget = new ListBudget(`the referrers of ${digest} in ${this.display}`);
        for (let page = 0; url !== undefined; page++) {
            budget.nextPage(url);
            const current = url;
            const answer = await this.call(this.pullScope, { method: 'GET', url: current, headers: { accept: MediaType.ociIndex } }, async (response) => {
                if (response.status === 404 || response.status === 405) {
                    // A registry without the endpoint answers its router's plain 404; a distribution error
                    // (NAME_UNKNOWN) means the endpoint exists and the repository does not (yet).
                    const detail = await errorDetail(response);
                    if (detail === '')
                        this.client.setReferrersApi(this.host, false);
                    return undefined;
                }
                if (response.status !== 200) {
                    throw await this.failure(response, `listing the referrers of ${digest} in`);
                }
                const index = parseJson(await budget.read(response), `the referrers of ${digest} in ${this.display}`);
                if (!Array.isArray(index.manifests)) {
                    throw new errors/* RegistryError */.gl(`${this.display} answered the referrers of ${digest} with something other than an index`);
                }
                return { manifests: index.manifests, next: nextLink(response) };
            });
            if (answer === undefined)
                return page === 0 ? undefined : descriptors;
            this.client.setReferrersApi(this.host, true);
            descriptors.push(...answer.manifests);
            url = answer.next;
        }
        return descriptors;
    }
    /** The `sha256-<hex>` fallback tag index of `digest` with its ETag, or undefined when there is none. */
    async referrersTagIndex(digest) {
        const tag = digest_digestTag(digest);
        if (!(await this.resolve(tag)))
            return undefined;
        const data = await this.getManifest(tag);
        if (!types_isIndex(data.manifest)) {
            throw new errors/* RegistryError */.gl(`the referrers tag ${tag} of ${this.display} holds a manifest, not an index`);
        }
        return { index: data.manifest, data };
    }
    /** The URL-free description of a request, for messages. */
    describe(path) {
        return describeUrl(this.url(path));
    }
}
/**
 * The limits of one paged list (tags, referrers): each page, all pages together, and their number.
 * A registry that answers endlessly, or pages without end, is stopped with an error naming it.
 */
class ListBudget {
    pages = 0;
    bytes = 0;
    seen = new Set();
    what;
    constructor(what) {
        this.what = what;
    }
    nextPage(url) {
        if (this.seen.has(url)) {
            throw new errors/* RegistryError */.gl(`${this.what} pages in a loop (${describeUrl(url)} again); refusing it`);
        }
        this.seen.add(url);
        this.pages++;
        if (this.pages > limits_readLimits.listPages) {
            throw new errors/* RegistryError */.gl(`${this.what} goes on for more than ${limits_readLimits.listPages} pages; refusing it`);
        }
    }
    /** One page's body as text, within what is left of the total. */
    async read(response) {
        const left = limits_readLimits.listTotal - this.bytes;
        const limit = Math.min(limits_readLimits.listPage, left);
        let page;
        try {
            page = await readBodyBounded(response, limit, `one page of ${this.what}`);
        }
        catch (error) {
            if (limit < limits_readLimits.listPage && error instanceof errors/* RegistryError */.gl) {
                throw new errors/* RegistryError */.gl(`${this.what} is larger than the ${formatLimit(limits_readLimits.listTotal)} airlock reads in all; refusing it`);
            }
            throw error;
        }
        this.bytes += page.length;
        return page.toString('utf8');
    }
}

;// CONCATENATED MODULE: ./packages/core/src/oci/registry-client.ts
// The registry client: one transport and authenticator shared by every repository it opens, the
// authorized request loop (a 401 answered with Basic or a Bearer token), and errors that name the registry.






/** How many 401 answers to one request are answered with a new credential before it fails. */
const maxAuthRounds = 2;

class RegistryClient {
    transport;
    auth;
    logger;
    uploadChunkSize;
    referrersApi = new Map();
    constructor(options = {}) {
        this.logger = options.logger ?? logger_silentLogger;
        this.uploadChunkSize = options.uploadChunkSize;
        const onSecret = options.onSecret ?? (() => { });
        this.transport = new HttpTransport({
            insecureRegistries: options.insecureRegistries ?? [],
            logger: this.logger,
            ...(options.retry ? { retry: options.retry } : {}),
            ...(options.userAgent ? { userAgent: options.userAgent } : {}),
            ...(options.connectionsPerOrigin ? { connectionsPerOrigin: options.connectionsPerOrigin } : {}),
            ...(options.proxy ? { proxy: options.proxy } : {}),
            ...(options.timeouts ? { timeouts: options.timeouts } : {}),
            ...(options.caCertificates ? { caCertificates: options.caCertificates } : {}),
        });
        const credentials = options.credentials instanceof CredentialResolver
            ? options.credentials
            : new CredentialResolver(options.credentials ?? {}, onSecret);
        this.auth = new Authenticator({
            transport: this.transport,
            credentials,
            onSecret,
            logger: this.logger,
            ...(options.now ? { now: options.now } : {}),
        });
    }
    /** The repository a registry reference names (its tag and digest are ignored). */
    repository(reference) {
        if (reference.kind !== 'registry') {
            throw new Error(`${formatReference(reference)} is not a registry reference`);
        }
        return new RegistryRepository(this, reference.registry, reference.repository);
    }
    /**
     * Checks that the registry answers and accepts our credentials (`GET /v2/`), so that a wrong host or
     * password is reported before any work starts.
     */
    async ping(registry) {
        const host = registryApiHost(registry);
        await this.call(host, [], { method: 'GET', url: `${this.transport.baseUrl(host)}/v2/` }, async (response) => {
            if (response.status === 200) {
                await response.body.dump();
                return;
            }
            throw await this.failure(response, host, registry, 'checking access');
        });
    }
    async close() {
        await this.transport.close();
    }
    /**
     * Sends a request with authorization for `scopes` on `host`. A 401 is answered (Basic or a Bearer
     * token) up to twice: a token can expire between being fetched and being used, and the next one may be
     * refused the same way. `handle` gets every other response and must consume or dump its body.
     * A streamed body refused with 401 is spent: a fresh token is fetched, and a RegistryError without a
     * status tells the caller to send the body again from its source.
     */
    async call(host, scopes, request, handle) {
        let authorization = await this.auth.authorization(host, scopes);
        for (let round = 0;; round++) {
            const headers = { ...request.headers, ...(authorization ? { authorization } : {}) };
            const outcome = await this.transport.request({ ...request, headers }, async (response) => {
                if (response.status === 401 && round < maxAuthRounds) {
                    const challenge = header(response.headers, 'www-authenticate');
                    await response.body.dump().catch(() => undefined);
                    return { done: false, ...(challenge !== undefined ? { challenge } : {}) };
                }
                return { done: true, value: await handle(response) };
            });
            if (outcome.done)
                return outcome.value;
            authorization = await this.auth.answer(host, scopes, outcome.challenge, authorization);
            if (isStream(request.body)) {
                throw new errors/* RegistryError */.gl(`${describeUrl(request.url)}: the registry refused the token while the body was sent ` +
                    '(it had expired); a new token is ready, and the body has to be sent again');
            }
        }
    }
    /** The error for an unexpected answer: names the registry, what we were doing, and what to check. */
    async failure(response, host, display, what) {
        const detail = await errorDetail(response);
        const status = response.status;
        let advice = '';
        if (status === 401 || status === 403) {
            const writing = /^(writing|uploading|starting an upload|mounting|deleting)/.test(what);
            advice = `; ${await this.auth.credentialHint(host)}${writing ? `, and that they may push to ${display}` : ''}`;
        }
        if (status === 429)
            advice = '; the registry is rate-limiting requests, try again later or authenticate';
        return new errors/* RegistryError */.gl(`${what} ${display} failed: HTTP ${status}${detail}${advice}`, status);
    }
    /** Whether the host has the referrers API, once known. */
    referrersApiKnown(host) {
        return this.referrersApi.get(host);
    }
    setReferrersApi(host, supported) {
        this.referrersApi.set(host, supported);
    }
}

;// CONCATENATED MODULE: ./packages/core/src/text.ts
// Small text helpers shared across the library: wildcard matching, "did you mean" suggestions, and the
// runner's file-command format (what an action writes to GITHUB_OUTPUT), read by the CLI and the tests.
/**
 * Whether `text` matches `pattern`, where `*` stands for any run of characters (none included) and
 * every other character for itself. Linear in the text: the pieces between stars are found in order,
 * each at its first place, which is enough when `*` is the only wildcard; no regular expression is
 * built, so a pattern can never make matching slow.
 */
function wildcardMatch(pattern, text) {
    const pieces = pattern.split('*');
    if (pieces.length === 1)
        return pattern === text;
    const first = pieces[0];
    const last = pieces[pieces.length - 1];
    if (text.length < first.length + last.length)
        return false;
    if (!text.startsWith(first) || !text.endsWith(last))
        return false;
    let position = first.length;
    const end = text.length - last.length;
    for (const piece of pieces.slice(1, -1)) {
        if (piece === '')
            continue;
        const found = text.indexOf(piece, position);
        if (found < 0 || found + piece.length > end)
            return false;
        position = found + piece.length;
    }
    return true;
}
/**
 * The optimal-string-alignment distance between two words: insertions, deletions, substitutions and
 * swaps of two neighbouring characters each cost one. Case-insensitive.
 */
function editDistance(a, b) {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    // Three rows of the dynamic-programming table are enough for the swap rule.
    let before = new Array(t.length + 1).fill(0);
    let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
    for (let i = 1; i <= s.length; i++) {
        const current = [i];
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
                best = Math.min(best, before[j - 2] + 1);
            }
            current.push(best);
        }
        before = previous;
        previous = current;
    }
    return previous[t.length];
}
/**
 * The candidate closest to `word`, when it is close enough to be what was meant: at most a third of the
 * word's length away (and at least 1, at most 3 edits). A candidate that starts with the word (an
 * abbreviation) also counts. Ties go to the earlier candidate. Undefined when nothing is close.
 */
function closestWord(word, candidates) {
    const list = [...candidates];
    const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
    let best;
    for (const candidate of list) {
        if (candidate.toLowerCase() === word.toLowerCase())
            return candidate;
        const distance = editDistance(word, candidate);
        if (distance <= limit && (best === undefined || distance < best.distance))
            best = { candidate, distance };
    }
    if (best)
        return best.candidate;
    if (word.length >= 3) {
        const prefixed = list.filter((candidate) => candidate.toLowerCase().startsWith(word.toLowerCase()));
        if (prefixed.length === 1)
            return prefixed[0];
    }
    return undefined;
}
/** The runner's file-command format: `name=value` lines and `name<<DELIMITER` heredocs. */
function parseFileCommands(text) {
    const values = {};
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
        if (heredoc) {
            const [, name, delimiter] = heredoc;
            const value = [];
            while (++i < lines.length && lines[i] !== delimiter)
                value.push(lines[i]);
            values[name] = value.join('\n');
        }
        else if (line.includes('=')) {
            values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
        }
    }
    return values;
}

;// CONCATENATED MODULE: ./packages/core/src/records/identity.ts
// Who may sign what the gate reads. One place decides "is this signer allowed", for scan records (promote,
// verify) and for SBOM attestations (quarantine-scan with `scanner: sbom`), so the rules cannot drift.
//
// - A certificate made for a pull-request run never counts: its identity names `refs/pull/…`, or, for a
//   reusable workflow called by a pull request, its Source Repository Ref extension
//   (Fulcio OID 1.3.6.1.4.1.57264.1.14) does, while the identity names the reusable workflow's own ref.
// - The issuer must be the one asked for (GitHub's by default).
// - The identity must match one of the allowed patterns (`*` matches anything).

/** Fulcio's Source Repository Ref extension: the ref the run was for (`refs/pull/7/merge`). */
const sourceRepositoryRefOid = '1.3.6.1.4.1.57264.1.14';
const githubActionsIssuer = 'https://token.actions.githubusercontent.com';
/** `*` matches any run of characters (including `/` and `@`); everything else is literal. */
function identityMatches(pattern, identity) {
    return wildcardMatch(pattern, identity);
}
/** Whether a ref (or an identity ending in `@ref`) is a pull request's. */
function isPullRequestRef(ref) {
    if (!ref)
        return false;
    return /(^|@|\/)refs\/pull\//.test(ref);
}
/** Why a signer is not allowed, or undefined when it is. */
function identity_signerRefusal(signer, policy) {
    if (!signer || signer.subjectAlternativeName === '')
        return 'no signer identity';
    const identity = signer.subjectAlternativeName;
    if (isPullRequestRef(identity) || isPullRequestRef(signer.sourceRef)) {
        return `${identity} signed in a pull-request run (${signer.sourceRef ?? 'refs/pull/…'}), which never counts`;
    }
    if (policy.issuer !== undefined && signer.issuer !== policy.issuer) {
        return `${identity} was vouched for by ${signer.issuer ?? 'an unknown issuer'}, not ${policy.issuer}`;
    }
    if (!policy.identities.some((pattern) => identityMatches(pattern, identity))) {
        return `${identity} is not an allowed identity (${policy.identities.join(', ') || 'none given'})`;
    }
    return undefined;
}
/** The one answer to "is this signer allowed": used wherever a signature's identity is checked. */
function identity_signedByAllowedIdentity(signer, policy) {
    return identity_signerRefusal(signer, policy) === undefined;
}
/**
 * The identities trusted by default: the workflow file running the job on the default branch or a tag;
 * inside a reusable workflow, that workflow at its pinned ref. Empty when nothing says which file runs.
 */
function defaultTrustedIdentities(context) {
    const server = context.serverUrl.replace(/\/$/, '');
    const [callerPath] = (context.workflowRef ?? '').split('@');
    const [jobPath, jobRef] = (context.jobWorkflowRef ?? '').split('@');
    if (jobPath && jobRef && jobPath !== callerPath) {
        // A reusable workflow: it signs as itself at the ref the caller pinned.
        return isPullRequestRef(jobRef) ? [] : [`${server}/${jobPath}@${jobRef}`];
    }
    const path = callerPath || jobPath;
    if (!path)
        return [];
    const branch = context.defaultBranch || 'main';
    return [`${server}/${path}@refs/heads/${branch}`, `${server}/${path}@refs/tags/*`];
}
/** The text of a certificate extension value: a DER UTF8String/IA5String, or the raw bytes (legacy form). */
function extensionText(value) {
    const bytes = Buffer.from(value);
    if (bytes.length >= 2 && (bytes[0] === 0x0c || bytes[0] === 0x16 || bytes[0] === 0x13)) {
        let length = bytes[1];
        let offset = 2;
        if (length & 0x80) {
            const count = length & 0x7f;
            length = 0;
            for (let i = 0; i < count; i++)
                length = (length << 8) | bytes[2 + i];
            offset = 2 + count;
        }
        if (offset + length === bytes.length)
            return bytes.subarray(offset).toString('utf8');
    }
    return bytes.toString('utf8');
}

;// CONCATENATED MODULE: ./packages/core/src/action/context.ts









// What every action reads from the runner in the same way: the run, the event, registry credentials,
// the Sigstore instance that signs records. One place, so that the actions agree.
/** The link to this workflow run, for records and summaries; undefined outside GitHub. */
function workflowRunUrl(env = process.env) {
    const { GITHUB_SERVER_URL: server = 'https://github.com', GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run, } = env;
    return repository && run ? `${server}/${repository}/actions/runs/${run}` : undefined;
}
/** True (private or internal), false (public), or undefined when the event payload does not say. */
function repositoryVisibility(event) {
    const repository = event.repository;
    if (repository?.visibility === 'public')
        return false;
    if (repository?.visibility === 'private' || repository?.visibility === 'internal')
        return true;
    return typeof repository?.private === 'boolean' ? repository.private : undefined;
}
/** Whether the job may ask for an OIDC token (`permissions: id-token: write`). */
function jobHasOidc(env = process.env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
/** The job's own OIDC token claims (which workflow runs it); empty without `id-token: write`. */
async function jobTokenClaims(env = process.env) {
    const { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken } = env;
    if (!requestUrl || !requestToken)
        return {};
    try {
        const token = await githubIdentityProvider({ requestUrl, requestToken }).getToken();
        lib_core/* setSecret */.Pq(token);
        return jobWorkflowClaims(token);
    }
    catch {
        return {};
    }
}
/**
 * The signer identities trusted by default (verdicts, SBOMs): the workflow file running this job on the
 * default branch or a tag; inside a reusable workflow, that workflow at its pinned ref.
 */
async function defaultSignerIdentities(env = process.env) {
    const claims = await jobTokenClaims(env);
    const defaultBranch = workflowEvent(env).repository?.default_branch;
    return defaultTrustedIdentities({
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
        ...(env.GITHUB_WORKFLOW_REF ? { workflowRef: env.GITHUB_WORKFLOW_REF } : {}),
        ...(claims.jobWorkflowRef ? { jobWorkflowRef: claims.jobWorkflowRef } : {}),
        ...(typeof defaultBranch === 'string' ? { defaultBranch } : {}),
    });
}
/** The event payload that triggered the run (`GITHUB_EVENT_PATH`); empty when there is none. */
function workflowEvent(env = process.env) {
    if (!env.GITHUB_EVENT_PATH)
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
    }
    catch {
        return {};
    }
}
/**
 * A `<prefix>-username` / `<prefix>-password` pair (or `username` / `password` without a prefix): both
 * or neither, so that a forgotten secret is an error and not a silent anonymous pull.
 */
function credentialPairInput(prefix) {
    const names = prefix ? [`${prefix}-username`, `${prefix}-password`] : ['username', 'password'];
    const username = stringInput(names[0]);
    const password = lib_core/* getInput */.V4(names[1]).trim();
    if (password)
        lib_core/* setSecret */.Pq(password);
    if (username === '' && password === '')
        return undefined;
    if (username === '' || password === '') {
        throw new errors/* ConfigurationError */.j1(`inputs '${names[0]}' and '${names[1]}' go together: give both, or neither to use docker login ` +
            'credentials (an empty secret usually means it is not available to this workflow)');
    }
    return { username, password, source: names.join('/') };
}
/** The registry client of an action: secrets masked, the runner's proxy honoured, the action's logger. */
function actionRegistryClient(credentials, insecureRegistries, env = process.env) {
    const proxy = proxySettingsFrom(env);
    return new RegistryClient({
        credentials,
        insecureRegistries,
        logger: run/* actionsLogger */.MV,
        onSecret: (secret) => lib_core/* setSecret */.Pq(secret),
        userAgent: 'airlock',
        ...(proxy ? { proxy } : {}),
    });
}
const sigstoreInstances = ['auto', 'public-good', 'github', 'custom'];
/** The `sigstore`, `fulcio-url`, `rekor-url` and `tsa-url` inputs. */
function sigstoreInputs() {
    const instance = choiceInput('sigstore', sigstoreInstances, 'auto');
    const fulcioUrl = stringInput('fulcio-url');
    const rekorUrl = stringInput('rekor-url');
    const tsaUrl = stringInput('tsa-url');
    if (instance !== 'custom')
        return { instance };
    if (!fulcioUrl || (!rekorUrl && !tsaUrl)) {
        throw new errors/* ConfigurationError */.j1("input 'sigstore' is custom: give 'fulcio-url' and 'rekor-url' and/or 'tsa-url'");
    }
    return {
        instance,
        custom: { fulcioUrl, ...(rekorUrl ? { rekorUrl } : {}), ...(tsaUrl ? { tsaUrl } : {}) },
    };
}

;// CONCATENATED MODULE: ./packages/core/src/action/signing.ts



// Its own module (and package export) so that an action which signs only sometimes can load Sigstore
// on demand, and start up without it.
/**
 * Signs records with the job's OIDC identity (Sigstore keyless) when the job may ask for a token
 * (`permissions: id-token: write`); undefined otherwise, and records are then plain statements.
 * `auto` uses GitHub's Sigstore instance for private repositories, as GitHub's own attestations do.
 */
function jobRecordSigner(sigstore, env = process.env, 
/** The OIDC token's audience (`oidc-audience`); `sigstore` by default. */
audience) {
    const { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken } = env;
    if (requestToken)
        lib_core/* setSecret */.Pq(requestToken);
    return jobSigner({
        oidc: {
            ...(requestUrl ? { requestUrl } : {}),
            ...(requestToken ? { requestToken } : {}),
            ...(audience ? { audience } : {}),
        },
        instance: sigstore.instance,
        ...(sigstore.custom ? { custom: sigstore.custom } : {}),
        repositoryPrivate: repositoryVisibility(workflowEvent(env)),
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./packages/core/src/oci/layout.ts











/** The annotation that names a tag in an OCI image layout's index.json. */
const refNameAnnotation = 'org.opencontainers.image.ref.name';
// A manifest is small; anything bigger is a layer, never parsed as JSON.
const maxManifestBytes = limits_readLimits.manifest;
const layout_tagPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
// Like the 404 of a missing manifest, a layout's refusals carry the status a registry would answer, so
// the copy engine knows that trying again cannot help: 400, the layout itself is wrong.
const layoutRefusal = 400;
/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`) as a Repository.
 * Tags are `org.opencontainers.image.ref.name` annotations in index.json; manifests pushed with a
 * `subject` are listed there untagged, so that referrers are found by scanning it (as the image-layout
 * specification describes). Blobs land in a temporary file and are renamed into place only after their
 * digest checks; index.json is replaced atomically. The directory is created on the first write.
 */
class OciLayoutRepository {
    display;
    root;
    /** The input the directory came from, named when the file system refuses it. */
    inputName;
    // index.json read-modify-write cycles of this process run one at a time.
    indexQueue = Promise.resolve();
    constructor(root, inputName) {
        this.root = (0,external_node_path_.resolve)(root);
        this.display = `oci:${root}`;
        this.inputName = inputName;
    }
    /**
     * A file system error the user can fix (a path under a file, a directory that may not be written, a
     * full disk) as a ConfigurationError that names the path and the input, so it is neither retried nor
     * called internal. Other errors are returned as they are.
     */
    fileError(error, action, path) {
        const code = error?.code;
        const reason = (0,errors/* fileErrorReason */.Hs)(code);
        if (reason === undefined)
            return error;
        const input = this.inputName ? `input '${this.inputName}'` : 'the oci: reference';
        return new errors/* ConfigurationError */.j1(`${this.display}: cannot ${action} ${path}: ${reason} (${code}); ` +
            `give ${input} a directory this job can ${action === 'read' ? 'read' : 'create and write'}`, { cause: error });
    }
    /** Runs a file system operation on `path`, mapping the errors a user can fix (see fileError). */
    async onDisk(action, path, operation) {
        try {
            return await operation();
        }
        catch (error) {
            throw this.fileError(error, action, path);
        }
    }
    blobPath(digest) {
        const problem = digestProblem(digest);
        if (problem)
            throw new errors/* RegistryError */.gl(`${this.display}: '${digest}' is not a valid digest: ${problem}`);
        const [algorithm, hex] = digest.split(':');
        return (0,external_node_path_.join)(this.root, 'blobs', algorithm, hex);
    }
    /** A blob's path, once it is known not to lead out of the layout through a symbolic link. */
    async insideBlobPath(digest) {
        const path = this.blobPath(digest);
        await this.staysInside(path);
        return path;
    }
    /**
     * Refuses a path that a symbolic link (`blobs`, `blobs/sha256`, a blob, index.json) leads out of the
     * layout: a layout is read and written only within its own directory. Links inside it are followed.
     * For a path that does not exist yet, the nearest existing directory above it is checked.
     */
    async staysInside(path) {
        const root = await (0,promises_.realpath)(this.root).catch(() => undefined);
        if (root === undefined)
            return; // no layout yet: nothing to follow
        let existing = path;
        let real;
        while (real === undefined) {
            try {
                real = await (0,promises_.realpath)(existing);
            }
            catch (error) {
                const code = error.code;
                if ((code !== 'ENOENT' && code !== 'ENOTDIR') || existing === this.root)
                    return;
                existing = (0,external_node_path_.dirname)(existing);
            }
        }
        if (real === root || real.startsWith(root + external_node_path_.sep))
            return;
        // Name the link that leads out: the first component of the path that is one.
        let current = this.root;
        for (const part of (0,external_node_path_.relative)(this.root, existing).split(external_node_path_.sep)) {
            current = (0,external_node_path_.join)(current, part);
            const stats = await (0,promises_.lstat)(current).catch(() => undefined);
            if (stats?.isSymbolicLink()) {
                const target = await (0,promises_.readlink)(current).catch(() => '?');
                throw new errors/* RegistryError */.gl(`${this.display}: ${(0,external_node_path_.relative)(this.root, current)} is a symbolic link to ${target}, outside the layout; ` +
                    'airlock does not follow links out of an oci: layout (copy the files into it instead)', layoutRefusal);
            }
        }
        throw new errors/* RegistryError */.gl(`${this.display}: ${(0,external_node_path_.relative)(this.root, existing)} leads outside the layout, to ${real}`, layoutRefusal);
    }
    async readIndex() {
        let text;
        const path = (0,external_node_path_.join)(this.root, 'index.json');
        try {
            await this.staysInside(path);
            text = await (0,promises_.readFile)(path, 'utf8');
        }
        catch (error) {
            if (error.code === 'ENOENT') {
                return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
            }
            throw this.fileError(error, 'read', path);
        }
        try {
            const index = JSON.parse(text);
            if (!Array.isArray(index.manifests))
                throw new Error('no manifests array');
            return index;
        }
        catch {
            throw new errors/* RegistryError */.gl(`${(0,external_node_path_.join)(this.root, 'index.json')} is not a valid OCI image layout index`);
        }
    }
    async ensureLayout() {
        const blobs = (0,external_node_path_.join)(this.root, 'blobs', 'sha256');
        await this.staysInside(blobs);
        await this.onDisk('write', blobs, () => (0,promises_.mkdir)(blobs, { recursive: true }));
        const marker = (0,external_node_path_.join)(this.root, 'oci-layout');
        await (0,promises_.writeFile)(marker, '{"imageLayoutVersion":"1.0.0"}', { flag: 'wx' }).catch((error) => {
            if (error.code !== 'EEXIST')
                throw this.fileError(error, 'write', marker);
        });
    }
    updateIndex(change) {
        const next = this.indexQueue.then(async () => {
            await this.ensureLayout();
            const index = await this.readIndex();
            change(index);
            const temporary = (0,external_node_path_.join)(this.root, `.index.json.${(0,external_node_crypto_.randomUUID)()}`);
            const path = (0,external_node_path_.join)(this.root, 'index.json');
            await this.onDisk('write', path, async () => {
                await (0,promises_.writeFile)(temporary, JSON.stringify(index));
                await (0,promises_.rename)(temporary, path);
            });
        });
        this.indexQueue = next.catch(() => undefined);
        return next;
    }
    async readManifestBlob(descriptor) {
        if (descriptor.size > maxManifestBytes) {
            throw new errors/* RegistryError */.gl(`${this.display}: manifest ${descriptor.digest} is larger than ${formatLimit(maxManifestBytes)}`);
        }
        let bytes;
        try {
            bytes = await (0,promises_.readFile)(await this.insideBlobPath(descriptor.digest));
        }
        catch (error) {
            if (error.code === 'ENOENT') {
                throw new errors/* RegistryError */.gl(`${this.display}: manifest ${descriptor.digest} is missing from blobs/`, 404);
            }
            throw this.fileError(error, 'read', this.blobPath(descriptor.digest));
        }
        const actual = digestWithAlgorithmOf(descriptor.digest, bytes);
        if (actual !== descriptor.digest) {
            throw new errors/* RegistryError */.gl(`${this.display}: manifest ${descriptor.digest} is corrupt (content is ${actual})`);
        }
        return bytes;
    }
    async resolve(reference) {
        if (reference.includes(':')) {
            const size = await (0,promises_.stat)(await this.insideBlobPath(reference)).then((stats) => stats.size, () => undefined);
            if (size === undefined || size > maxManifestBytes)
                return undefined;
            const bytes = await this.readManifestBlob({ mediaType: '', digest: reference, size });
            const manifest = parseManifest(bytes, `${this.display}@${reference}`);
            return { mediaType: manifestMediaType(manifest), digest: reference, size };
        }
        const index = await this.readIndex();
        const entry = index.manifests.findLast((descriptor) => descriptor.annotations?.[refNameAnnotation] === reference);
        return entry && { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
    }
    async getManifest(reference) {
        const descriptor = await this.resolve(reference);
        if (!descriptor)
            throw new errors/* RegistryError */.gl(`${this.display}: no manifest '${reference}'`, 404);
        const bytes = await this.readManifestBlob(descriptor);
        const manifest = parseManifest(bytes, `${this.display}@${descriptor.digest}`);
        return { descriptor, bytes, manifest };
    }
    async putManifest(bytes, mediaType, tag) {
        if (tag !== undefined && !layout_tagPattern.test(tag)) {
            throw new errors/* RegistryError */.gl(`${this.display}: '${tag}' is not a valid tag`);
        }
        const digest = sha256Digest(bytes);
        const manifest = parseManifest(bytes, `the manifest ${digest} written to ${this.display}`);
        const descriptor = { mediaType, digest, size: bytes.length };
        await this.ensureLayout();
        await this.writeBlobFile(digest, async (path) => (0,promises_.writeFile)(path, bytes));
        if (tag !== undefined) {
            await this.updateIndex((index) => {
                index.manifests = index.manifests.filter((entry) => entry.annotations?.[refNameAnnotation] !== tag);
                index.manifests.push({ ...descriptor, annotations: { [refNameAnnotation]: tag } });
            });
        }
        else if (manifest.subject) {
            await this.updateIndex((index) => {
                if (!index.manifests.some((entry) => entry.digest === digest))
                    index.manifests.push(descriptor);
            });
        }
        return descriptor;
    }
    async deleteManifest(digest) {
        await this.updateIndex((index) => {
            index.manifests = index.manifests.filter((entry) => entry.digest !== digest);
        });
        const path = await this.insideBlobPath(digest);
        await this.onDisk('write', path, () => (0,promises_.rm)(path, { force: true }));
    }
    async listTags() {
        const index = await this.readIndex();
        const tags = index.manifests.map((entry) => entry.annotations?.[refNameAnnotation]);
        return [...new Set(tags.filter((tag) => tag !== undefined))];
    }
    async hasBlob(digest) {
        return (0,promises_.stat)(await this.insideBlobPath(digest)).then(() => true, () => false);
    }
    async getBlob(descriptor) {
        const path = await this.insideBlobPath(descriptor.digest);
        const stats = await (0,promises_.stat)(path).catch(() => undefined);
        if (!stats)
            throw new errors/* RegistryError */.gl(`${this.display}: blob ${descriptor.digest} is missing`, 404);
        if (stats.size !== descriptor.size) {
            throw new errors/* RegistryError */.gl(`${this.display}: blob ${descriptor.digest} is ${stats.size} bytes, but its descriptor says ` +
                `${descriptor.size}: the layout is damaged or the blob was replaced`, layoutRefusal);
        }
        const verifier = new DigestVerifier(descriptor.digest, descriptor.size, `${this.display} blob`);
        // The pipeline listens for errors on both streams, so a mismatch found before the consumer reads
        // ends the stream with that error instead of an unhandled 'error' event; a file error names the path.
        const file = (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 });
        (0,external_node_stream_.pipeline)(file, verifier, (error) => {
            if (error && error !== verifier.errored)
                verifier.destroy(this.fileError(error, 'read', path));
        });
        return verifier;
    }
    async putBlob(descriptor, content) {
        await this.ensureLayout();
        await this.writeBlobFile(descriptor.digest, (path) => (0,external_node_stream_promises_.pipeline)(typeof content === 'function' ? content() : content, new DigestVerifier(descriptor.digest, descriptor.size, 'blob'), (0,external_node_fs_.createWriteStream)(path)));
    }
    /** Writes through a temporary file that becomes the blob only once `write` has fully succeeded. */
    async writeBlobFile(digest, write) {
        const target = await this.insideBlobPath(digest);
        const directory = (0,external_node_path_.join)(target, '..');
        await this.onDisk('write', directory, () => (0,promises_.mkdir)(directory, { recursive: true }));
        await this.staysInside(target);
        const temporary = (0,external_node_path_.join)(this.root, `.upload-${(0,external_node_crypto_.randomUUID)()}`);
        try {
            await write(temporary).catch((error) => {
                // A write error names the file; a digest mismatch from the source stream passes as it is.
                throw this.fileError(error, 'write', this.root);
            });
            await this.onDisk('write', target, () => (0,promises_.rename)(temporary, target));
        }
        finally {
            await (0,promises_.rm)(temporary, { force: true }).catch(() => undefined);
        }
    }
    async referrers(digest, artifactType) {
        const index = await this.readIndex();
        const seen = new Set();
        const found = [];
        for (const entry of index.manifests) {
            if (seen.has(entry.digest) || entry.size > maxManifestBytes)
                continue;
            seen.add(entry.digest);
            const bytes = await this.readManifestBlob(entry).catch(() => undefined);
            if (!bytes)
                continue;
            const manifest = JSON.parse(bytes.toString('utf8'));
            if (manifest.subject?.digest !== digest)
                continue;
            const type = manifest.artifactType ?? (types_isIndex(manifest) ? undefined : manifest.config.mediaType);
            if (artifactType && type !== artifactType)
                continue;
            found.push({
                mediaType: manifestMediaType(manifest),
                digest: entry.digest,
                size: entry.size,
                ...(type ? { artifactType: type } : {}),
                ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
            });
        }
        return found;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/oci/open.ts
// One entry point for "a repository named by a reference": a registry, or an OCI image layout directory.


/** The repository a reference names (its tag and digest are for the caller to read from it). */
function openRepository(reference, options) {
    const parsed = typeof reference === 'string' ? parseReference(reference, options.inputName) : reference;
    return parsed.kind === 'layout'
        ? new OciLayoutRepository(parsed.repository, options.inputName)
        : options.client.repository(parsed);
}

;// CONCATENATED MODULE: ./packages/core/src/oci/platform.ts

/** `linux/amd64`, `linux/arm/v7`, `windows/amd64`: how platforms are written in inputs and messages. */
function formatPlatform(platform) {
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
/**
 * Parses the `platforms` input: `all` (or nothing) keeps every platform, else a list of
 * `os/architecture[/variant]`. Errors name the input and quote the bad entry.
 */
function parsePlatforms(entries, inputName = 'platforms') {
    if (entries.length === 0 || (entries.length === 1 && entries[0].toLowerCase() === 'all'))
        return 'all';
    return entries.map((entry) => {
        const parts = entry.trim().split('/');
        const valid = parts.length >= 2 && parts.length <= 3 && parts.every((part) => /^[a-z0-9._-]+$/i.test(part));
        if (!valid) {
            throw new errors/* ConfigurationError */.j1(`input '${inputName}': '${entry}' is not a platform; write os/architecture[/variant] ` +
                `(for example linux/amd64, linux/arm/v7), or 'all'`);
        }
        const [os, architecture, variant] = parts;
        if (os.toLowerCase() === 'all') {
            throw new errors/* ConfigurationError */.j1(`input '${inputName}': 'all' cannot be combined with other platforms`);
        }
        return variant ? { os, architecture, variant } : { os, architecture };
    });
}
// arm64 images usually omit their only variant (v8); treat the two spellings as one.
function normalizedVariant(platform) {
    if (platform.architecture === 'arm64' && platform.variant === 'v8')
        return undefined;
    return platform.variant || undefined;
}
/** Whether an image's platform is what the user asked for; a request without variant takes any variant. */
function platformMatches(wanted, actual) {
    if (wanted.os !== actual.os || wanted.architecture !== actual.architecture)
        return false;
    const wantedVariant = normalizedVariant(wanted);
    return wantedVariant === undefined || wantedVariant === normalizedVariant(actual);
}
// Docker buildx stores provenance/SBOM attestations as index entries for platform unknown/unknown,
// pointing at the image manifest they describe.
const attestationReferenceType = 'vnd.docker.reference.type';
const attestationReferenceDigest = 'vnd.docker.reference.digest';
function isAttestationManifest(descriptor) {
    return descriptor.annotations?.[attestationReferenceType] === 'attestation-manifest';
}
/**
 * The index entries to keep for a selection, with the buildx attestations of the kept images.
 * Throws a ConfigurationError that lists the image's platforms when a wanted platform is missing.
 */
function selectPlatforms(manifests, selection, image, inputName = 'platforms') {
    if (selection === 'all')
        return manifests;
    const images = manifests.filter((descriptor) => descriptor.platform && !isAttestationManifest(descriptor));
    const kept = new Set();
    for (const wanted of selection) {
        const matches = images.filter((descriptor) => platformMatches(wanted, descriptor.platform));
        if (matches.length === 0) {
            const available = images.map((descriptor) => formatPlatform(descriptor.platform));
            throw new errors/* ConfigurationError */.j1(`input '${inputName}': ${image} has no ${formatPlatform(wanted)} image; ` +
                `it has ${available.length ? available.join(', ') : 'no platform-specific images'}`);
        }
        for (const match of matches)
            kept.add(match);
    }
    const keptDigests = new Set([...kept].map((descriptor) => descriptor.digest));
    return manifests.filter((descriptor) => kept.has(descriptor) ||
        (isAttestationManifest(descriptor) &&
            keptDigests.has(descriptor.annotations?.[attestationReferenceDigest] ?? '')));
}

;// CONCATENATED MODULE: ./packages/core/src/oci/referrers.ts
// Referrers: the artifacts (signatures, SBOMs, attestations, our records) attached to an image digest.
// They are read through Repository.referrers (the referrers API, or the `sha256-<hex>` tag index where
// the registry has none) plus cosign's tag layout, copied along with images, and written by one writer.










/** Cosign keeps signatures, attestations and SBOMs under tags named after the digest they are about. */
const cosignTagSuffixes = (/* unused pure expression or super */ null && (['sig', 'att', 'sbom']));
/** The artifact type of a referrer manifest, as the referrers API reports it. */
function referrerDescriptor(bytes, mediaType, where) {
    const manifest = parseManifest(bytes, where);
    const artifactType = manifest.artifactType ?? (types_isIndex(manifest) ? undefined : manifest.config.mediaType);
    return {
        mediaType: mediaType || manifestMediaType(manifest),
        digest: sha256Digest(bytes),
        size: bytes.length,
        ...(artifactType ? { artifactType } : {}),
        ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
    };
}
/**
 * The referrers of `digest`: by subject, and cosign's `sha256-<hex>.sig|.att|.sbom` tags. Pass the
 * repository's tags when listing for several digests, so they are listed once.
 */
async function listReferrers(repository, digest, tags) {
    const allTags = tags ?? (await repository.listTags());
    // The fallback tag is asked for even when the tag list lacks it: a tag list carries no digest, and
    // one damaged on the way must not make referrers (signatures) silently disappear.
    const bySubject = await repository.referrers(digest);
    const found = bySubject.map((descriptor) => ({ descriptor, subject: digest }));
    for (const suffix of cosignTagSuffixes) {
        const tag = `${digestTag(digest)}.${suffix}`;
        if (!allTags.includes(tag))
            continue;
        const descriptor = await repository.resolve(tag);
        if (descriptor)
            found.push({ descriptor, tag, subject: digest });
    }
    return found;
}
/**
 * Writes a manifest that has a `subject` so that every reader finds it: the registry indexes it when it
 * has the referrers API; otherwise (distribution 2.x and 3.x, GHCR) the `sha256-<hex>` tag index of the
 * subject is updated to list it. This is the one way airlock writes a referrer. Its blobs must be there.
 */
async function attachReferrer(repository, subject, manifestBytes, mediaType) {
    const descriptor = referrerDescriptor(manifestBytes, mediaType, `the referrer of ${subject.digest}`);
    const capable = repository;
    let subjectAccepted = false;
    let written;
    if (capable.putManifestWithResult) {
        const result = await capable.putManifestWithResult(manifestBytes, mediaType);
        written = result.descriptor;
        subjectAccepted = result.subjectAccepted;
    }
    else {
        written = await repository.putManifest(manifestBytes, mediaType);
    }
    if (written.digest !== descriptor.digest) {
        throw new errors/* RegistryError */.gl(`${repository.display} stored referrer ${descriptor.digest} as ${written.digest}`);
    }
    if (!subjectAccepted) {
        await ensureListedAsReferrer(repository, subject.digest, descriptor, capable.putManifestWithResult !== undefined);
    }
    return descriptor;
}
const fallbackIndexAttempts = 5;
// Updates of one fallback index from this process run one after another: a registry that ignores
// If-Match would otherwise let two of them each replace the other's entry.
const fallbackIndexQueues = new Map();
function serialized(key, work) {
    const previous = fallbackIndexQueues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    fallbackIndexQueues.set(key, settled);
    void settled.then(() => {
        if (fallbackIndexQueues.get(key) === settled)
            fallbackIndexQueues.delete(key);
    });
    return next;
}
/**
 * Makes sure `referrer` is listed among the referrers of `subjectDigest`, adding it to the fallback tag
 * index when the registry did not index it. `knownUnindexed` skips the read-back when the registry has
 * already said it did not index the subject.
 */
async function ensureListedAsReferrer(repository, subjectDigest, referrer, knownUnindexed = false) {
    // An OCI layout lists referrers in its index.json, which putManifest already did.
    if (repository instanceof OciLayoutRepository)
        return;
    if (!knownUnindexed) {
        const listed = await repository.referrers(subjectDigest);
        if (listed.some((entry) => entry.digest === referrer.digest))
            return;
    }
    const tag = digest_digestTag(subjectDigest);
    await serialized(`${repository.display}:${tag}`, () => addToFallbackIndex(repository, tag, referrer));
}
async function addToFallbackIndex(repository, tag, referrer) {
    const capable = repository;
    let lastFailure;
    for (let attempt = 1; attempt <= fallbackIndexAttempts; attempt++) {
        const current = (await repository.resolve(tag)) ? await capable.getManifest(tag) : undefined;
        if (current && !types_isIndex(current.manifest)) {
            throw new errors/* RegistryError */.gl(`${repository.display}:${tag} is not an image index; cannot list referrers there`);
        }
        const index = current
            ? current.manifest
            : { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
        if (index.manifests.some((entry) => entry.digest === referrer.digest))
            return;
        index.manifests.push(referrer);
        const bytes = Buffer.from(JSON.stringify(index));
        try {
            if (capable.putManifestWithResult) {
                await capable.putManifestWithResult(bytes, MediaType.ociIndex, {
                    tag,
                    ...(current?.etag ? { ifMatch: current.etag } : {}),
                });
            }
            else {
                await repository.putManifest(bytes, MediaType.ociIndex, tag);
            }
        }
        catch (error) {
            // 412: someone else updated the index since we read it; read it again.
            if (error instanceof errors/* RegistryError */.gl && error.status === 412)
                continue;
            // The write failed on the way, or its answer was lost after the registry applied it: the index is
            // read again (the entry may be there already) and, if it is not, written again. Giving up here
            // would leave a record listed beside an image whose tag is never written.
            if (isTransientWriteFailure(error) && attempt < fallbackIndexAttempts) {
                lastFailure = error;
                continue;
            }
            throw error;
        }
        // Registries that ignore If-Match (distribution 2.x) may have let a concurrent writer replace the
        // index between our read and write: read it back, and add ourselves again if we were lost.
        const after = await repository.getManifest(tag);
        if (types_isIndex(after.manifest) && after.manifest.manifests.some((entry) => entry.digest === referrer.digest))
            return;
    }
    throw new errors/* RegistryError */.gl(`${repository.display}: could not add ${referrer.digest} to the referrers index ${tag} ` +
        `after ${fallbackIndexAttempts} attempts (` +
        (lastFailure ? (0,errors/* errorMessage */.gJ)(lastFailure) : 'other writers kept replacing it') +
        ')');
}
/** A registry write that failed in a way another attempt may mend: 5xx, 429, 408, or no answer at all. */
function isTransientWriteFailure(error) {
    if (!(error instanceof errors/* RegistryError */.gl) || error instanceof DigestMismatchError)
        return false;
    const status = error.status;
    return status === undefined || status >= 500 || status === 429 || status === 408;
}
/** The record kinds whose copies from elsewhere would be mistaken for ours. */
const airlockVerdictPredicates = {
    [PredicateType.vulnerability]: 'scan',
    [PredicateType.promotion]: 'promotion',
};
/**
 * Whether a referrer claims, by its content (the statement, or the DSSE payload of a bundle, signed or
 * not), to be ours: an airlock scan or promotion record, or an unsigned statement whose subject names
 * `destinationName` (only this pipeline writes those). Says which, or undefined.
 */
async function claimedAirlockRecord(repository, referrer, destinationName) {
    if (isIndexMediaType(referrer.mediaType))
        return undefined;
    const { manifest } = await repository.getManifest(referrer.digest);
    if (isIndex(manifest))
        return undefined;
    // What the gate could read as a record (readRecords): a manifest with one layer of at most 64 MiB,
    // whatever its media type says.
    for (const layer of manifest.layers.length === 1 ? manifest.layers : []) {
        if (layer.size > readLimits.record)
            continue;
        const bytes = await readBlobBounded(repository, layer, readLimits.record, 'referrer layer');
        let json;
        try {
            json = JSON.parse(bytes.toString('utf8'));
        }
        catch {
            continue;
        }
        const envelope = json ?? {};
        const payload = envelope.dsseEnvelope?.payload ?? envelope.payload;
        const signed = typeof payload === 'string';
        if (typeof payload === 'string') {
            try {
                json = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
            }
            catch {
                continue;
            }
        }
        const statement = json;
        const predicateType = statement?.predicateType;
        if (typeof predicateType === 'string' && airlockVerdictPredicates[predicateType]) {
            return `it claims to be an airlock ${airlockVerdictPredicates[predicateType]} record`;
        }
        const names = Array.isArray(statement?.subject) ? statement.subject.map((subject) => subject?.name) : [];
        if (!signed && destinationName !== undefined && names.includes(destinationName)) {
            return `it is an unsigned statement naming ${destinationName}, which only this pipeline writes`;
        }
    }
    return undefined;
}
/**
 * Copies the referrers of each digest (and, recursively, of those referrers) from source to
 * destination, byte for byte. Cosign-layout referrers keep their tags; referrers by subject are listed
 * at the destination through the referrers API or its tag fallback.
 */
async function copyReferrers(options) {
    const logger = options.logger ?? silentLogger;
    const { source, destination } = options;
    const maxDepth = options.maxDepth ?? 3;
    const concurrency = options.concurrency ?? 4;
    // Referrers copied side by side often share blobs (the empty config `{}`): one upload each, not a race
    // of identical uploads into the same repository.
    const session = options.session ?? new CopySession();
    const copied = [];
    const seen = new Set(options.digests);
    const sourceTags = await source.listTags();
    let subjects = options.digests;
    for (let depth = 1; depth <= maxDepth && subjects.length > 0; depth++) {
        // The first subject is asked alone: its answer tells whether the registry has the referrers API,
        // so that the others do not each ask an endpoint that is not there.
        const [first, ...others] = subjects;
        const found = [
            ...(await listReferrers(source, first, sourceTags)),
            ...(await mapConcurrent(others, concurrency, (digest) => listReferrers(source, digest, sourceTags))).flat(),
        ];
        const fresh = found.filter((referrer) => {
            const key = `${referrer.descriptor.digest} ${referrer.tag ?? ''}`;
            if (seen.has(key))
                return false;
            seen.add(key);
            return true;
        });
        await mapConcurrent(fresh, concurrency, async (referrer) => {
            if (!options.keepAirlockRecords) {
                const claim = await claimedAirlockRecord(source, referrer.descriptor, destination.display);
                if (claim) {
                    logger.info(`referrer ${referrer.descriptor.digest} of ${referrer.subject} not copied: ${claim}, and what arrives ` +
                        'with the image is never ours (docs/trust.md)');
                    return;
                }
            }
            const result = await copyImage({
                source,
                sourceRef: referrer.descriptor.digest,
                destination,
                ...(referrer.tag ? { destinationTag: referrer.tag } : {}),
                ...(options.force ? { force: true } : {}),
                concurrency,
                logger,
                session,
            });
            if (!referrer.tag) {
                await ensureListedAsReferrer(destination, referrer.subject, referrer.descriptor).catch((error) => {
                    throw new RegistryError(`copied referrer ${referrer.descriptor.digest} of ${referrer.subject} to ${destination.display} ` +
                        `but could not list it there: ${errorMessage(error)}`);
                });
            }
            copied.push({
                subject: referrer.subject,
                digest: referrer.descriptor.digest,
                ...(referrer.descriptor.artifactType ? { artifactType: referrer.descriptor.artifactType } : {}),
                ...(referrer.tag ? { tag: referrer.tag } : {}),
                copied: result.copied,
                bytesCopied: result.bytesCopied,
            });
        });
        subjects = [...new Set(fresh.map((referrer) => referrer.descriptor.digest))];
    }
    if (copied.length > 0) {
        logger.info(`referrers: ${copied.length} found, ${copied.filter((referrer) => referrer.copied).length} copied to ${destination.display}`);
    }
    return copied;
}

;// CONCATENATED MODULE: ./packages/core/src/records/record.ts
// Records are in-toto statements stored as OCI referrers of the image digest they are about, so that any
// later step, workflow or admission controller reads them back from the registry itself.
//
// Unsigned: an OCI artifact manifest, artifactType `application/vnd.in-toto+json`, the empty config, one
// layer holding the statement. Signed: the same shape holding a Sigstore bundle v0.3 whose DSSE envelope
// carries the statement, annotated as cosign does (`dev.sigstore.bundle.content: dsse-envelope`,
// `dev.sigstore.bundle.predicateType`), so cosign, Kyverno and `gh attestation verify` read it too.







const RecordAnnotation = {
    created: 'org.opencontainers.image.created',
    /** On unsigned records: the statement's predicate type, so readers can filter without fetching. */
    predicateType: 'in-toto.io/predicate-type',
    bundleContent: 'dev.sigstore.bundle.content',
    bundlePredicateType: 'dev.sigstore.bundle.predicateType',
};
const emptyConfig = Buffer.from('{}');
const emptyConfigDescriptor = {
    mediaType: MediaType.ociEmpty,
    digest: sha256(emptyConfig),
    size: emptyConfig.length,
};
/** Records bigger than this are not read (a scan record with every finding stays far below it). */
const maxRecordBytes = 64 * 1024 * 1024;
/** Writes a statement as a referrer of `subject`: blobs first, then the manifest through attachReferrer. */
async function writeRecord(options) {
    const { repository, subject, statement, signer, logger } = options;
    const created = (options.created ?? new Date()).toISOString();
    const statementBytes = Buffer.from(JSON.stringify(statement));
    let layerBytes;
    let artifactType;
    let annotations;
    let bundle;
    if (signer) {
        bundle = await signer.signDsse(statementBytes, inTotoPayloadType);
        layerBytes = Buffer.from(JSON.stringify(bundle));
        artifactType = MediaType.sigstoreBundle;
        annotations = {
            [RecordAnnotation.bundleContent]: 'dsse-envelope',
            [RecordAnnotation.bundlePredicateType]: statement.predicateType,
            [RecordAnnotation.created]: created,
        };
    }
    else {
        layerBytes = statementBytes;
        artifactType = MediaType.inToto;
        annotations = {
            [RecordAnnotation.predicateType]: statement.predicateType,
            [RecordAnnotation.created]: created,
        };
    }
    const layer = { mediaType: artifactType, digest: sha256(layerBytes), size: layerBytes.length };
    await putBlobOnce(repository, emptyConfigDescriptor, emptyConfig);
    await putBlobOnce(repository, layer, layerBytes);
    const manifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType,
        config: emptyConfigDescriptor,
        layers: [layer],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    await attachReferrer(repository, subject, manifestBytes, MediaType.ociManifest);
    const descriptor = {
        mediaType: MediaType.ociManifest,
        digest: sha256(manifestBytes),
        size: manifestBytes.length,
        artifactType,
        annotations,
    };
    logger.info(`wrote ${signer ? 'signed' : 'unsigned'} ${statement.predicateType} record ${descriptor.digest} ` +
        `on ${repository.display}@${subject.digest}`);
    return { descriptor, signed: signer !== undefined, ...(bundle ? { bundle } : {}) };
}
/** Referrer manifests that can hold a record: image manifests (an index holds no layer). */
function couldBeRecord(referrer) {
    return !types_isIndexMediaType(referrer.mediaType);
}
/**
 * The records attached to a digest, newest first by their creation annotation. Every referrer manifest
 * that could hold a record is fetched and classified by its own content (the statement, or the DSSE
 * payload of a Sigstore bundle); what the referrer list says of it (artifactType, annotations) is never
 * used, since anyone who can push may edit the `sha256-<hex>` index that lists them. Referrers that are
 * not records, or whose statement is about another digest, are skipped with a debug line.
 */
async function record_readRecords(options) {
    const { repository, digest, predicateType, verifier, logger } = options;
    const referrers = await repository.referrers(digest);
    const records = [];
    const seen = new Set();
    for (const referrer of referrers) {
        if (seen.has(referrer.digest) || !couldBeRecord(referrer))
            continue;
        seen.add(referrer.digest);
        const record = await readRecord(repository, referrer, digest, verifier, logger).catch((error) => {
            logger.debug(`referrer ${referrer.digest} could not be read as a record: ${String(error)}`);
            return undefined;
        });
        if (record && (predicateType === undefined || record.statement.predicateType === predicateType))
            records.push(record);
    }
    return records.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
}
function classifyContent(bytes) {
    const json = record_parseJson(bytes);
    if (typeof json !== 'object' || json === null)
        return undefined;
    if ('dsseEnvelope' in json)
        return { kind: 'bundle', bundle: json };
    if ('_type' in json)
        return { kind: 'statement', statement: json };
    return undefined;
}
async function readRecord(repository, referrer, digest, verifier, logger) {
    const { manifest } = await repository.getManifest(referrer.digest);
    const layer = 'layers' in manifest && manifest.layers.length === 1 ? manifest.layers[0] : undefined;
    if (!layer || layer.size > maxRecordBytes) {
        logger.debug(`referrer ${referrer.digest} holds no readable record; skipped`);
        return undefined;
    }
    const created = manifest.annotations?.[RecordAnnotation.created];
    const content = classifyContent(await blob_streams_readBlobBounded(repository, layer, limits_readLimits.record, 'record'));
    const base = { descriptor: referrer, ...(created ? { created } : {}) };
    if (!content)
        return undefined;
    if (content.kind === 'statement') {
        if (!isStatementAbout(content.statement, digest)) {
            logger.debug(`referrer ${referrer.digest} is not a statement about ${digest}; skipped`);
            return undefined;
        }
        return { ...base, statement: content.statement, signature: 'none' };
    }
    const bundle = content.bundle;
    let payload;
    let signature = 'unverified';
    let signer;
    let problem;
    if (verifier) {
        try {
            const verified = await verifier.verifyDsse(bundle);
            if (verified.payloadType !== inTotoPayloadType)
                throw new Error(`payload type ${verified.payloadType}`);
            payload = verified.payload;
            signature = 'verified';
            signer = verified.signer;
        }
        catch (error) {
            signature = 'invalid';
            problem = error instanceof Error ? error.message : String(error);
        }
    }
    payload ??= envelopePayload(bundle);
    const statement = payload ? record_parseJson(payload) : undefined;
    if (!isStatementAbout(statement, digest)) {
        logger.debug(`referrer ${referrer.digest} is not a signed statement about ${digest}; skipped`);
        return undefined;
    }
    return {
        ...base,
        statement: statement,
        signature,
        ...(signer ? { signer } : {}),
        ...(problem ? { problem } : {}),
    };
}
/** The DSSE payload of a bundle, unverified: for reading what a record says, never for trusting it. */
function envelopePayload(bundle) {
    const envelope = bundle?.dsseEnvelope;
    return typeof envelope?.payload === 'string' ? Buffer.from(envelope.payload, 'base64') : undefined;
}
function record_parseJson(bytes) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return undefined;
    }
}
async function putBlobOnce(repository, descriptor, bytes) {
    if (await repository.hasBlob(descriptor.digest))
        return;
    // A function, not a stream: the registry can send these small bytes again after a transient failure.
    await repository.putBlob(descriptor, () => external_node_stream_.Readable.from([bytes]));
}
function sha256(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/scanner-input.ts
// The SBOM as a scanner reads it. Attested documents stay as they were made (CycloneDX 1.6); the copy
// handed to Trivy is written in the 1.5 shape that every Trivy release with `trivy sbom` decodes: the
// spec version 1.5 and `metadata.tools` as the legacy list. Releases before CycloneDX 1.6 support (such as
// 0.44) refuse the document otherwise, without a word; newer ones read both shapes the same way.
function legacyTools(tools) {
    if (Array.isArray(tools) || typeof tools !== 'object' || tools === null)
        return tools;
    const { components, services } = tools;
    const list = [
        ...(Array.isArray(components) ? components : []),
        ...(Array.isArray(services) ? services : []),
    ];
    return list.map((entry) => {
        const { group, name, version } = (entry ?? {});
        return {
            ...(typeof group === 'string' ? { vendor: group } : {}),
            ...(typeof name === 'string' ? { name } : {}),
            ...(typeof version === 'string' ? { version } : {}),
        };
    });
}
/** The document to give a scanner: CycloneDX ≥ 1.5 rewritten in the 1.5 shape; anything else as it is. */
function sbomForScanner(document) {
    if (typeof document !== 'object' || document === null)
        return document;
    const bom = document;
    if (bom.bomFormat !== 'CycloneDX' || typeof bom.specVersion !== 'string')
        return document;
    const [major, minor] = bom.specVersion.split('.').map(Number);
    if (major !== 1 || minor === undefined || minor < 5)
        return document;
    const metadata = bom.metadata;
    return {
        ...bom,
        specVersion: '1.5',
        ...(metadata && 'tools' in metadata
            ? { metadata: { ...metadata, tools: legacyTools(metadata.tools) } }
            : {}),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/scan/findings.ts
// Normalized vulnerability findings: what every scanner adapter produces and everything after reads.
const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const rank = { UNKNOWN: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
function severityRank(severity) {
    return rank[severity];
}
/** Reads a scanner's severity word; anything unrecognized is UNKNOWN (Grype's `Negligible` is LOW). */
function toSeverity(value) {
    const word = String(value ?? '').toUpperCase();
    if (word === 'NEGLIGIBLE')
        return 'LOW';
    return severities.includes(word) ? word : 'UNKNOWN';
}
function hasFix(finding) {
    return finding.fixed !== '';
}
/** The same vulnerability in the same package: what a baseline diff and VEX statements match on. */
function findingKey(finding) {
    return `${finding.id} ${finding.package}`;
}
function countBySeverity(findings) {
    const counts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
    for (const finding of findings)
        counts[finding.severity]++;
    return counts;
}
/** Most severe first, then by CVSS, ID and package, so every report lists findings in the same order. */
function compareFindings(a, b) {
    return (rank[b.severity] - rank[a.severity] ||
        (b.cvssScore ?? -1) - (a.cvssScore ?? -1) ||
        a.id.localeCompare(b.id) ||
        a.package.localeCompare(b.package) ||
        a.platform.localeCompare(b.platform));
}
/** A link a reviewer can follow for an ID: the scanner's own, else the usual database for its kind. */
function advisoryUrl(finding) {
    if (finding.url)
        return finding.url;
    if (/^CVE-\d{4}-\d+$/i.test(finding.id))
        return `https://nvd.nist.gov/vuln/detail/${finding.id.toUpperCase()}`;
    if (/^GHSA-/i.test(finding.id))
        return `https://github.com/advisories/${finding.id}`;
    return undefined;
}

;// CONCATENATED MODULE: ./packages/core/src/scan/json.ts
// Narrowing untrusted JSON (scanner reports, VEX documents) one field at a time: a field of the wrong
// type reads as empty, never as a crash.
const object = (value) => value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const list = (value) => (Array.isArray(value) ? value : []);
const json_text = (value) => (typeof value === 'string' ? value : '');
const number = (value) => typeof value === 'number' && Number.isFinite(value) ? value : undefined;

;// CONCATENATED MODULE: ./packages/core/src/scan/reports.ts



function platformOf(os, architecture, variant) {
    if (!json_text(architecture))
        return undefined;
    return [json_text(os) || 'linux', json_text(architecture), json_text(variant)].filter(Boolean).join('/');
}
/** Trivy's CVSS map holds one entry per source; NVD first, then the source that set the severity. */
function trivyCvss(cvss, severitySource) {
    const sources = object(cvss);
    const order = ['nvd', severitySource, ...Object.keys(sources)].filter(Boolean);
    for (const source of order) {
        const entry = object(sources[source]);
        const v3 = number(entry.V3Score);
        if (v3 !== undefined)
            return { score: v3, vector: json_text(entry.V3Vector) || undefined };
    }
    for (const source of order) {
        const entry = object(sources[source]);
        const v2 = number(entry.V2Score);
        if (v2 !== undefined)
            return { score: v2, vector: json_text(entry.V2Vector) || undefined };
    }
    return {};
}
/** Trivy's `--format json` report (schema version 2). */
function parseTrivyReport(report, platformOverride) {
    const root = object(report);
    const config = object(object(root.Metadata).ImageConfig);
    const platform = platformOverride ?? platformOf(config.os, config.architecture, config.variant);
    const findings = [];
    for (const result of list(root.Results)) {
        for (const raw of list(object(result).Vulnerabilities)) {
            const v = object(raw);
            const cvss = trivyCvss(v.CVSS, json_text(v.SeveritySource));
            const layer = object(v.Layer);
            findings.push({
                id: json_text(v.VulnerabilityID),
                package: json_text(v.PkgName),
                installed: json_text(v.InstalledVersion),
                fixed: json_text(v.FixedVersion),
                severity: toSeverity(v.Severity),
                ...(cvss.score !== undefined ? { cvssScore: cvss.score } : {}),
                ...(cvss.vector ? { cvssVector: cvss.vector } : {}),
                status: json_text(v.Status) || (json_text(v.FixedVersion) ? 'fixed' : 'affected'),
                platform: platform ?? '',
                ...(json_text(layer.Digest) ? { layer: json_text(layer.Digest) } : {}),
                ...(json_text(v.Title) ? { title: json_text(v.Title) } : {}),
                ...(json_text(v.PrimaryURL) ? { url: json_text(v.PrimaryURL) } : {}),
                ...(json_text(object(v.PkgIdentifier).PURL) ? { purl: json_text(object(v.PkgIdentifier).PURL) } : {}),
            });
        }
    }
    return { scanner: { name: 'trivy' }, ...(platform ? { platform } : {}), findings };
}
function grypeCvss(vulnerability) {
    let best = { version: -1 };
    for (const raw of list(vulnerability.cvss)) {
        const entry = object(raw);
        const score = number(object(entry.metrics).baseScore);
        const version = Number.parseFloat(json_text(entry.version)) || 0;
        if (score !== undefined && version > best.version)
            best = { score, vector: json_text(entry.vector) || undefined, version };
    }
    return best.score === undefined
        ? {}
        : { score: best.score, ...(best.vector ? { vector: best.vector } : {}) };
}
/** Grype's `-o json` report. */
function parseGrypeReport(report) {
    const root = object(report);
    const target = object(object(root.source).target);
    const platform = platformOf(target.os, target.architecture);
    const findings = [];
    for (const raw of list(root.matches)) {
        const match = object(raw);
        const vulnerability = object(match.vulnerability);
        const artifact = object(match.artifact);
        // Grype puts CVSS on the related NVD record when the match came from a distro advisory.
        let cvss = grypeCvss(vulnerability);
        for (const related of list(match.relatedVulnerabilities)) {
            if (cvss.score === undefined)
                cvss = grypeCvss(object(related));
        }
        const fix = object(vulnerability.fix);
        const fixed = list(fix.versions).map(json_text).filter(Boolean).join(', ');
        const state = json_text(fix.state);
        const urls = list(vulnerability.urls).map(json_text).filter(Boolean);
        const location = object(list(artifact.locations)[0]);
        findings.push({
            id: json_text(vulnerability.id),
            package: json_text(artifact.name),
            installed: json_text(artifact.version),
            fixed,
            severity: toSeverity(vulnerability.severity),
            ...(cvss.score !== undefined ? { cvssScore: cvss.score } : {}),
            ...(cvss.vector ? { cvssVector: cvss.vector } : {}),
            status: state === 'not-fixed' ? 'affected' : state === 'wont-fix' ? 'will_not_fix' : state || 'unknown',
            platform: platform ?? '',
            ...(json_text(location.layerID) ? { layer: json_text(location.layerID) } : {}),
            ...(json_text(vulnerability.dataSource) || urls[0]
                ? { url: json_text(vulnerability.dataSource) || urls[0] }
                : {}),
            ...(json_text(artifact.purl) ? { purl: json_text(artifact.purl) } : {}),
        });
    }
    const descriptor = object(root.descriptor);
    return {
        scanner: { name: 'grype', ...(json_text(descriptor.version) ? { version: json_text(descriptor.version) } : {}) },
        ...(platform ? { platform } : {}),
        findings,
    };
}
/**
 * Reads a report made elsewhere: Trivy JSON (has `SchemaVersion` and `Results` or `ArtifactName`) or
 * Grype JSON (has `matches`). `source` names the file in error messages.
 */
function parseScanReport(content, source) {
    let report;
    try {
        report = JSON.parse(content);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`${source} is not JSON (${error.message}); 'report-file' must be a Trivy JSON (--format json) or Grype JSON (-o json) report`);
    }
    const root = object(report);
    if (Array.isArray(root.matches))
        return parseGrypeReport(root);
    if ('SchemaVersion' in root && ('Results' in root || 'ArtifactName' in root))
        return parseTrivyReport(root);
    throw new errors/* ConfigurationError */.j1(`${source} is neither a Trivy JSON report (no 'SchemaVersion'/'Results') nor a Grype JSON report (no 'matches'); make it with 'trivy image --format json' or 'grype -o json'`);
}

;// CONCATENATED MODULE: ./packages/core/src/scan/trivy.ts





// Running Trivy. Registry credentials reach it through its environment (TRIVY_USERNAME/TRIVY_PASSWORD),
// never its argv, which any process on the machine can read. Trivy often exits 1 without a word (the
// one shipped for tests always does), so every failure is turned into a message that says what to check.
//
// Processes are started with child_process rather than @actions/exec: a scan must be stopped when it
// runs past its time, and @actions/exec cannot stop what it started.
/** Where the vulnerability DB is looked for, in order: Google's mirror first (no GHCR rate limits), then GHCR. */
const defaultTrivyDbRepositories = [
    'mirror.gcr.io/aquasec/trivy-db:2',
    'ghcr.io/aquasecurity/trivy-db:2',
];
/** Whether the registry of `reference` (`host/repo…`) was listed as insecure. */
function insecureFor(reference, options) {
    const host = reference.split('/')[0].toLowerCase();
    return options.insecureRegistries.some((listed) => listed.toLowerCase() === host);
}
class TrivyError extends errors/* ConfigurationError */.j1 {
    name = 'TrivyError';
}
const logTailBytes = 8192;
/** Runs Trivy with `args`; resolves with its exit code, rejects only when it cannot start or runs too long. */
function runTrivyProcess(args, options) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        // A TRIVY_* setting of the runner must not change what the action asked for.
        if (value !== undefined && !key.startsWith('TRIVY_'))
            env[key] = value;
    }
    Object.assign(env, options.env ?? {});
    if (options.credential?.username)
        env.TRIVY_USERNAME = options.credential.username;
    if (options.credential?.password)
        env.TRIVY_PASSWORD = options.credential.password;
    if (options.credential?.registryToken)
        env.TRIVY_REGISTRY_TOKEN = options.credential.registryToken;
    const started = Date.now();
    options.logger.debug(`running ${options.trivyPath} ${args.join(' ')}`);
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(options.trivyPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let log = '';
        child.stderr.on('data', (chunk) => {
            log = (log + chunk.toString('utf8')).slice(-logTailBytes);
        });
        let timedOut = false;
        let killer;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            // Trivy stops on SIGTERM; a process that ignores it is killed.
            killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        }, options.timeoutMs);
        child.once('error', (error) => {
            clearTimeout(timer);
            reject(new TrivyError(`Trivy could not be started from '${options.trivyPath}' (${error.message}); check 'trivy-path', or leave it empty to install Trivy`));
        });
        child.once('close', (code, signal) => {
            clearTimeout(timer);
            if (killer)
                clearTimeout(killer);
            const elapsedMs = Date.now() - started;
            if (timedOut) {
                reject(new TrivyError(`Trivy did not finish within ${(options.timeoutMs / 1000).toFixed(options.timeoutMs % 1000 ? 1 : 0)} s and was stopped; raise 'timeout' or check that the registry and the DB repository answer`));
                return;
            }
            resolve({ exitCode: code ?? (signal ? 128 : 1), log: log.trim(), elapsedMs });
        });
    });
}
/** The last FATAL/ERROR line of a Trivy log, without its timestamp: the most useful thing it said. */
function lastProblem(log) {
    const lines = log.split('\n').filter((line) => /\b(FATAL|ERROR)\b|error:/i.test(line));
    const last = lines
        .at(-1)
        ?.replace(/^\S+\s+(FATAL|ERROR)\s+/, '')
        .trim();
    return last ? last.slice(0, 500) : undefined;
}
function failure(what, result, advice) {
    const said = lastProblem(result.log) ?? (result.log ? result.log.split('\n').at(-1).slice(0, 500) : '');
    return new TrivyError(`Trivy failed ${what} (exit code ${result.exitCode})${said ? `: ${said}` : ' without a message'}; ${advice}`);
}
/**
 * Makes sure the cache holds a vulnerability DB: tries each repository in order (Trivy 0.44 takes only
 * one) and stops at the first that works. Trivy itself skips the download when the cached DB is fresh.
 */
async function downloadTrivyDb(repositories, options) {
    const problems = [];
    for (const repository of repositories) {
        const args = [
            'image',
            '--download-db-only',
            '--no-progress',
            '--cache-dir',
            options.cacheDir,
            '--db-repository',
            repository,
        ];
        if (insecureFor(repository, options))
            args.push('--insecure');
        // The image's credential goes along only to a DB mirror on the same registry.
        const sameRegistry = options.credentialHost?.toLowerCase() === repository.split('/')[0].toLowerCase();
        const result = await runTrivyProcess(args, sameRegistry ? options : { ...options, credential: undefined });
        if (result.exitCode === 0) {
            options.logger.debug(`vulnerability DB ready from ${repository} in ${result.elapsedMs} ms`);
            return { repository, elapsedMs: result.elapsedMs };
        }
        problems.push(`${repository}: ${lastProblem(result.log) ?? `exit code ${result.exitCode}, no message`}`);
        options.logger.warning(`could not get the vulnerability DB from ${repository}; trying the next repository`);
    }
    throw new TrivyError(`Trivy could not download its vulnerability DB from ${repositories.join(', ')} (${problems.join('; ')}); ` +
        "check 'trivy-db-repository' (an OCI repository holding the DB, tag 2) and that the runner can reach it");
}
/** What the cached DB says about itself (`<cacheDir>/db/metadata.json`). */
function readTrivyDbMetadata(cacheDir) {
    try {
        const metadata = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(cacheDir, 'db', 'metadata.json'), 'utf8'));
        return {
            ...(typeof metadata.Version === 'number' ? { version: metadata.Version } : {}),
            ...(typeof metadata.UpdatedAt === 'string' ? { updatedAt: metadata.UpdatedAt } : {}),
            ...(typeof metadata.NextUpdate === 'string' ? { nextUpdate: metadata.NextUpdate } : {}),
        };
    }
    catch {
        return undefined;
    }
}
/** Scans one target with the DB already in the cache, and returns its findings. */
async function scanWithTrivy(request, options) {
    (0,external_node_fs_.mkdirSync)(options.cacheDir, { recursive: true });
    const work = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(options.cacheDir, 'report-'));
    const output = (0,external_node_path_.join)(work, 'report.json');
    try {
        const args = [
            request.kind,
            '--format',
            'json',
            '--output',
            output,
            '--cache-dir',
            options.cacheDir,
            '--skip-db-update',
            '--no-progress',
            '--timeout',
            `${Math.max(1, Math.floor(options.timeoutMs / 1000))}s`,
        ];
        if (request.kind === 'image')
            args.push('--scanners', 'vuln', '--image-src', 'remote');
        // Trivy fetches its Java DB only when the image holds JAR files; air-gapped users mirror it too.
        if (options.javaDbRepository)
            args.push('--java-db-repository', options.javaDbRepository);
        if (request.kind === 'image' && insecureFor(request.target, options))
            args.push('--insecure');
        args.push(request.target);
        const result = await runTrivyProcess(args, options);
        if (result.exitCode !== 0) {
            throw failure(`to scan ${request.target}`, result, request.kind === 'image'
                ? 'check that the image exists and that the registry credentials can pull it (and insecure-registries for a plain-HTTP registry)'
                : 'check that the SBOM is CycloneDX or SPDX JSON');
        }
        let report;
        try {
            report = JSON.parse((0,external_node_fs_.readFileSync)(output, 'utf8'));
        }
        catch (error) {
            throw new TrivyError(`Trivy finished but wrote no readable report (${(0,errors/* errorMessage */.gJ)(error)})`);
        }
        return { ...parseTrivyReport(report, request.platform), elapsedMs: result.elapsedMs };
    }
    finally {
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
    }
}
/** `trivy --version`: the version word (`0.44.1`, or `dev` for builds without one). */
async function trivyVersion(options) {
    const child = (0,external_node_child_process_.spawn)(options.trivyPath, ['--version', '--cache-dir', options.cacheDir], {
        stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk.toString('utf8')));
    const code = await new Promise((resolve) => {
        child.once('error', () => resolve(-1));
        child.once('close', (exit) => resolve(exit ?? -1));
    });
    if (code !== 0)
        return undefined;
    return /Version:\s*v?(\S+)/.exec(out)?.[1];
}

;// CONCATENATED MODULE: ./packages/core/src/scan/quarantine.ts













/**
 * Predicate types of SBOM records (attest-sbom writes them). Plain SBOM artifacts (no statement, no
 * subject, no signature) are not used: nothing says who wrote them or for which repository.
 */
const sbomPredicateTypes = [
    'https://cyclonedx.org/bom',
    'https://spdx.dev/Document/v2.3',
    'https://spdx.dev/Document',
];
/** Reads the tag (once) and the platform images of an image. */
async function resolveImage(target, selection, logger) {
    let descriptor;
    try {
        descriptor = await target.repository.resolve(target.reference);
    }
    catch (error) {
        if (error instanceof errors/* RegistryError */.gl && error.status === 404)
            descriptor = undefined;
        else
            throw error;
    }
    if (!descriptor) {
        throw new errors/* ConfigurationError */.j1(`input '${target.inputName}': ${target.name}${target.reference.startsWith('sha256:') ? '@' : ':'}${target.reference} does not exist (was the tag moved or deleted?); check the image name and tag`);
    }
    const { manifest } = await target.repository.getManifest(descriptor.digest);
    const pinned = `${target.name}@${descriptor.digest}`;
    logger.info(target.reference === descriptor.digest
        ? `scanning ${pinned}`
        : `${target.name}:${target.reference} is ${descriptor.digest}; scanning ${pinned}`);
    if (types_isIndex(manifest)) {
        // Every runnable child is scanned: a runtime picks children by platform, so neither an annotation
        // (`vnd.docker.reference.type: attestation-manifest`), nor a missing platform, nor `os: unknown`
        // excuses one. A child is skipped only when its content shows it is an attestation.
        const selected = selectPlatforms(manifest.manifests, selection, pinned);
        const platforms = [];
        for (const entry of selected) {
            const { manifest: child } = await target.repository.getManifest(entry.digest);
            if (types_isIndex(child)) {
                logger.warning(`${pinned} holds a nested index ${entry.digest}; it is not scanned`);
                continue;
            }
            if (!isRunnableManifest(child)) {
                logger.info(`${entry.digest}: an attestation (its layers are in-toto/Sigstore), not scanned`);
                continue;
            }
            const declared = entry.platform && entry.platform.os !== 'unknown' && entry.platform.architecture !== 'unknown'
                ? formatPlatform(entry.platform)
                : '';
            if (!declared || isAttestationManifest(entry)) {
                logger.warning(`${entry.digest} is ${isAttestationManifest(entry) ? 'annotated as an attestation' : 'listed without a platform'}, ` +
                    'but its content is a runnable image: it is scanned too');
            }
            const platform = declared && !isAttestationManifest(entry) ? declared : await configPlatform(target, child, logger);
            platforms.push({
                platform,
                digest: entry.digest,
                ...(child.config ? { config: child.config.digest } : {}),
            });
        }
        if (platforms.length === 0) {
            throw new errors/* ConfigurationError */.j1(`input '${target.inputName}': ${pinned} is an index with no platform images to scan`);
        }
        return { digest: descriptor.digest, descriptor, pinned, platforms };
    }
    const platform = 'config' in manifest ? await configPlatform(target, manifest, logger) : '';
    return {
        digest: descriptor.digest,
        descriptor,
        pinned,
        platforms: [
            {
                platform,
                digest: descriptor.digest,
                ...('config' in manifest ? { config: manifest.config.digest } : {}),
            },
        ],
    };
}
/** `os/architecture[/variant]` from an image's config; empty when it says nothing. */
async function configPlatform(target, manifest, logger) {
    try {
        if (manifest.config.size > limits_readLimits.config)
            return '';
        const bytes = await blob_streams_readBlobBounded(target.repository, manifest.config, limits_readLimits.config, 'config');
        const config = JSON.parse(bytes.toString('utf8'));
        if (config.os && config.architecture && config.os !== 'unknown')
            return formatPlatform({
                os: config.os,
                architecture: config.architecture,
                ...(config.variant ? { variant: config.variant } : {}),
            });
    }
    catch (error) {
        logger.debug(`could not read the image config ${manifest.config.digest}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return '';
}
/** The manifest digests a scan of these platforms covers: each platform manifest, and the image itself. */
function coveredManifests(image, scanned = image.platforms) {
    return [image.digest, ...scanned.map((platform) => platform.digest)];
}
/** Gets the DB ready and the version; done once per run, shared by the image and its baseline. */
async function prepareTrivy(setup, timings) {
    const started = Date.now();
    const [db, version] = await Promise.all([
        downloadTrivyDb(setup.dbRepositories, setup.run),
        setup.version ? Promise.resolve(setup.version) : trivyVersion(setup.run),
    ]);
    timings.scannerMs += Date.now() - started;
    const metadata = readTrivyDbMetadata(setup.run.cacheDir);
    return {
        name: 'trivy',
        ...(version ? { version } : {}),
        db: { uri: db.repository, ...(metadata?.updatedAt ? { version: metadata.updatedAt } : {}) },
    };
}
/** Scans each platform image with Trivy against the registry, by its manifest digest. */
async function scanImageWithTrivy(image, name, setup, timings, logger) {
    const scans = [];
    for (const { platform, digest } of image.platforms) {
        const target = `${name}@${digest}`;
        const result = await scanWithTrivy({ kind: 'image', target, ...(platform ? { platform } : {}) }, setup.run);
        timings.scannerMs += result.elapsedMs;
        logger.info(`${platform || target}: ${result.findings.length} findings (Trivy took ${result.elapsedMs} ms)`);
        scans.push({ platform: platform || result.platform || '', digest, findings: result.findings });
    }
    return scans;
}
/** The trusted SBOM attestation attached to a digest, newest first; undefined when none is trusted. */
async function findAttachedSbom(repository, digest, trust, logger) {
    const records = (await record_readRecords({ repository, digest, ...(trust.verifier ? { verifier: trust.verifier } : {}), logger })).filter((record) => sbomPredicateTypes.includes(record.statement.predicateType));
    const signed = [];
    const unsigned = [];
    for (const record of records) {
        if (record.signature === 'none') {
            const names = record.statement.subject.map((subject) => subject.name);
            if (!trust.allowUnsigned) {
                logger.info(`SBOM ${record.descriptor.digest} is unsigned and this job signs: not used`);
            }
            else if (!names.includes(trust.repositoryName)) {
                logger.info(`SBOM ${record.descriptor.digest} is unsigned and about ${names.join(', ')}: not used`);
            }
            else
                unsigned.push(record);
            continue;
        }
        const refusal = record.signature !== 'verified'
            ? `its signature does not verify (${record.problem ?? 'not verified'})`
            : identity_signerRefusal(record.signer, trust.identity);
        if (refusal)
            logger.info(`SBOM ${record.descriptor.digest} not used: ${refusal}`);
        else
            signed.push(record);
    }
    const chosen = signed[0] ?? unsigned[0];
    if (!chosen)
        return undefined;
    return {
        document: chosen.statement.predicate,
        source: `${chosen.statement.predicateType} record ${chosen.descriptor.digest}${chosen.signer ? ` signed by ${chosen.signer.subjectAlternativeName}` : ' (unsigned)'}`,
        signed: chosen.signature === 'verified',
    };
}
/** Scans the SBOM attached to each platform image (or to the index) with `trivy sbom`. */
async function scanAttachedSboms(image, repository, setup, timings, trust, logger, used = []) {
    const scans = [];
    const work = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(setup.run.cacheDir, 'sbom-'));
    try {
        for (const { platform, digest } of image.platforms) {
            const sbom = (await findAttachedSbom(repository, digest, trust, logger)) ??
                (digest !== image.digest && image.platforms.length === 1
                    ? await findAttachedSbom(repository, image.digest, trust, logger)
                    : undefined);
            if (!sbom) {
                scans.push({
                    platform,
                    digest,
                    findings: [],
                    failure: {
                        code: 'missing-sbom',
                        message: `no trusted SBOM is attached to ${platform || digest}: attach one with attest-sbom in a job with ` +
                            "'id-token: write' (signed by an identity 'sbom-identity' allows, verified with 'trusted-root'), " +
                            'or scan the image with scanner: trivy',
                    },
                });
                continue;
            }
            used.push(sbom);
            logger.info(`${platform || digest}: scanning the SBOM from the ${sbom.source}`);
            const file = (0,external_node_path_.join)(work, `${digest.replace(':', '-')}.json`);
            (0,external_node_fs_.writeFileSync)(file, JSON.stringify(sbomForScanner(sbom.document)));
            const result = await scanWithTrivy({ kind: 'sbom', target: file, ...(platform ? { platform } : {}) }, setup.run);
            timings.scannerMs += result.elapsedMs;
            scans.push({ platform, digest, findings: result.findings.map((f) => ({ ...f, platform })) });
        }
    }
    finally {
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
    }
    return scans;
}
/** The digests a Trivy or Grype JSON report says it is about (image, repo digests, config). */
function reportSubjects(report) {
    const found = new Set();
    const visit = (value) => {
        if (typeof value === 'string')
            for (const match of value.matchAll(/sha256:[0-9a-f]{64}/g))
                found.add(match[0]);
        else if (Array.isArray(value))
            value.forEach(visit);
    };
    const root = (report ?? {});
    const metadata = (root.Metadata ?? {});
    visit(root.ArtifactName);
    visit(metadata.RepoDigests);
    visit(metadata.ImageID);
    const target = ((root.source ?? {}).target ?? {});
    visit(target.manifestDigest);
    visit(target.imageID);
    visit(target.repoDigests);
    visit(target.userInput);
    return [...found];
}
/**
 * Reads a report made elsewhere. It must name this image: its digest, one of its platform manifests, or
 * a platform's config (Trivy's ImageID); its findings go to that platform. A report about anything else is
 * refused before any record is written.
 */
function scanFromReport(image, reportFile) {
    let content;
    try {
        content = (0,external_node_fs_.readFileSync)(reportFile, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`input 'report-file': cannot read '${reportFile}' (${error.code ?? (0,errors/* errorMessage */.gJ)(error)}); give the path of a Trivy or Grype JSON report`);
    }
    const report = parseScanReport(content, `input 'report-file' (${reportFile})`);
    let named = [];
    try {
        named = reportSubjects(JSON.parse(content));
    }
    catch {
        named = [];
    }
    const byDigest = image.platforms.find((p) => named.includes(p.digest) || (p.config !== undefined && named.includes(p.config)));
    const namesImage = named.includes(image.digest);
    if (!byDigest && !namesImage) {
        throw new errors/* ConfigurationError */.j1(`input 'report-file': ${reportFile} is not a report about ${image.pinned} ` +
            `(it names ${named.length ? named.join(', ') : 'no image digest'}); scan this digest (for example ` +
            '`trivy image --format json <repo>@<digest>`) and import that report');
    }
    const match = byDigest ??
        image.platforms.find((p) => report.platform && p.platform === report.platform) ??
        image.platforms[0];
    const platform = report.platform ?? match.platform;
    return {
        platforms: [
            { platform, digest: match.digest, findings: report.findings.map((f) => ({ ...f, platform })) },
        ],
        scanner: report.scanner,
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/cache/lib/cache.js + 340 modules
var cache = __webpack_require__(82641);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(59805);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
// EXTERNAL MODULE: ./node_modules/sigstore/dist/index.js
var sigstore_dist = __webpack_require__(94267);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
;// CONCATENATED MODULE: ./packages/core/src/sigstore/verify.ts




/** Parses a Sigstore trusted root (`trusted_root.json`, as `gh attestation trusted-root` prints it). */
function parseTrustedRoot(json) {
    return protobuf_specs_dist.TrustedRoot.fromJSON(json);
}
/** The identity a verified bundle's certificate names. */
function verify_signerIdentity(signer) {
    const identity = signer.identity;
    // The ref the run was for: a reusable workflow run for a pull request names its own ref in the
    // identity, and the pull request's only here.
    const sourceRef = identity?.oids?.find((entry) => entry.oid?.id.join('.') === sourceRepositoryRefOid);
    return {
        subjectAlternativeName: identity?.subjectAlternativeName ?? '',
        ...(identity?.extensions?.issuer ? { issuer: identity.extensions.issuer } : {}),
        ...(sourceRef ? { sourceRef: extensionText(sourceRef.value) } : {}),
    };
}
function envelopeOf(bundle) {
    const envelope = bundle.dsseEnvelope;
    if (typeof envelope?.payload !== 'string' || typeof envelope.payloadType !== 'string') {
        throw new Error('the bundle holds no DSSE envelope');
    }
    return { payload: Buffer.from(envelope.payload, 'base64'), payloadType: envelope.payloadType };
}
/**
 * Verifies bundles against a trusted root: the certificate chains to its CA, the signature covers the
 * envelope, and it was witnessed (a transparency log entry where the root has a log, else a timestamp).
 */
class BundleVerifier {
    verifier;
    constructor(trustedRoot) {
        const hasLogs = trustedRoot.tlogs.length > 0;
        this.verifier = new verify_dist.Verifier((0,verify_dist.toTrustMaterial)(trustedRoot), {
            tlogThreshold: hasLogs ? 1 : 0,
            ctlogThreshold: trustedRoot.ctlogs.length > 0 ? 1 : 0,
            timestampThreshold: 1,
        });
    }
    verify(bundle) {
        const entity = (0,verify_dist.toSignedEntity)((0,dist.bundleFromJSON)(bundle));
        return verify_signerIdentity(this.verifier.verify(entity));
    }
    async verifyDsse(bundle) {
        const signer = this.verify(bundle);
        return { ...envelopeOf(bundle), signer };
    }
}
/**
 * Verifies against the public-good instance, its trusted root fetched through Sigstore's TUF repository
 * (once, on first use).
 */
class PublicGoodVerifier {
    verifier;
    cachePath;
    constructor(options = {}) {
        this.cachePath = options.tufCachePath;
    }
    async verifyDsse(bundle) {
        // Loaded on first use: the TUF client costs every action's start-up time, and most never need it.
        this.verifier ??= Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 94267)).then(({ createVerifier }) => createVerifier(this.cachePath ? { tufCachePath: this.cachePath } : {}));
        const signer = (await this.verifier).verify(bundle);
        return { ...envelopeOf(bundle), signer: verify_signerIdentity(signer) };
    }
}

;// CONCATENATED MODULE: ./packages/core/src/scan/release-signature.ts






// Trivy signs each release file with cosign keyless (`cosign sign-blob`): `<file>.sig` (the signature,
// base64) and `<file>.pem` (the Fulcio certificate, base64 of PEM), with the entry in Rekor. The checksums
// file is verified this way before its checksums are trusted, so that a release whose files were swapped,
// checksums included, is refused: only Trivy's own release workflow can have signed it.
/** Who must have signed Trivy's releases: its release workflows, through GitHub's OIDC issuer. */
const trivyReleaseIdentity = /^https:\/\/github\.com\/aquasecurity\/trivy\/\.github\/workflows\/.+$/;
const githubOidcIssuer = 'https://token.actions.githubusercontent.com';
const publicGoodRekorUrl = 'https://rekor.sigstore.dev';
/** Against a given trusted root (GitHub's instance, an air-gapped mirror, a test stack). */
function trustedRootBlobVerifier(trustedRoot) {
    const verifier = new Verifier(toTrustMaterial(trustedRoot), {
        tlogThreshold: 1,
        ctlogThreshold: trustedRoot.ctlogs.length > 0 ? 1 : 0,
        timestampThreshold: 1,
    });
    return async (bundle, data) => signerIdentity(verifier.verify(toSignedEntity(bundleFromJSON(bundle), data)));
}
/** Against the public-good instance, its trusted root fetched through Sigstore's TUF repository. */
function publicGoodBlobVerifier(tufCachePath) {
    let verifier;
    return async (bundle, data) => {
        verifier ??= (0,sigstore_dist.createVerifier)(tufCachePath ? { tufCachePath } : {});
        return verify_signerIdentity((await verifier).verify(bundle, data));
    };
}
function certificateDer(text) {
    const trimmed = text.trim();
    const pem = trimmed.startsWith('-----BEGIN') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
    const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
    if (!body)
        throw new Error('the certificate file holds no PEM certificate');
    return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}
async function rekorJson(url, init) {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    if (!response.ok)
        throw new Error(`${url} answered HTTP ${response.status}`);
    return response.json();
}
/** The Rekor entries (hashedrekord) of an artifact, in the bundle form of a transparency log entry. */
async function logEntries(rekorUrl, digestHex) {
    const base = rekorUrl.replace(/\/$/, '');
    const uuids = await rekorJson(`${base}/api/v1/index/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hash: `sha256:${digestHex}` }),
    });
    const entries = [];
    for (const uuid of Array.isArray(uuids) ? uuids.slice(0, 10) : []) {
        const answer = (await rekorJson(`${base}/api/v1/log/entries/${String(uuid)}`));
        for (const entry of Object.values(answer)) {
            const verification = (entry.verification ?? {});
            const body = JSON.parse(Buffer.from(String(entry.body), 'base64').toString('utf8'));
            entries.push({
                logIndex: String(entry.logIndex),
                logId: { keyId: Buffer.from(String(entry.logID), 'hex').toString('base64') },
                kindVersion: { kind: String(body.kind), version: String(body.apiVersion) },
                integratedTime: String(entry.integratedTime),
                inclusionPromise: { signedEntryTimestamp: String(verification.signedEntryTimestamp) },
                canonicalizedBody: String(entry.body),
            });
        }
    }
    return entries;
}
/**
 * Verifies a cosign keyless blob signature: the certificate chains to the trust root's CA, was logged, and
 * names the expected identity and issuer; the signature covers the content; the signing was witnessed by
 * the transparency log while the certificate was valid.
 */
async function verifyReleaseSignature(options) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(options.content).digest();
    let lastProblem = 'Rekor has no entry for it';
    let entries;
    try {
        entries = await logEntries(options.rekorUrl, digest.toString('hex'));
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`could not look up the signature of ${options.what} in ${options.rekorUrl} (${(0,errors/* errorMessage */.gJ)(error)}); refusing to install an unverified Trivy (use 'trivy-path' to bring your own)`);
    }
    let certificate;
    try {
        certificate = certificateDer(options.certificate);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`the signing certificate of ${options.what} is unreadable (${(0,errors/* errorMessage */.gJ)(error)}); refusing to install it`);
    }
    for (const entry of entries) {
        const bundle = {
            mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
            verificationMaterial: {
                x509CertificateChain: { certificates: [{ rawBytes: certificate.toString('base64') }] },
                tlogEntries: [entry],
                timestampVerificationData: { rfc3161Timestamps: [] },
            },
            messageSignature: {
                messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
                signature: options.signature.trim(),
            },
        };
        try {
            const signer = await options.verify(bundle, options.content);
            if (!options.identity.test(signer.subjectAlternativeName)) {
                lastProblem = `it was signed by ${signer.subjectAlternativeName}, not by Trivy's release workflow`;
                continue;
            }
            if (signer.issuer !== options.issuer) {
                lastProblem = `its certificate was issued for ${signer.issuer ?? 'an unknown issuer'}, not ${options.issuer}`;
                continue;
            }
            return signer;
        }
        catch (error) {
            lastProblem = (0,errors/* errorMessage */.gJ)(error);
        }
    }
    throw new errors/* ConfigurationError */.j1(`the signature of ${options.what} does not verify (${lastProblem}); refusing to install it`);
}

;// CONCATENATED MODULE: ./packages/core/src/scan/install.ts







// Installs Trivy from its official release at a pinned version. The archive is checked against the
// release's checksums file before anything is extracted or run: a swapped archive is refused.
/** The Trivy release installed when `trivy-version` is empty. */
const defaultTrivyVersion = '0.74.0';
const trivyReleaseBaseUrl = 'https://github.com/aquasecurity/trivy/releases/download';
/** The release asset name for a platform, as Trivy names them (`trivy_0.74.0_Linux-64bit.tar.gz`). */
function trivyArchiveName(version, platform, arch) {
    const os = platform === 'linux' ? 'Linux' : platform === 'darwin' ? 'macOS' : undefined;
    const cpu = arch === 'x64' ? '64bit' : arch === 'arm64' ? 'ARM64' : undefined;
    if (!os || !cpu) {
        throw new errors/* ConfigurationError */.j1(`Trivy releases have no build for ${platform}/${arch}; install Trivy yourself and set 'trivy-path'`);
    }
    return `trivy_${version}_${os}-${cpu}.tar.gz`;
}
/** The SHA-256 the checksums file (`<hex>  <name>` lines) lists for `assetName`. */
function checksumFor(checksums, assetName) {
    for (const line of checksums.split('\n')) {
        const match = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/i.exec(line.trim());
        if (match && match[2] === assetName)
            return match[1].toLowerCase();
    }
    return undefined;
}
async function sha256File(path) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}
function validTrivyVersion(version, inputName = 'trivy-version') {
    const cleaned = version.trim().replace(/^v/, '');
    if (!/^\d+\.\d+\.\d+$/.test(cleaned)) {
        throw new errors/* ConfigurationError */.j1(`input '${inputName}' must be an exact release like ${defaultTrivyVersion}, got '${version}'`);
    }
    return cleaned;
}
async function installTrivy(options) {
    const version = validTrivyVersion(options.version);
    const platform = options.platform ?? process.platform;
    const arch = options.arch ?? process.arch;
    const cached = tool_cache/* find */.I6('trivy', version, arch);
    if (cached && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(cached, 'trivy'))) {
        options.logger.info(`Trivy ${version} from the tool cache`);
        return { path: (0,external_node_path_.join)(cached, 'trivy'), version, cached: true };
    }
    const asset = trivyArchiveName(version, platform, arch);
    const base = `${options.baseUrl ?? trivyReleaseBaseUrl}/v${version}`;
    const checksumsName = `trivy_${version}_checksums.txt`;
    let checksumsPath;
    let archivePath;
    try {
        checksumsPath = await tool_cache/* downloadTool */.bq(`${base}/${checksumsName}`);
        archivePath = await tool_cache/* downloadTool */.bq(`${base}/${asset}`);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`could not download Trivy ${version} from ${base} (${(0,errors/* errorMessage */.gJ)(error)}); check 'trivy-version', or install Trivy yourself and set 'trivy-path'`);
    }
    const checksums = (0,external_node_fs_.readFileSync)(checksumsPath);
    if (options.signature) {
        let signature;
        let certificate;
        try {
            signature = (0,external_node_fs_.readFileSync)(await tool_cache/* downloadTool */.bq(`${base}/${checksumsName}.sig`), 'utf8');
            certificate = (0,external_node_fs_.readFileSync)(await tool_cache/* downloadTool */.bq(`${base}/${checksumsName}.pem`), 'utf8');
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`could not download the signature of ${checksumsName} (${(0,errors/* errorMessage */.gJ)(error)}); refusing to install an unverified Trivy (use 'trivy-path' to bring your own)`);
        }
        const signer = await verifyReleaseSignature({
            content: checksums,
            signature,
            certificate,
            rekorUrl: options.signature.rekorUrl,
            verify: options.signature.verify,
            identity: trivyReleaseIdentity,
            issuer: githubOidcIssuer,
            what: checksumsName,
        });
        options.logger.info(`${checksumsName} is signed by ${signer.subjectAlternativeName}`);
    }
    const expected = checksumFor(checksums.toString('utf8'), asset);
    if (!expected) {
        throw new errors/* ConfigurationError */.j1(`${checksumsName} of Trivy ${version} lists no checksum for ${asset}; refusing to install it`);
    }
    const actual = await sha256File(archivePath);
    if (actual !== expected) {
        throw new errors/* ConfigurationError */.j1(`the downloaded ${asset} has SHA-256 ${actual}, but Trivy's ${checksumsName} says ${expected}; refusing to run it`);
    }
    options.logger.info(`Trivy ${version}: ${asset} matches the release checksum ${expected}`);
    const extracted = await tool_cache/* extractTar */.nN(archivePath);
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(extracted, 'trivy'))) {
        throw new errors/* ConfigurationError */.j1(`${asset} holds no 'trivy' executable; refusing to use it`);
    }
    const installed = await tool_cache/* cacheDir */.e8(extracted, 'trivy', version, arch);
    return { path: (0,external_node_path_.join)(installed, 'trivy'), version, cached: false };
}
// ---- the vulnerability DB across runs --------------------------------------------------------------
/**
 * The cache key for the DB: one per repository per day, so a day's scans download it once (Trivy's
 * own DB is rebuilt every 6 hours; a day-old DB is what most pipelines accept).
 */
function trivyDbCacheKey(repositories, now) {
    const source = (0,external_node_crypto_.createHash)('sha256').update(repositories.join(',')).digest('hex').slice(0, 12);
    return `airlock-trivy-db-${source}-${now.toISOString().slice(0, 10)}`;
}
/**
 * Restores the DB directory from the Actions cache. The cache service exists only on GitHub's runners
 * (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL); elsewhere, and so in every offline test, this does nothing.
 */
async function restoreTrivyDb(dbDir, key, logger) {
    if (!cache/* isFeatureAvailable */.w3()) {
        logger.debug('the Actions cache service is not available here; the DB is not restored');
        return false;
    }
    try {
        const hit = await cache/* restoreCache */.P3([dbDir], key, [key.replace(/-\d{4}-\d{2}-\d{2}$/, '-')]);
        logger.info(hit ? `vulnerability DB restored from the cache (${hit})` : 'no cached vulnerability DB yet');
        return hit === key;
    }
    catch (error) {
        logger.warning(`could not restore the vulnerability DB from the cache: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return false;
    }
}
async function saveTrivyDb(dbDir, key, logger) {
    if (!cache/* isFeatureAvailable */.w3())
        return;
    try {
        await cache/* saveCache */.Io([dbDir], key);
        logger.info(`vulnerability DB saved to the cache as ${key}`);
    }
    catch (error) {
        // Another job of the same day saved it first: that is fine.
        logger.debug(`vulnerability DB not saved to the cache: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./packages/core/src/scan/policy.ts



const severityThresholds = [...severities, 'NONE'];
const defaultSeverityThreshold = 'HIGH';
function parseSeverityThreshold(value, where) {
    const word = value.trim().toUpperCase();
    if (severityThresholds.includes(word))
        return word;
    throw new errors/* ConfigurationError */.j1(`${where} must be one of ${severityThresholds.join(', ')}, got '${value.trim()}'`);
}
function parseCvssThreshold(value, where) {
    const score = typeof value === 'number' ? value : Number(value.trim());
    if (String(value).trim() === '' || !Number.isFinite(score) || score < 0 || score > 10) {
        throw new errors/* ConfigurationError */.j1(`${where} must be a CVSS score from 0.0 to 10.0, got '${String(value).trim()}'`);
    }
    return score;
}
function validDate(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
        return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
const idPattern = /^[A-Za-z][A-Za-z0-9._:-]*-[A-Za-z0-9._:-]+$/;
function checkId(id, where) {
    if (!idPattern.test(id)) {
        throw new errors/* ConfigurationError */.j1(`${where}: '${id}' is not a vulnerability ID (expected CVE-YYYY-NNNN, GHSA-…, or the scanner's ID)`);
    }
    return id;
}
/**
 * Reads the `exceptions` input: one exception a line, `CVE-ID [until=YYYY-MM-DD] [package=NAME] [reason]`,
 * or the pipe-separated list of IDs that the quarantine workflows it replaces used (`CVE-1|CVE-2`).
 */
function parseExceptions(text, inputName = 'exceptions') {
    const exceptions = [];
    text.split('\n').forEach((rawLine, index) => {
        const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
        if (line === '')
            return;
        const origin = `input '${inputName}' line ${index + 1}`;
        if (line.includes('|')) {
            for (const id of line.split('|').map((part) => part.trim())) {
                if (id !== '')
                    exceptions.push({ id: checkId(id, origin), origin });
            }
            return;
        }
        const [id, ...rest] = line.split(/\s+/);
        const exception = { id: checkId(id, origin), origin };
        const reason = [];
        for (const word of rest) {
            const option = /^(until|package)=(.*)$/.exec(word);
            if (option?.[1] === 'until') {
                if (!validDate(option[2])) {
                    throw new errors/* ConfigurationError */.j1(`${origin}: until=${option[2]} is not a date; write until=YYYY-MM-DD`);
                }
                exception.until = option[2];
            }
            else if (option?.[1] === 'package') {
                exception.package = option[2];
            }
            else {
                reason.push(word);
            }
        }
        if (reason.length > 0)
            exception.reason = reason.join(' ');
        exceptions.push(exception);
    });
    return exceptions;
}
/** An exception whose `until` day is over no longer applies. */
function exceptionExpired(exception, now) {
    return exception.until !== undefined && now.toISOString().slice(0, 10) > exception.until;
}
const topFields = ['severity-threshold', 'cvss-threshold', 'ignore-unfixed', 'exceptions', 'packages'];
const exceptionFields = ['id', 'until', 'reason', 'package'];
const packageFields = ['name', 'ignore', 'severity-threshold', 'cvss-threshold', 'ignore-unfixed', 'reason'];
function policy_editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
function suggestion(key, known) {
    const normalized = key.toLowerCase().replace(/_/g, '-');
    let best;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const distance = policy_editDistance(normalized, candidate);
        if (distance < bestDistance)
            [best, bestDistance] = [candidate, distance];
    }
    return best && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? ` (did you mean '${best}'?)` : '';
}
/** Parses and validates a policy file; every error names the file, the line and the field. */
function parsePolicyFile(content, fileName) {
    const lineCounter = new yaml_dist/* LineCounter */.HN();
    const document = (0,yaml_dist/* parseDocument */.Tp)(content, { lineCounter, prettyErrors: false });
    const lineOf = (node) => node?.range ? lineCounter.linePos(node.range[0]).line : 1;
    const fail = (node, message) => {
        throw new errors/* ConfigurationError */.j1(`${fileName}:${lineOf(node)}: ${message}`);
    };
    const syntax = document.errors[0];
    if (syntax) {
        const line = lineCounter.linePos(syntax.pos[0]).line;
        throw new errors/* ConfigurationError */.j1(`${fileName}:${line}: not valid YAML: ${syntax.message.split('\n')[0]}`);
    }
    const policy = { exceptions: [], packages: [] };
    const root = document.contents;
    if (root === null)
        return policy;
    if (!(0,yaml_dist/* isMap */.jh)(root))
        return fail(root, 'the policy must be a mapping of settings (severity-threshold: HIGH, …)');
    const scalarText = (node, field) => {
        if (!(0,yaml_dist/* isScalar */.jn)(node) || node.value === null || typeof node.value === 'object') {
            return fail(node, `field '${field}' must be a single value`);
        }
        return String(node.value);
    };
    const bool = (node, field) => {
        if ((0,yaml_dist/* isScalar */.jn)(node) && typeof node.value === 'boolean')
            return node.value;
        return fail(node, `field '${field}' must be true or false`);
    };
    const severity = (node, field) => {
        const value = scalarText(node, field);
        if (!severityThresholds.includes(value.toUpperCase())) {
            fail(node, `field '${field}' must be one of ${severityThresholds.join(', ')}, got '${value}'`);
        }
        return value.toUpperCase();
    };
    const cvss = (node, field) => {
        const value = (0,yaml_dist/* isScalar */.jn)(node) ? node.value : undefined;
        if (typeof value !== 'number' || value < 0 || value > 10) {
            fail(node, `field '${field}' must be a CVSS score from 0.0 to 10.0`);
        }
        return value;
    };
    for (const pair of root.items) {
        const keyNode = pair.key;
        const key = (0,yaml_dist/* isScalar */.jn)(keyNode) ? String(keyNode.value) : '';
        const value = pair.value;
        switch (key) {
            case 'severity-threshold':
                policy.severityThreshold = severity(value, key);
                break;
            case 'cvss-threshold':
                policy.cvssThreshold = cvss(value, key);
                break;
            case 'ignore-unfixed':
                policy.ignoreUnfixed = bool(value, key);
                break;
            case 'exceptions': {
                if (value === null)
                    break;
                if (!(0,yaml_dist/* isSeq */.oP)(value))
                    fail(value, "field 'exceptions' must be a list");
                for (const item of value.items) {
                    const origin = `${fileName}:${lineOf(item)}`;
                    if ((0,yaml_dist/* isScalar */.jn)(item)) {
                        // The short form: a bare ID.
                        policy.exceptions.push({ id: checkId(scalarText(item, 'exceptions'), origin), origin });
                        continue;
                    }
                    if (!(0,yaml_dist/* isMap */.jh)(item))
                        fail(item, "each entry of 'exceptions' must be an ID or a mapping with 'id'");
                    const entry = { origin };
                    for (const field of item.items) {
                        const name = (0,yaml_dist/* isScalar */.jn)(field.key) ? String(field.key.value) : '';
                        if (!exceptionFields.includes(name)) {
                            fail(field.key, `unknown field 'exceptions.${name}'${suggestion(name, exceptionFields)}`);
                        }
                        const fieldValue = scalarText(field.value, `exceptions.${name}`);
                        if (name === 'until') {
                            // YAML 1.2 reads an unquoted 2026-12-31 as a string, so dates are checked here.
                            if (!validDate(fieldValue))
                                fail(field.value, `field 'exceptions.until' must be a date YYYY-MM-DD, got '${fieldValue}'`);
                            entry.until = fieldValue;
                        }
                        else if (name === 'id') {
                            entry.id = checkId(fieldValue, `${fileName}:${lineOf(field.value)}`);
                        }
                        else if (name === 'reason') {
                            entry.reason = fieldValue;
                        }
                        else {
                            entry.package = fieldValue;
                        }
                    }
                    if (!entry.id)
                        fail(item, "an entry of 'exceptions' has no 'id'");
                    policy.exceptions.push(entry);
                }
                break;
            }
            case 'packages': {
                if (value === null)
                    break;
                if (!(0,yaml_dist/* isSeq */.oP)(value))
                    fail(value, "field 'packages' must be a list of rules with 'name'");
                for (const item of value.items) {
                    if (!(0,yaml_dist/* isMap */.jh)(item))
                        fail(item, "each entry of 'packages' must be a mapping with 'name'");
                    const rule = { origin: `${fileName}:${lineOf(item)}` };
                    for (const field of item.items) {
                        const name = (0,yaml_dist/* isScalar */.jn)(field.key) ? String(field.key.value) : '';
                        const where = `packages.${name}`;
                        if (name === 'name')
                            rule.name = scalarText(field.value, where);
                        else if (name === 'ignore')
                            rule.ignore = bool(field.value, where);
                        else if (name === 'severity-threshold')
                            rule.severityThreshold = severity(field.value, where);
                        else if (name === 'cvss-threshold')
                            rule.cvssThreshold = cvss(field.value, where);
                        else if (name === 'ignore-unfixed')
                            rule.ignoreUnfixed = bool(field.value, where);
                        else if (name === 'reason')
                            rule.reason = scalarText(field.value, where);
                        else
                            fail(field.key, `unknown field 'packages.${name}'${suggestion(name, packageFields)}`);
                    }
                    if (!rule.name)
                        fail(item, "a rule in 'packages' has no 'name'");
                    policy.packages.push(rule);
                }
                break;
            }
            default:
                fail(keyNode, `unknown field '${key}'${suggestion(key, topFields)}`);
        }
    }
    return policy;
}
/** Inputs win over the file; exceptions and package rules from both apply. */
function resolvePolicy(inputs, file) {
    const cvssThreshold = inputs.cvssThreshold ?? file?.cvssThreshold;
    return {
        severityThreshold: inputs.severityThreshold ?? file?.severityThreshold ?? defaultSeverityThreshold,
        ...(cvssThreshold !== undefined ? { cvssThreshold } : {}),
        ignoreUnfixed: inputs.ignoreUnfixed ?? file?.ignoreUnfixed ?? false,
        exceptions: [...(inputs.exceptions ?? []), ...(file?.exceptions ?? [])],
        packages: file?.packages ?? [],
    };
}
/** `*` in a rule's name matches any run of characters; the rest is literal. */
function packageMatches(pattern, name) {
    const regex = new RegExp(`^${pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`);
    return regex.test(name);
}

;// CONCATENATED MODULE: ./packages/core/src/scan/vex.ts


function openVexIds(value) {
    // v0.2: { "@id", "name", "aliases" }; v0.0.1: a plain string.
    if (typeof value === 'string')
        return [value];
    const vulnerability = object(value);
    return [
        json_text(vulnerability.name),
        json_text(vulnerability['@id']),
        ...list(vulnerability.aliases).map(json_text),
    ].filter(Boolean);
}
function openVexProducts(value) {
    const ids = [];
    for (const raw of list(value)) {
        if (typeof raw === 'string') {
            ids.push(raw);
            continue;
        }
        const product = object(raw);
        ids.push(json_text(product['@id']), ...Object.values(object(product.identifiers)).map(json_text));
        for (const sub of list(product.subcomponents)) {
            const subcomponent = object(sub);
            ids.push(json_text(subcomponent['@id']), ...Object.values(object(subcomponent.identifiers)).map(json_text));
        }
    }
    return ids.filter(Boolean);
}
/** Reads one VEX document. `origin` names the file in messages. */
function parseVexDocument(content, origin) {
    let document;
    try {
        document = object(JSON.parse(content));
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`${origin} is not JSON (${error.message}); 'vex' takes OpenVEX or CycloneDX VEX JSON files`);
    }
    const statements = [];
    if (json_text(document['@context']).startsWith('https://openvex.dev/ns')) {
        for (const raw of list(document.statements)) {
            const statement = object(raw);
            const products = openVexProducts(statement.products);
            for (const vulnerability of openVexIds(statement.vulnerability)) {
                statements.push({
                    vulnerability,
                    products,
                    status: json_text(statement.status),
                    ...(json_text(statement.justification) || json_text(statement.impact_statement)
                        ? {
                            justification: [json_text(statement.justification), json_text(statement.impact_statement)]
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
        const purls = new Map();
        for (const raw of list(document.components)) {
            const component = object(raw);
            if (json_text(component['bom-ref']))
                purls.set(json_text(component['bom-ref']), json_text(component.purl));
        }
        for (const raw of list(document.vulnerabilities)) {
            const vulnerability = object(raw);
            const analysis = object(vulnerability.analysis);
            const products = list(vulnerability.affects)
                .map((affect) => json_text(object(affect).ref))
                .flatMap((ref) => [ref, purls.get(ref) ?? ''])
                .filter(Boolean);
            const state = json_text(analysis.state);
            const justification = [json_text(analysis.justification), json_text(analysis.detail)].filter(Boolean).join(': ');
            statements.push({
                vulnerability: json_text(vulnerability.id),
                products,
                // CycloneDX says not_affected too; `false_positive` means the same for a scan.
                status: state === 'false_positive' ? 'not_affected' : state,
                ...(justification ? { justification } : {}),
                origin,
            });
        }
        return statements;
    }
    throw new errors/* ConfigurationError */.j1(`${origin} is neither OpenVEX (no '@context' https://openvex.dev/ns/…) nor CycloneDX VEX (no 'bomFormat': 'CycloneDX')`);
}
/** The package name a purl names (`pkg:apk/alpine/openssl@3.1.1-r0?arch=x86_64` → `openssl`). */
function purlName(purl) {
    const match = /^pkg:[^/]+\/(?:[^@?#]*\/)?([^/@?#]+)/.exec(purl);
    return match ? decodeURIComponent(match[1]) : undefined;
}
/**
 * Whether a statement speaks of this finding: the same vulnerability, and either no products, or a
 * product naming the scanned image (its index or platform manifest digest) or the finding's package (purl or name).
 */
function vexApplies(statement, finding, imageDigests) {
    if (statement.vulnerability.toUpperCase() !== finding.id.toUpperCase())
        return false;
    if (statement.products.length === 0)
        return true;
    const hexes = imageDigests.map((digest) => digest.replace(/^sha256:/, '')).filter(Boolean);
    return statement.products.some((product) => {
        const decoded = decodeURIComponent(product);
        if (hexes.some((hex) => decoded.includes(hex)))
            return true;
        if (finding.purl && product === finding.purl)
            return true;
        if (product.startsWith('pkg:'))
            return purlName(product) === finding.package && !product.startsWith('pkg:oci/');
        return product === finding.package;
    });
}
/** The `not_affected` statement that suppresses a finding, if any. */
function vexSuppression(statements, finding, imageDigests) {
    return statements.find((s) => s.status === 'not_affected' && vexApplies(s, finding, imageDigests));
}

;// CONCATENATED MODULE: ./packages/core/src/scan/evaluate.ts



function thresholdReached(finding, severityThreshold, cvssThreshold) {
    if (severityThreshold !== 'NONE' && severityRank(finding.severity) >= severityRank(severityThreshold)) {
        return `${finding.severity} is at or above the severity threshold ${severityThreshold}`;
    }
    if (cvssThreshold !== undefined && finding.cvssScore !== undefined && finding.cvssScore >= cvssThreshold) {
        return `CVSS ${finding.cvssScore.toFixed(1)} is at or above the CVSS threshold ${cvssThreshold.toFixed(1)}`;
    }
    return undefined;
}
function exceptionMatches(exception, finding) {
    return (exception.id.toUpperCase() === finding.id.toUpperCase() &&
        (exception.package === undefined || packageMatches(exception.package, finding.package)));
}
function describeException(exception) {
    const parts = [`excepted (${exception.origin})`];
    if (exception.until)
        parts.push(`until ${exception.until}`);
    if (exception.reason)
        parts.push(`: ${exception.reason}`);
    return parts.join(' ').replace(' :', ':');
}
function evaluateFinding(finding, policy, context) {
    const statement = vexSuppression(context.vex, finding, context.imageDigests);
    if (statement) {
        const why = statement.justification ? `: ${statement.justification}` : '';
        return {
            ...finding,
            disposition: 'suppressed',
            reason: `VEX not_affected (${statement.origin})${why}`,
            vex: statement,
        };
    }
    const rule = policy.packages.find((r) => packageMatches(r.name, finding.package));
    const severityThreshold = rule?.severityThreshold ?? policy.severityThreshold;
    const cvssThreshold = rule?.cvssThreshold ?? policy.cvssThreshold;
    const ignoreUnfixed = rule?.ignoreUnfixed ?? policy.ignoreUnfixed;
    const reached = thresholdReached(finding, severityThreshold, cvssThreshold);
    // An expired exception is called out whether or not its finding would block today.
    for (const exception of policy.exceptions) {
        if (exceptionMatches(exception, finding) && exceptionExpired(exception, context.now))
            context.expired.add(exception);
    }
    if (!reached) {
        return {
            ...finding,
            disposition: 'allowed',
            reason: `below the threshold ${severityThreshold}${cvssThreshold !== undefined ? ` / CVSS ${cvssThreshold.toFixed(1)}` : ''}`,
        };
    }
    if (rule?.ignore) {
        return {
            ...finding,
            disposition: 'ignored',
            reason: `package rule '${rule.name}' (${rule.origin})${rule.reason ? `: ${rule.reason}` : ''}`,
        };
    }
    for (const exception of policy.exceptions) {
        if (!exceptionMatches(exception, finding) || exceptionExpired(exception, context.now))
            continue;
        return { ...finding, disposition: 'excepted', reason: describeException(exception), exception };
    }
    if (ignoreUnfixed && !hasFix(finding)) {
        return { ...finding, disposition: 'ignored', reason: 'no fix yet (ignore-unfixed)' };
    }
    return { ...finding, disposition: 'blocking', reason: reached };
}
function tally(findings) {
    const count = (disposition) => findings.filter((f) => f.disposition === disposition).length;
    return {
        counts: countBySeverity(findings.filter((f) => f.disposition !== 'suppressed')),
        blocking: count('blocking'),
        excepted: count('excepted'),
        suppressed: count('suppressed'),
        ignored: count('ignored'),
    };
}
const precedence = ['blocking', 'excepted', 'ignored', 'allowed', 'suppressed'];
/** One entry per vulnerability and package across platforms (the one that weighs most), for image totals. */
function distinct(findings) {
    const byKey = new Map();
    for (const finding of findings) {
        const seen = byKey.get(findingKey(finding));
        if (!seen || precedence.indexOf(finding.disposition) < precedence.indexOf(seen.disposition)) {
            byKey.set(findingKey(finding), finding);
        }
    }
    return [...byKey.values()];
}
function diffAgainst(baseline, platform, findings) {
    // The same platform when the baseline has it; otherwise everything the baseline had.
    const same = baseline.platforms.filter((p) => p.platform === platform);
    const previous = (same.length > 0 ? same : baseline.platforms).flatMap((p) => p.findings);
    const previousKeys = new Set(previous.map(findingKey));
    // A VEX-suppressed finding is not new, but it is not fixed either: the package is still there.
    const current = findings.filter((f) => f.disposition !== 'suppressed');
    const currentKeys = new Set(findings.map(findingKey));
    const fixed = new Map();
    for (const finding of previous)
        if (!currentKeys.has(findingKey(finding)))
            fixed.set(findingKey(finding), finding);
    return {
        image: baseline.image,
        added: current.filter((f) => !previousKeys.has(findingKey(f))),
        fixed: [...fixed.values()].sort(compareFindings),
    };
}
/** The thresholds in words: `HIGH`, `HIGH or CVSS 7.0`; package rules with their own make it general. */
function thresholdText(policy) {
    if (policy.packages.some((rule) => rule.severityThreshold || rule.cvssThreshold !== undefined)) {
        return 'the policy thresholds';
    }
    const parts = [
        ...(policy.severityThreshold !== 'NONE' ? [policy.severityThreshold] : []),
        ...(policy.cvssThreshold !== undefined ? [`CVSS ${policy.cvssThreshold.toFixed(1)}`] : []),
    ];
    return parts.join(' or ');
}
function evaluate(input) {
    const now = input.now ?? new Date();
    const expired = new Set();
    const platforms = input.platforms.map((scan) => {
        const context = { vex: input.vex ?? [], imageDigests: [input.imageDigest, scan.digest], now, expired };
        const findings = scan.findings
            .map((f) => evaluateFinding(f, input.policy, context))
            .sort(compareFindings);
        const totals = tally(findings);
        const reasons = [];
        if (scan.failure)
            reasons.push(scan.failure);
        if (totals.blocking > 0) {
            reasons.push({
                code: 'blocking-findings',
                message: `${totals.blocking} finding${totals.blocking === 1 ? '' : 's'} at or above ${thresholdText(input.policy)}${scan.platform ? ` on ${scan.platform}` : ''}`,
            });
        }
        return {
            platform: scan.platform,
            digest: scan.digest,
            verdict: reasons.length > 0 ? 'fail' : 'pass',
            reasons,
            findings,
            ...totals,
            ...(input.baseline ? { baseline: diffAgainst(input.baseline, scan.platform, findings) } : {}),
        };
    });
    const totals = tally(distinct(platforms.flatMap((p) => p.findings)));
    const reasons = platforms.flatMap((p) => p.reasons);
    return {
        verdict: reasons.length > 0 || platforms.length === 0 ? 'fail' : 'pass',
        reasons: platforms.length === 0 ? [{ code: 'scan-failed', message: 'nothing was scanned' }] : reasons,
        platforms,
        ...totals,
        expiredExceptions: [...expired],
        policy: input.policy,
    };
}

;// CONCATENATED MODULE: ./packages/core/src/scan/record.ts
// The scan record's predicate: cosign's vulnerability attestation
// (https://cosign.sigstore.dev/attestation/vuln/v1: invocation, scanner {uri, version, db, result},
// metadata {scanStartedOn, scanFinishedOn}) with airlock's verdict and the policy that produced it in
// `scanner.result`. promote reads `scanner.result.verdict` and `metadata.scanFinishedOn`.
const vulnerabilityPredicateType = 'https://cosign.sigstore.dev/attestation/vuln/v1';
function recordPolicy(policy) {
    return {
        severityThreshold: policy.severityThreshold,
        ...(policy.cvssThreshold !== undefined ? { cvssThreshold: policy.cvssThreshold } : {}),
        ignoreUnfixed: policy.ignoreUnfixed,
        exceptions: policy.exceptions.map(({ id, until, package: pkg, reason }) => ({
            id,
            ...(until ? { until } : {}),
            ...(pkg ? { package: pkg } : {}),
            ...(reason ? { reason } : {}),
        })),
        packages: policy.packages.map(({ name, ignore, severityThreshold, cvssThreshold, ignoreUnfixed }) => ({
            name,
            ...(ignore !== undefined ? { ignore } : {}),
            ...(severityThreshold ? { severityThreshold } : {}),
            ...(cvssThreshold !== undefined ? { cvssThreshold } : {}),
            ...(ignoreUnfixed !== undefined ? { ignoreUnfixed } : {}),
        })),
    };
}
function recordFinding(finding) {
    return {
        id: finding.id,
        package: finding.package,
        installed: finding.installed,
        fixed: finding.fixed,
        severity: finding.severity,
        ...(finding.cvssScore !== undefined ? { cvss: finding.cvssScore } : {}),
        platform: finding.platform,
        disposition: finding.disposition,
        reason: finding.reason,
    };
}
/** Package URLs of the scanners, as cosign's predicate names them. */
const scannerPackages = {
    trivy: 'pkg:github/aquasecurity/trivy',
    grype: 'pkg:github/anchore/grype',
};
function buildVulnerabilityPredicate(options) {
    const { evaluation, scanner } = options;
    const version = scanner.version ?? 'unknown';
    return {
        invocation: {
            parameters: null,
            uri: options.runUrl ?? '',
            event_id: '',
            'builder.id': 'airlock/quarantine-scan',
        },
        scanner: {
            uri: `${scannerPackages[scanner.name] ?? `pkg:generic/${scanner.name}`}@${version}`,
            version,
            db: { uri: scanner.db?.uri ?? '', version: scanner.db?.version ?? '' },
            result: {
                verdict: evaluation.verdict,
                reasons: evaluation.reasons,
                mode: options.mode,
                ...(options.mode === 'report' ? { imported: true } : {}),
                covers: [...new Set(options.covers)],
                policy: recordPolicy(evaluation.policy),
                summary: {
                    critical: evaluation.counts.CRITICAL,
                    high: evaluation.counts.HIGH,
                    medium: evaluation.counts.MEDIUM,
                    low: evaluation.counts.LOW,
                    unknown: evaluation.counts.UNKNOWN,
                    blocking: evaluation.blocking,
                    excepted: evaluation.excepted,
                    suppressed: evaluation.suppressed,
                    ignored: evaluation.ignored,
                },
                platforms: evaluation.platforms.map((p) => ({
                    platform: p.platform,
                    digest: p.digest,
                    verdict: p.verdict,
                    blocking: p.blocking,
                    reasons: p.reasons.map((r) => r.code),
                })),
                findings: evaluation.platforms.flatMap((p) => p.findings.map(recordFinding)),
                ...(options.baseline ? { baseline: options.baseline } : {}),
            },
        },
        metadata: {
            scanStartedOn: options.startedAt.toISOString(),
            scanFinishedOn: options.finishedAt.toISOString(),
        },
    };
}

;// CONCATENATED MODULE: ./packages/core/src/report/markdown.ts
// Markdown for job summaries and PR comments: table cells, tables, and digests shortened for reading.
/** Text for a table cell: no pipes, no HTML, no line breaks. */
function markdownCell(value) {
    return value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n/g, ' ');
}
/** A table: a header row, its rule, and one line per row (cells are used as given: pass them through markdownCell). */
function markdownTable(header, rows) {
    return [
        `| ${header.join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...rows.map((row) => `| ${row.join(' | ')} |`),
    ].join('\n');
}
/** A digest as code, cut to its first 12 hex digits: `` `sha256:0123456789ab…` ``; `empty` when there is none. */
function shortDigest(digest, empty = '') {
    if (!digest)
        return empty;
    const colon = digest.indexOf(':');
    return `\`${digest.slice(0, colon + 13)}…\``;
}

;// CONCATENATED MODULE: ./packages/core/src/report/scan-summary.ts


function rows(evaluation, dispositions) {
    const byKey = new Map();
    for (const platform of evaluation.platforms) {
        for (const finding of platform.findings) {
            if (!dispositions.includes(finding.disposition))
                continue;
            const key = `${finding.id} ${finding.package} ${finding.installed} ${finding.disposition}`;
            const row = byKey.get(key);
            if (row) {
                if (finding.platform)
                    row.platforms.push(finding.platform);
            }
            else {
                byKey.set(key, { finding, platforms: finding.platform ? [finding.platform] : [] });
            }
        }
    }
    return [...byKey.values()].sort((a, b) => compareFindings(a.finding, b.finding));
}
function idLink(finding) {
    const url = advisoryUrl(finding);
    return url ? `[${markdownCell(finding.id)}](${url})` : markdownCell(finding.id);
}
function versions(finding) {
    return `${markdownCell(finding.installed)} → ${finding.fixed ? markdownCell(finding.fixed) : '_no fix yet_'}`;
}
function cvss(finding) {
    return finding.cvssScore === undefined ? '' : finding.cvssScore.toFixed(1);
}
function table(header, items, render, maxRows) {
    const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
    for (const row of items.slice(0, maxRows))
        lines.push(`| ${render(row).join(' | ')} |`);
    if (items.length > maxRows)
        lines.push('', `_…and ${items.length - maxRows} more in the report._`);
    return lines.join('\n');
}
/** The blocking findings and the ones below the threshold share one layout: what to fix, and how bad. */
function findingsTable(items, multi, maxRows) {
    return table(['ID', 'Package', 'Installed → fixed', 'Severity', 'CVSS', ...(multi ? ['Platforms'] : [])], items, (r) => [
        idLink(r.finding),
        markdownCell(r.finding.package),
        versions(r.finding),
        r.finding.severity,
        cvss(r.finding),
        ...platformsCell(r, multi),
    ], maxRows);
}
function platformsCell(row, multi) {
    return multi ? [markdownCell(row.platforms.join(', '))] : [];
}
/** Numeric-aware order of two version strings: good enough to pick the highest of a package's fixes. */
const versionOrder = (a, b) => a.localeCompare(b, 'en', { numeric: true });
/**
 * What makes the image pass: the upgrades that fix the blocking findings (one per package, to the highest
 * fixed version among them), and for a finding with no fix the exception line to add, with an end date.
 */
function whatToDo(blocking, now) {
    const upgrades = new Map();
    const unfixed = new Map();
    for (const { finding } of blocking) {
        if (finding.fixed) {
            const current = upgrades.get(finding.package);
            // Trivy lists several fixed versions (one per branch) separated by commas: the first is the nearest.
            const fixed = finding.fixed.split(',')[0].trim();
            if (current === undefined || versionOrder(fixed, current) > 0)
                upgrades.set(finding.package, fixed);
        }
        else {
            unfixed.set(`${finding.id} ${finding.package}`, finding);
        }
    }
    const lines = [];
    if (upgrades.size > 0) {
        const list = [...upgrades].map(([name, version]) => `${markdownCell(name)} to ${markdownCell(version)}`);
        lines.push(`**What to do:** upgrade ${list.join(', ')}${unfixed.size > 0 ? ';' : '.'}`);
    }
    if (unfixed.size > 0) {
        const until = new Date(now.getTime() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
        lines.push(`${upgrades.size > 0 ? 'and for' : '**What to do:** for'} ${plural(unfixed.size, 'finding')} with no fix yet, ` +
            'accept the risk for a while with a line in the `exceptions` input (after review):', '', '```', ...[...unfixed.values()].map((f) => `${f.id.replace(/\s/g, '')} until=${until} package=${f.package.replace(/\s/g, '')} no fix yet, reviewed`), '```');
    }
    return lines;
}
const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
/** The job summary. */
function scanSummaryMarkdown(options) {
    const { evaluation, image } = options;
    const maxRows = options.maxRows ?? 200;
    const multi = evaluation.platforms.length > 1;
    const policy = evaluation.policy;
    const out = [];
    const passed = evaluation.verdict === 'pass';
    out.push(`## ${passed ? '✅' : '❌'} Quarantine scan: ${passed ? 'pass' : 'fail'}`, '');
    out.push(`\`${markdownCell(image)}\``, '');
    if (passed) {
        const threshold = policy.severityThreshold === 'NONE' ? '' : `at or above ${policy.severityThreshold}`;
        const cvssPart = policy.cvssThreshold !== undefined ? `CVSS ${policy.cvssThreshold.toFixed(1)} or more` : '';
        out.push(`**Why:** no finding ${[threshold, cvssPart].filter(Boolean).join(' or ') || 'blocks under this policy'}` +
            `${evaluation.excepted + evaluation.ignored > 0 ? ' that the policy does not excuse' : ''}.`);
    }
    else {
        out.push(`**Why:** ${evaluation.reasons.map((r) => markdownCell(r.message)).join('; ')}.`);
        const blocking = rows(evaluation, ['blocking']);
        if (blocking.length > 0) {
            const named = blocking
                .slice(0, 5)
                .map((r) => `${r.finding.id} (${r.finding.package})`)
                .join(', ');
            out.push(`Blocking: ${markdownCell(named)}${blocking.length > 5 ? ', …' : ''}.`);
            out.push('', ...whatToDo(blocking, options.now ?? new Date()));
        }
    }
    out.push('');
    for (const exception of evaluation.expiredExceptions) {
        out.push(`> [!WARNING]\n> The exception for ${markdownCell(exception.id)} (${markdownCell(exception.origin)}) expired on ${exception.until}; it no longer applies.`, '');
    }
    // Counts: one row for the image, and one per platform when there are several.
    const header = [
        '',
        'Critical',
        'High',
        'Medium',
        'Low',
        'Unknown',
        'Blocking',
        'Excepted',
        'Ignored',
        'VEX not affected',
    ];
    out.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
    const countRow = (name, c) => `| ${name} | ${c.counts.CRITICAL} | ${c.counts.HIGH} | ${c.counts.MEDIUM} | ${c.counts.LOW} | ${c.counts.UNKNOWN} | ${c.blocking} | ${c.excepted} | ${c.ignored} | ${c.suppressed} |`;
    if (multi) {
        for (const platform of evaluation.platforms) {
            out.push(countRow(`${platform.verdict === 'pass' ? '✅' : '❌'} ${markdownCell(platform.platform)}`, platform));
        }
    }
    out.push(countRow(multi ? '**image**' : passed ? '✅' : '❌', evaluation), '');
    const blocking = rows(evaluation, ['blocking']);
    if (blocking.length > 0) {
        out.push(`### Blocking (${blocking.length})`, '');
        out.push(findingsTable(blocking, multi, maxRows), '');
    }
    const excused = rows(evaluation, ['excepted', 'suppressed', 'ignored']);
    if (excused.length > 0) {
        out.push(`### Excepted, ignored and VEX-suppressed (${excused.length})`, '');
        out.push(table(['ID', 'Package', 'Severity', 'Status', 'Why', ...(multi ? ['Platforms'] : [])], excused, (r) => [
            idLink(r.finding),
            markdownCell(r.finding.package),
            r.finding.severity,
            r.finding.disposition === 'suppressed' ? 'not affected (VEX)' : r.finding.disposition,
            markdownCell(r.finding.reason),
            ...platformsCell(r, multi),
        ], maxRows), '');
    }
    const diffs = evaluation.platforms.filter((p) => p.baseline);
    if (diffs.length > 0) {
        const baselineImage = diffs[0].baseline.image;
        out.push(`### Compared with the baseline`, '', `\`${markdownCell(baselineImage)}\``, '');
        for (const platform of diffs) {
            const diff = platform.baseline;
            const title = multi ? ` on ${markdownCell(platform.platform)}` : '';
            out.push(`**New${title} (${diff.added.length})**${diff.added.length === 0 ? ': none' : ''}`, '');
            if (diff.added.length > 0) {
                out.push(table(['ID', 'Package', 'Installed → fixed', 'Severity', 'Policy'], diff.added.map((finding) => ({ finding, platforms: [] })), (r) => [
                    idLink(r.finding),
                    markdownCell(r.finding.package),
                    versions(r.finding),
                    r.finding.severity,
                    r.finding.disposition,
                ], maxRows), '');
            }
            out.push(`**Fixed${title} (${diff.fixed.length})**${diff.fixed.length === 0 ? ': none' : ''}`, '');
            if (diff.fixed.length > 0) {
                for (const finding of diff.fixed.slice(0, maxRows)) {
                    out.push(`- ${idLink(finding)} in ${markdownCell(finding.package)} ${markdownCell(finding.installed)} (${finding.severity})`);
                }
                out.push('');
            }
        }
    }
    const rest = rows(evaluation, ['allowed']);
    if (rest.length > 0) {
        out.push(`<details><summary>${plural(rest.length, 'other finding')} below the threshold</summary>`, '');
        out.push(findingsTable(rest, multi, maxRows), '', '</details>', '');
    }
    const scanner = options.scanner;
    const settings = [
        `severity-threshold ${policy.severityThreshold}`,
        ...(policy.cvssThreshold !== undefined ? [`cvss-threshold ${policy.cvssThreshold.toFixed(1)}`] : []),
        `ignore-unfixed ${policy.ignoreUnfixed}`,
        plural(policy.exceptions.length, 'exception'),
        ...(policy.packages.length > 0 ? [plural(policy.packages.length, 'package rule')] : []),
    ];
    out.push(`<sub>Scanner: ${markdownCell(scanner.name)}${scanner.version ? ` ${markdownCell(scanner.version)}` : ''}` +
        `${scanner.db?.version ? `, vulnerability DB ${markdownCell(scanner.db.version)}` : ''}` +
        ` · Policy: ${settings.join(', ')}</sub>`, '');
    return out.join('\n');
}
/** The hidden marker that identifies this image's comment, so a later run updates it in place. */
function scanCommentMarker(repository) {
    return `<!-- airlock:quarantine-scan ${repository.replace(/-->/g, '')} -->`;
}
/** The PR comment: the summary, shorter tables, and the marker. */
function scanCommentMarkdown(options) {
    const body = scanSummaryMarkdown({ ...options, maxRows: options.maxRows ?? 30 });
    const link = options.runUrl ? `\n[Full report](${options.runUrl})\n` : '';
    return `${scanCommentMarker(options.repository)}\n${body}${link}`;
}

;// CONCATENATED MODULE: ./packages/core/src/scan/sarif.ts

// SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif): one run per platform, each
// with its own category (`automationDetails.id`), so that alerts of different platforms do not close
// each other. Rules carry `security-severity`, which code scanning maps to Critical/High/Medium/Low.
const sarifSchemaUri = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
// Inside the band code scanning uses for each label (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4).
const severityScore = {
    CRITICAL: 9.5,
    HIGH: 8.0,
    MEDIUM: 5.5,
    LOW: 2.0,
    UNKNOWN: 0.0,
};
function level(finding) {
    if (finding.disposition === 'blocking')
        return 'error';
    if (finding.severity === 'CRITICAL' || finding.severity === 'HIGH')
        return 'warning';
    return 'note';
}
function rule(finding) {
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
function result(finding, artifactUri, image) {
    const suppressed = finding.disposition === 'excepted' ||
        finding.disposition === 'suppressed' ||
        finding.disposition === 'ignored';
    return {
        ruleId: finding.id,
        level: level(finding),
        message: {
            text: `${finding.package} ${finding.installed} is affected by ${finding.id} (${finding.severity}` +
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
                    { kind: 'external', status: 'accepted', justification: finding.reason },
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
/** One SARIF log, one run per platform. */
function buildSarif(evaluation, options) {
    const repository = options.image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^/:]+$/, '');
    // Code scanning wants a repository-relative path; the image's repository path stands for the image.
    const artifactUri = repository.replace(/^[^/]+\//, '') || repository;
    const runs = evaluation.platforms.map((platform) => {
        const rules = new Map();
        for (const finding of platform.findings)
            if (!rules.has(finding.id))
                rules.set(finding.id, rule(finding));
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

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(92413);
;// CONCATENATED MODULE: ./packages/core/src/report/pr-comment.ts

/** Creates the comment, or updates the one that carries `marker`. */
async function upsertPullRequestComment(options) {
    const octokit = (0,github/* getOctokit */.Q)(options.token, options.baseUrl ? { baseUrl: options.baseUrl } : {});
    const where = { owner: options.owner, repo: options.repo };
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...where,
        issue_number: options.issueNumber,
        per_page: 100,
    });
    const existing = comments.find((comment) => comment.body?.includes(options.marker));
    if (existing) {
        const { data } = await octokit.rest.issues.updateComment({
            ...where,
            comment_id: existing.id,
            body: options.body,
        });
        options.logger.info(`updated the scan comment ${data.html_url}`);
        return { id: data.id, url: data.html_url, action: 'updated' };
    }
    const { data } = await octokit.rest.issues.createComment({
        ...where,
        issue_number: options.issueNumber,
        body: options.body,
    });
    options.logger.info(`commented the scan on the pull request: ${data.html_url}`);
    return { id: data.id, url: data.html_url, action: 'created' };
}

;// CONCATENATED MODULE: ./actions/quarantine-scan/src/inputs.ts



const scanModes = ['trivy', 'sbom', 'report'];
function trustedRootInput() {
    const path = stringInput('trusted-root');
    if (!path)
        return undefined;
    try {
        return parseTrustedRoot(JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8')));
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`input 'trusted-root': cannot read a Sigstore trusted root from '${path}' ` +
            `(${error instanceof Error ? error.message : String(error)}); give a trusted_root.json file`);
    }
}
function readText(path, inputName, what) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        const code = error.code ?? String(error);
        throw new errors/* ConfigurationError */.j1(`input '${inputName}': cannot read '${path}' (${code}); give the path of ${what}`);
    }
}
/** Reads and checks every input before anything is fetched or run. */
function readInputs() {
    const image = parseReference(stringInput('image', { required: true }), 'image');
    const scanner = choiceInput('scanner', scanModes, 'trivy');
    const reportFile = stringInput('report-file');
    if (scanner === 'report' && !reportFile) {
        throw new errors/* ConfigurationError */.j1("input 'report-file' is required when 'scanner' is report");
    }
    if (scanner !== 'report' && reportFile) {
        throw new errors/* ConfigurationError */.j1(`input 'report-file' is only read when 'scanner' is report (it is ${scanner})`);
    }
    const severityText = stringInput('severity-threshold');
    const cvssText = stringInput('cvss-threshold');
    const ignoreUnfixedText = stringInput('ignore-unfixed');
    const policyInputs = {
        ...(severityText
            ? { severityThreshold: parseSeverityThreshold(severityText, "input 'severity-threshold'") }
            : {}),
        ...(cvssText ? { cvssThreshold: parseCvssThreshold(cvssText, "input 'cvss-threshold'") } : {}),
        ...(ignoreUnfixedText ? { ignoreUnfixed: booleanInput('ignore-unfixed', false) } : {}),
        exceptions: parseExceptions(stringInput('exceptions'), 'exceptions'),
    };
    const policyPath = stringInput('policy');
    const policyFile = policyPath
        ? parsePolicyFile(readText(policyPath, 'policy', 'a YAML policy file'), policyPath)
        : undefined;
    const vex = listInput('vex').flatMap((path) => parseVexDocument(readText(path, 'vex', 'an OpenVEX or CycloneDX VEX JSON file'), path));
    const baselineText = stringInput('baseline');
    const baseline = baselineText ? parseReference(baselineText, 'baseline') : undefined;
    if (baseline && scanner === 'report') {
        throw new errors/* ConfigurationError */.j1("input 'baseline' needs 'scanner' trivy or sbom: an imported report has no baseline to scan");
    }
    const sbomIssuer = stringInput('sbom-issuer');
    const timeoutMs = durationInput('timeout', '10m', '10m, 90s or 1h');
    const trivyPath = stringInput('trivy-path');
    const versionText = stringInput('trivy-version');
    const dbRepositories = listInput('trivy-db-repository');
    return {
        image,
        scanner,
        reportFile,
        platforms: parsePlatforms(listInput('platforms'), 'platforms'),
        trivyVersion: versionText ? validTrivyVersion(versionText) : defaultTrivyVersion,
        trivyPath,
        trivyVerifySignature: booleanInput('trivy-verify-signature', true),
        trivyDbRepositories: dbRepositories.length > 0 ? dbRepositories : defaultTrivyDbRepositories,
        trivyJavaDbRepository: stringInput('trivy-java-db-repository'),
        cacheDb: booleanInput('cache-db', true),
        timeoutMs,
        policyInputs,
        policyFile,
        vex,
        baseline,
        failOnViolation: booleanInput('fail-on-violation', true),
        attach: booleanInput('attach', true),
        sarifPath: stringInput('sarif'),
        summary: booleanInput('summary', true),
        prComment: booleanInput('pr-comment', false),
        credential: credentialPairInput(),
        githubToken: secretInput('github-token'),
        insecureRegistries: listInput('insecure-registries'),
        sigstore: sigstoreInputs(),
        trustedRoot: trustedRootInput(),
        sbomIdentities: listInput('sbom-identity'),
        sbomIssuer: sbomIssuer === '*' ? undefined : sbomIssuer || githubActionsIssuer,
    };
}

;// CONCATENATED MODULE: ./actions/quarantine-scan/src/main.ts







async function main() {
    const started = new Date();
    const env = process.env;
    const inputs = readInputs();
    const logger = run/* actionsLogger */.MV;
    // Before any work: `sigstore: auto` with an unknown visibility is a configuration error.
    const signer = inputs.attach ? jobRecordSigner(inputs.sigstore, env) : undefined;
    if (inputs.image.kind !== 'registry') {
        throw new errors/* ConfigurationError */.j1(`input 'image' must name an image on a registry, got an OCI layout`);
    }
    const imageName = repositoryOf(inputs.image);
    // One resolver for the registry client and Trivy, so both use the same credential.
    const credentials = new CredentialResolver({
        hosts: inputs.credential ? { [inputs.image.registry]: inputs.credential } : {},
        dockerConfigPath: defaultDockerConfigPath(env),
        ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    }, (secret) => lib_core/* setSecret */.Pq(secret));
    const client = actionRegistryClient(credentials, inputs.insecureRegistries, env);
    const target = {
        repository: openRepository(inputs.image, { client }),
        name: imageName,
        reference: inputs.image.digest ?? inputs.image.tag ?? 'latest',
        inputName: 'image',
    };
    const image = await logger.group(`Resolve ${imageName}`, () => resolveImage(target, inputs.platforms, logger));
    lib_core/* setOutput */.uH('digest', image.digest);
    const timings = { scannerMs: 0 };
    const temp = env.RUNNER_TEMP ?? (0,external_node_path_.join)(process.cwd(), '.airlock-temp');
    let scans;
    let scanner;
    let baselineScan;
    const sbomsUsed = [];
    const sbomTrust = inputs.scanner === 'sbom' ? await logger.group('SBOM trust', () => sbomTrustOf(inputs, env)) : undefined;
    if (inputs.scanner === 'report') {
        const imported = scanFromReport(image, inputs.reportFile);
        scans = imported.platforms;
        scanner = imported.scanner;
        logger.info(`imported ${scans[0].findings.length} findings from ${inputs.reportFile} (${scanner.name})`);
    }
    else {
        const setup = await logger.group('Set up Trivy', () => setUpTrivy(inputs, temp, credentials));
        scanner = await logger.group('Vulnerability DB', async () => {
            const info = await prepareTrivy(setup, timings);
            logger.info(`Trivy ${info.version ?? ''}, DB ${info.db?.version ?? 'unknown'} from ${info.db?.uri ?? ''}`);
            if (inputs.cacheDb && !setup.dbRestored)
                await saveTrivyDb((0,external_node_path_.join)(setup.run.cacheDir, 'db'), cacheKey(inputs), logger);
            return info;
        });
        scans = await logger.group(`Scan ${image.pinned}`, () => scanPlatforms(inputs.scanner, image, target, setup, timings, sbomTrust, sbomsUsed));
        if (inputs.baseline) {
            baselineScan = await logger.group(`Scan the baseline ${repositoryOf(inputs.baseline)}`, async () => {
                const baselineTarget = baselineTargetOf(inputs.baseline, client);
                const resolved = await resolveImage(baselineTarget, 'all', logger);
                const platforms = await scanPlatforms(inputs.scanner, resolved, baselineTarget, setup, timings, sbomTrust && { ...sbomTrust, repositoryName: baselineTarget.name });
                return { image: resolved.pinned, platforms };
            });
        }
    }
    const evaluation = evaluate({
        imageDigest: image.digest,
        platforms: scans,
        policy: resolvePolicy(inputs.policyInputs, inputs.policyFile),
        vex: inputs.vex,
        ...(baselineScan ? { baseline: baselineScan } : {}),
        now: started,
    });
    for (const exception of evaluation.expiredExceptions) {
        logger.warning(`the exception for ${exception.id} (${exception.origin}) expired on ${exception.until}; it no longer applies`);
    }
    const finished = new Date();
    const runUrl = workflowRunUrl(env);
    const files = writeFiles(inputs, image, evaluation, scanner, temp);
    let recordDigest = '';
    if (inputs.attach) {
        recordDigest = await logger.group('Attach the scan record', async () => {
            const predicate = buildVulnerabilityPredicate({
                evaluation,
                scanner,
                mode: inputs.scanner,
                covers: coveredManifests(image, image.platforms.filter((p) => scans.some((scan) => scan.digest === p.digest))),
                startedAt: started,
                finishedAt: finished,
                ...(runUrl ? { runUrl } : {}),
                ...(baselineScan ? { baseline: baselineScan.image } : {}),
            });
            const statement = buildStatement(subjectOf(imageName, image.digest), vulnerabilityPredicateType, predicate);
            if (!signer)
                logger.info('the record is unsigned: the job has no OIDC identity (add permissions: id-token: write to sign it)');
            const written = await writeRecord({
                repository: target.repository,
                subject: image.descriptor,
                statement,
                ...(signer ? { signer } : {}),
                logger,
            });
            return written.descriptor.digest;
        });
    }
    const counts = evaluation.counts;
    lib_core/* setOutput */.uH('verdict', evaluation.verdict);
    lib_core/* setOutput */.uH('blocking', evaluation.blocking);
    lib_core/* setOutput */.uH('critical', counts.CRITICAL);
    lib_core/* setOutput */.uH('high', counts.HIGH);
    lib_core/* setOutput */.uH('medium', counts.MEDIUM);
    lib_core/* setOutput */.uH('low', counts.LOW);
    lib_core/* setOutput */.uH('unknown', counts.UNKNOWN);
    lib_core/* setOutput */.uH('excepted', evaluation.excepted);
    lib_core/* setOutput */.uH('report', files.report);
    lib_core/* setOutput */.uH('sarif', files.sarif);
    lib_core/* setOutput */.uH('record-digest', recordDigest);
    const summaryOptions = { image: image.pinned, evaluation, scanner, ...(runUrl ? { runUrl } : {}) };
    const cautions = [];
    if (sbomsUsed.some((sbom) => !sbom.signed)) {
        cautions.push('The verdict rests on an **unsigned** SBOM: anyone who can push to the quarantine repository could have ' +
            'written it, leaving vulnerable packages out. Attach SBOMs with attest-sbom in a job with ' +
            '`permissions: id-token: write`, or scan the image with `scanner: trivy`.');
    }
    if (inputs.scanner === 'report') {
        cautions.push('The verdict comes from an **imported report**, not a scan of this digest; promote refuses it unless ' +
            '`allow-imported-verdicts` is true.');
    }
    for (const caution of cautions)
        logger.warning(caution.replace(/\*\*/g, ''));
    if (inputs.summary && env.GITHUB_STEP_SUMMARY) {
        const block = cautions.map((caution) => `> [!CAUTION]\n> ${caution}\n\n`).join('');
        await lib_core/* summary */.z.addRaw(block + scanSummaryMarkdown(summaryOptions)).write();
    }
    if (inputs.prComment) {
        // One comment per image as the workflow names it: each tag of a repository gets its own.
        const commentKey = inputs.image.tag ? `${imageName}:${inputs.image.tag}` : imageName;
        await commentOnPullRequest(inputs, commentKey, scanCommentMarkdown({ ...summaryOptions, repository: commentKey }), env);
    }
    // From process start: loading the bundle counts as the step's own time too.
    const totalMs = Math.round(process.uptime() * 1000);
    lib_core/* debug */.Yz(`time: ${totalMs} ms in total, ${timings.scannerMs} ms in Trivy, ${totalMs - timings.scannerMs} ms in this step's own work`);
    logger.info(`verdict: ${evaluation.verdict} (${evaluation.blocking} blocking, ${evaluation.excepted} excepted, ${evaluation.suppressed} not affected per VEX)`);
    if (evaluation.verdict === 'fail' && inputs.failOnViolation) {
        throw new errors/* RefusalError */.XQ('policy', `${image.pinned} fails the policy: ${evaluation.reasons.map((reason) => reason.message).join('; ')}`);
    }
}
function cacheKey(inputs) {
    return trivyDbCacheKey(inputs.trivyDbRepositories, new Date());
}
async function setUpTrivy(inputs, temp, credentials) {
    const logger = run/* actionsLogger */.MV;
    let trivyPath = inputs.trivyPath;
    let version;
    if (!trivyPath) {
        const installed = await installTrivy({
            version: inputs.trivyVersion,
            logger,
            ...(inputs.trivyVerifySignature
                ? {
                    signature: {
                        verify: publicGoodBlobVerifier((0,external_node_path_.join)(temp, 'sigstore-tuf')),
                        rekorUrl: publicGoodRekorUrl,
                    },
                }
                : {}),
        });
        trivyPath = installed.path;
        version = installed.version;
    }
    else {
        logger.info(`Trivy from trivy-path: ${trivyPath}`);
    }
    const cacheDir = (0,external_node_path_.join)(temp, 'airlock-trivy-cache');
    (0,external_node_fs_.mkdirSync)(cacheDir, { recursive: true });
    const dbRestored = inputs.cacheDb
        ? await restoreTrivyDb((0,external_node_path_.join)(cacheDir, 'db'), cacheKey(inputs), logger)
        : false;
    const credential = await credentials.forRegistry(inputs.image.registry);
    return {
        run: {
            trivyPath,
            cacheDir,
            insecureRegistries: inputs.insecureRegistries,
            ...(inputs.trivyJavaDbRepository ? { javaDbRepository: inputs.trivyJavaDbRepository } : {}),
            credentialHost: inputs.image.registry,
            ...(credential
                ? {
                    credential: {
                        ...(credential.username ? { username: credential.username } : {}),
                        ...(credential.password ? { password: credential.password } : {}),
                        ...(credential.registryToken ? { registryToken: credential.registryToken } : {}),
                    },
                }
                : {}),
            timeoutMs: inputs.timeoutMs,
            logger,
        },
        dbRepositories: inputs.trivyDbRepositories,
        ...(version ? { version } : {}),
        dbRestored,
    };
}
function scanPlatforms(mode, image, target, setup, timings, sbomTrust, sbomsUsed) {
    return mode === 'sbom' && sbomTrust
        ? scanAttachedSboms(image, target.repository, setup, timings, { ...sbomTrust, repositoryName: target.name }, run/* actionsLogger */.MV, sbomsUsed)
        : scanImageWithTrivy(image, target.name, setup, timings, run/* actionsLogger */.MV);
}
/** Which SBOMs `scanner: sbom` believes: the gate's identity rules, verified against `trusted-root`. */
async function sbomTrustOf(inputs, env) {
    const identities = inputs.sbomIdentities.length > 0 ? inputs.sbomIdentities : await defaultSignerIdentities(env);
    const allowUnsigned = !jobHasOidc(env);
    run/* actionsLogger */.MV.info(`SBOM attestations are trusted when signed by: ${identities.join(', ') || 'nobody (set sbom-identity)'}` +
        (allowUnsigned
            ? '; unsigned ones naming this repository are used too (this job has no OIDC identity)'
            : '; unsigned ones are not used (this job has an OIDC identity)'));
    return {
        verifier: inputs.trustedRoot
            ? new BundleVerifier(inputs.trustedRoot)
            : new PublicGoodVerifier(env.RUNNER_TEMP ? { tufCachePath: (0,external_node_path_.join)(env.RUNNER_TEMP, 'sigstore-tuf') } : {}),
        identity: { identities, ...(inputs.sbomIssuer ? { issuer: inputs.sbomIssuer } : {}) },
        allowUnsigned,
        repositoryName: '',
    };
}
function baselineTargetOf(reference, client) {
    return {
        repository: openRepository(reference, { client }),
        name: repositoryOf(reference),
        reference: reference.digest ?? reference.tag ?? 'latest',
        inputName: 'baseline',
    };
}
function writeFiles(inputs, image, evaluation, scanner, temp) {
    const id = (0,external_node_crypto_.createHash)('sha256').update(image.pinned).digest('hex').slice(0, 12);
    const report = (0,external_node_path_.join)(temp, `airlock-scan-${id}.json`);
    const sarif = inputs.sarifPath || (0,external_node_path_.join)(temp, `airlock-scan-${id}.sarif`);
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(report), { recursive: true });
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(sarif), { recursive: true });
    const normalized = {
        image: image.pinned,
        digest: image.digest,
        scanner,
        verdict: evaluation.verdict,
        evaluation,
    };
    (0,external_node_fs_.writeFileSync)(report, JSON.stringify(normalized, null, 2));
    (0,external_node_fs_.writeFileSync)(sarif, JSON.stringify(buildSarif(evaluation, { image: image.pinned, scanner }), null, 2));
    return { report, sarif };
}
async function commentOnPullRequest(inputs, commentKey, body, env) {
    const number = workflowEvent(env).pull_request?.number;
    if (!number) {
        run/* actionsLogger */.MV.info('pr-comment: this run is not for a pull request; no comment');
        return;
    }
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo || !inputs.githubToken) {
        throw new errors/* ConfigurationError */.j1("input 'pr-comment' needs 'github-token' (with pull-requests: write) and GITHUB_REPOSITORY");
    }
    try {
        await upsertPullRequestComment({
            token: inputs.githubToken,
            owner,
            repo,
            issueNumber: number,
            marker: scanCommentMarker(commentKey),
            body,
            logger: run/* actionsLogger */.MV,
            ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
        });
    }
    catch (error) {
        // The verdict and its record stand; a comment that could not be written is worth a warning only.
        run/* actionsLogger */.MV.warning(`could not comment on pull request #${number} (${(0,errors/* errorMessage */.gJ)(error)}); give the job 'pull-requests: write'`);
    }
}


/***/ }),

/***/ 32073:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cs: () => (/* binding */ runAction),
/* harmony export */   MV: () => (/* binding */ actionsLogger)
/* harmony export */ });
/* unused harmony exports prepareRunnerFiles, failureMessage */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37638);





/** The logger every action uses: @actions/core's annotations and groups. */
const actionsLogger = {
    debug: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(message),
    info: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(message),
    warning: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(message),
    group: (name, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(name, fn),
};
/** The runner's file commands an action writes to, and what each holds. */
const runnerFiles = [
    ['GITHUB_OUTPUT', 'the step outputs'],
    ['GITHUB_STEP_SUMMARY', 'the job summary'],
];
/**
 * The runner creates the files its file commands name. Run by hand (a local CLI, a script) they may be
 * missing, and then @actions/core fails at the first output with "Missing file at path", which hides
 * whatever the action had to say. A missing file is created when its directory exists; otherwise what
 * would have gone there goes to a scratch file, with a warning.
 */
function prepareRunnerFiles(env = process.env, logger = actionsLogger) {
    for (const [name, holds] of runnerFiles) {
        const path = env[name];
        if (!path || (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(path))
            continue;
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(path, 'a'));
        }
        catch (error) {
            const scratch = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'airlock-')), name.toLowerCase());
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(scratch, 'a'));
            env[name] = scratch;
            const code = error.code ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error);
            logger.warning(`${name} names ${path}, which cannot be created (${code}): ${holds} go to ${scratch}`);
        }
    }
}
/** The one line a failure ends in: the project's own errors as they are, anything else as internal. */
function failureMessage(error) {
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isAirlockError */ .S5)(error))
        return error.message;
    return `internal error: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)} (this is a bug in airlock; the debug log has its stack)`;
}
/**
 * Runs an action's main function: inputs are read inside it, and any failure ends in exactly one
 * `::error::` line and exit code 1. The project's errors (a user mistake, a registry or service failure,
 * a refusal) are shown as they are; others say they are internal.
 */
async function runAction(main) {
    try {
        prepareRunnerFiles();
        await main();
    }
    catch (error) {
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isAirlockError */ .S5)(error) && error instanceof Error && error.stack)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(error.stack);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(failureMessage(error));
    }
}


/***/ }),

/***/ 37638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hs: () => (/* binding */ fileErrorReason),
/* harmony export */   S5: () => (/* binding */ isAirlockError),
/* harmony export */   XQ: () => (/* binding */ RefusalError),
/* harmony export */   _7: () => (/* binding */ ServiceError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   j1: () => (/* binding */ ConfigurationError)
/* harmony export */ });
// The project's error classes. The run harness reports each one as itself, in one `::error::` line:
// what the user can fix, what a registry or a service did, what a gate or policy refused. Anything else
// is a bug of ours and says "internal error".
/** A mistake the user can fix: a bad input, a missing credential, a file that cannot be used. */
class ConfigurationError extends Error {
    name = 'ConfigurationError';
}
/** A registry answered, or failed to answer, in a way that stops the operation. */
class RegistryError extends Error {
    name = 'RegistryError';
    status;
    constructor(message, status, options) {
        super(message, options);
        this.status = status;
    }
}
/**
 * A service other than a registry failed or could not be reached (Fulcio, Rekor, a timestamp authority,
 * the GitHub API): nothing the user wrote is wrong, and running again later may succeed.
 */
class ServiceError extends Error {
    name = 'ServiceError';
    /** The service, as messages name it (`Fulcio at fulcio.example`). */
    service;
    status;
    constructor(service, message, status, options) {
        super(message, options);
        this.service = service;
        this.status = status;
    }
}
/**
 * The action did its work and the answer is no: a gate refused to promote, a scan failed its policy.
 * Not a mistake (the inputs were right) and not a failure of anything: the message says why and what to do.
 */
class RefusalError extends Error {
    name = 'RefusalError';
    /** A short machine-readable reason (`verdict-fail`, `policy`). */
    reason;
    constructor(reason, message, options) {
        super(message, options);
        this.reason = reason;
    }
}
function isAirlockError(error) {
    return (error instanceof ConfigurationError ||
        error instanceof RegistryError ||
        error instanceof ServiceError ||
        error instanceof RefusalError);
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
// File system errors that come from where the user pointed us (a path under a file, a directory we may
// not write): trying again cannot help, and the message has to name the path and the input.
const permanentFileCodes = {
    ENOTDIR: 'a part of the path is a file, not a directory',
    EISDIR: 'it is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exhausted',
    ENAMETOOLONG: 'the path is too long',
    ELOOP: 'too many symbolic links in the path',
    EEXIST: 'something else already exists there',
};
/** What a file system error code means for a user, when it is one the user can fix; else undefined. */
function fileErrorReason(code) {
    return code === undefined ? undefined : permanentFileCodes[code];
}


/***/ })

};
