export const id = 432;
export const ids = [432];
export const modules = {

/***/ 9432:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
// EXTERNAL MODULE: ./packages/core/src/action/run.ts
var run = __webpack_require__(2073);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(5179);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
;// CONCATENATED MODULE: ./packages/core/src/oci/limits.ts
// How much airlock reads from a registry or a token service at most. A hostile or broken server can
// send an endless body anywhere; every read stops at its limit with an error that names the server.
const KiB = 1024;
const MiB = 1024 * KiB;
const readLimits = {
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
            const text = await readFetchTextBounded(response, readLimits.token);
            if (text === undefined) {
                throw new errors/* ConfigurationError */.j1(`the GitHub OIDC token answer from ${url.host} is larger than ${formatLimit(readLimits.token)}; refusing it`);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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
function isIndexMediaType(mediaType) {
    return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
function isIndex(manifest) {
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
function signerRefusal(signer, policy) {
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
function signedByAllowedIdentity(signer, policy) {
    return signerRefusal(signer, policy) === undefined;
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
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
function digestTag(digest) {
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

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./packages/core/src/logger.ts
const silentLogger = {
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
        this.logger = options.logger ?? silentLogger;
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
            ? new undici/* EnvHttpProxyAgent */.J2({
                ...pool,
                httpProxy: proxy.httpProxy ?? '',
                httpsProxy: proxy.httpsProxy ?? '',
                noProxy: proxy.noProxy ?? '',
            })
            : new undici/* Agent */.g6(pool);
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
async function readBlobBounded(repository, descriptor, limit, what) {
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
            throw new ConfigurationError(`input '${inputName}': '${entry}' is not a platform; write os/architecture[/variant] ` +
                `(for example linux/amd64, linux/arm/v7), or 'all'`);
        }
        const [os, architecture, variant] = parts;
        if (os.toLowerCase() === 'all') {
            throw new ConfigurationError(`input '${inputName}': 'all' cannot be combined with other platforms`);
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

;// CONCATENATED MODULE: ./packages/core/src/oci/progress.ts
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
/**
 * Counts what a copy has moved and, while it runs, logs one line every `intervalMs` so that a long copy
 * shows it is alive; a copy that ends before the first interval logs nothing. Streams in flight are
 * asked for their byte counts only when a line is due, so counting costs nothing per chunk.
 */
class ProgressTracker {
    state = { bytesDone: 0, bytesTotal: 0, blobsDone: 0, blobsTotal: 0 };
    inFlight = new Set();
    logger;
    label;
    intervalMs;
    onProgress;
    timer;
    constructor(logger, label, intervalMs, onProgress) {
        this.logger = logger;
        this.label = label;
        this.intervalMs = intervalMs;
        this.onProgress = onProgress;
    }
    start(blobsTotal, bytesTotal) {
        this.state.blobsTotal = blobsTotal;
        this.state.bytesTotal = bytesTotal;
        this.timer = setInterval(() => this.log(), this.intervalMs);
        this.timer.unref();
    }
    /** Counts a stream's bytes in progress lines until it is unfollowed. */
    follow(stream) {
        this.inFlight.add(stream);
    }
    unfollow(stream) {
        this.inFlight.delete(stream);
    }
    /** A blob is done: its `size` bytes count as moved, whether copied, found or mounted. */
    blobDone(size) {
        this.state.bytesDone += size;
        this.state.blobsDone++;
        this.onProgress?.(this.snapshot());
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
    snapshot() {
        let flowing = 0;
        for (const stream of this.inFlight)
            flowing += stream.bytesSoFar();
        return { ...this.state, bytesDone: Math.min(this.state.bytesDone + flowing, this.state.bytesTotal) };
    }
    log() {
        const progress = this.snapshot();
        this.logger.info(`${this.label}: ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}, ` +
            `${progress.blobsDone}/${progress.blobsTotal} blobs`);
        this.onProgress?.(progress);
    }
}

;// CONCATENATED MODULE: ./packages/core/src/oci/copy.ts
// The copy engine: moves one image (a manifest, or an index and everything under it) from one
// Repository to another, byte for byte, blobs first, manifests next, the tag last.









/**
 * What the copies of one job share: a blob that several images have in common is copied once per
 * destination, and later copies wait for the first. When the first copy fails, each image that waited
 * copies the blob itself, from its own source: one image's failure (a broken source, a bad blob) is
 * never handed to another image of the batch.
 */
class CopySession {
    blobs = new Map();
    claim(destination, digest, copy) {
        const key = `${destination.display}\n${digest}`;
        const existing = this.blobs.get(key);
        if (existing) {
            return existing.then(() => 'skipped', () => this.claim(destination, digest, copy));
        }
        const started = copy();
        this.blobs.set(key, started);
        started.catch(() => {
            if (this.blobs.get(key) === started)
                this.blobs.delete(key);
        });
        return started;
    }
}
/**
 * Runs `work` over `items` with at most `limit` at a time. The first failure stops new work from
 * starting; it is thrown once the running ones have settled, so nothing is left running behind.
 */
async function mapConcurrent(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index]);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failure)
        throw failure.error;
    return results;
}
/** Errors where sending the same bytes again cannot help. */
function isPermanent(error) {
    if (error instanceof errors/* ConfigurationError */.j1)
        return true;
    return (error instanceof errors/* RegistryError */.gl &&
        error.status !== undefined &&
        [400, 401, 403, 404, 405].includes(error.status));
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Layers that registries may not redistribute (Windows base layers) stay where their `urls` point.
function isForeignLayer(descriptor) {
    return (descriptor.urls?.length ?? 0) > 0 && /foreign|nondistributable/.test(descriptor.mediaType);
}
const maxIndexDepth = 4;
/**
 * Copies an image between repositories. Blobs move first (in parallel, streamed, each verified against
 * its digest on the way, skipped when the destination has it, mounted when both are on one registry),
 * then child manifests by digest, then the top manifest with the tag. Manifests keep their original
 * bytes, so the digest is unchanged, except when a platform filter writes a smaller index.
 * When the destination tag already holds the digest, nothing is touched unless `force`.
 * A failure leaves the tag as it was.
 */
async function copyImage(options) {
    const logger = options.logger ?? silentLogger;
    const concurrency = options.concurrency ?? 4;
    const { source, destination, destinationTag } = options;
    // What the top manifest says decides whether anything changed; the manifests under it are read only
    // when there is something to copy.
    const plan = await planTop(options, logger);
    const target = plan.top.digest;
    const before = await destination.resolve(destinationTag ?? target);
    const previousDigest = before && before.digest !== target ? before.digest : undefined;
    const base = {
        digest: target,
        sourceDigest: plan.sourceDigest,
        mediaType: plan.top.mediaType,
        size: plan.top.bytes.length,
        platforms: plan.platforms,
        manifestDigests: plan.manifestDigests,
        ...(previousDigest ? { previousDigest } : {}),
    };
    if (before?.digest === target && !options.force) {
        logger.info(`${destination.display}${destinationTag ? `:${destinationTag}` : ''} already holds ${target}`);
        return {
            ...base,
            copied: false,
            bytesCopied: 0,
            blobsCopied: 0,
            blobsSkipped: 0,
            blobsMounted: 0,
            manifests: 0,
        };
    }
    await planContents(plan, options, logger);
    const label = `${source.display} → ${destination.display}`;
    const progress = new ProgressTracker(logger, label, options.progressIntervalMs ?? 5000, options.onProgress);
    const counts = { bytesCopied: 0, blobsCopied: 0, blobsSkipped: 0, blobsMounted: 0, manifests: 0 };
    progress.start(plan.blobs.length, plan.blobs.reduce((sum, blob) => sum + blob.size, 0));
    try {
        await mapConcurrent(plan.blobs, concurrency, async (blob) => {
            const copy = () => copyBlob(blob, plan.preloaded.get(blob.digest), options, progress, logger);
            const outcome = options.session
                ? await options.session.claim(destination, blob.digest, copy)
                : await copy();
            if (outcome === 'copied') {
                counts.blobsCopied++;
                counts.bytesCopied += blob.size;
            }
            else if (outcome === 'mounted')
                counts.blobsMounted++;
            else
                counts.blobsSkipped++;
            progress.blobDone(blob.size);
        });
    }
    finally {
        progress.stop();
    }
    // Children go up level by level (deepest first), each level in parallel, so that no index is
    // written before the manifests it lists.
    for (const level of manifestLevels(plan.children)) {
        await mapConcurrent(level, concurrency, async (child) => {
            const digest = child.data.descriptor.digest;
            if (!options.force && (await destination.resolve(digest)))
                return;
            await putVerified(destination, child.data.bytes, child.mediaType, digest);
            counts.manifests++;
        });
    }
    if (destinationTag === undefined || options.beforeTag) {
        await putVerified(destination, plan.top.bytes, plan.top.mediaType, target);
    }
    counts.manifests++;
    await options.beforeTag?.({ ...base, copied: true, ...counts });
    if (destinationTag !== undefined) {
        await writeTag(destination, plan.top.bytes, plan.top.mediaType, destinationTag, logger, target);
    }
    if (destinationTag) {
        const landed = await destination.resolve(destinationTag);
        if (landed?.digest !== target) {
            throw new errors/* RegistryError */.gl(`${destination.display}:${destinationTag} holds ${landed?.digest ?? 'nothing'} after writing ${target}`);
        }
    }
    logger.info(`copied ${label}${destinationTag ? `:${destinationTag}` : ''} (${target}): ${formatBytes(counts.bytesCopied)} in ` +
        `${counts.blobsCopied} blobs, ${counts.blobsSkipped} already there, ${counts.blobsMounted} mounted`);
    return { ...base, copied: true, ...counts };
}
/** Rounds of the transport's own retries a tag write gets before the copy gives up. */
const tagRounds = 3;
/**
 * Writes the tag, the last write of a copy or a promotion. Everything it names is in place by then
 * (blobs, manifests, referrers, the record), so a failure here would leave the most behind: it gets
 * more patience than any other write, a few rounds of the transport's retries, before giving up.
 */
async function writeTag(destination, bytes, mediaType, tag, logger = silentLogger, digest = sha256Digest(bytes)) {
    for (let round = 1;; round++) {
        try {
            await putVerified(destination, bytes, mediaType, digest, tag);
            return;
        }
        catch (error) {
            if (round >= tagRounds || isPermanent(error))
                throw error;
            logger.info(`writing ${destination.display}:${tag} again (${(0,errors/* errorMessage */.gJ)(error)})`);
            await sleep(250 * round);
        }
    }
}
async function putVerified(destination, bytes, mediaType, digest, tag) {
    const written = await destination.putManifest(bytes, mediaType, tag);
    if (written.digest !== digest) {
        throw new errors/* RegistryError */.gl(`${destination.display} stored manifest ${digest} as ${written.digest}`);
    }
}
function manifestLevels(children) {
    // planCopy lists indexes after their children; split at each index so order is kept.
    const levels = [[]];
    for (const child of children) {
        if (isIndex(child.data.manifest) && levels.at(-1).length > 0)
            levels.push([]);
        levels.at(-1).push(child);
        if (isIndex(child.data.manifest))
            levels.push([]);
    }
    return levels.filter((level) => level.length > 0);
}
const planName = ({ source, sourceRef }) => `${source.display}${sourceRef.includes(':') ? '@' : ':'}${sourceRef}`;
/** The top of the plan, from the source's top manifest alone: the target digest and the platforms. */
async function planTop(options, logger) {
    const { source, sourceRef } = options;
    const selection = options.platforms ?? 'all';
    const name = planName(options);
    const root = await source.getManifest(sourceRef);
    const plan = {
        top: { bytes: root.bytes, mediaType: root.descriptor.mediaType, digest: root.descriptor.digest },
        sourceDigest: root.descriptor.digest,
        root: root.manifest,
        selected: [],
        platforms: [],
        manifestDigests: [],
        children: [],
        blobs: [],
        preloaded: new Map(),
    };
    if (isIndex(root.manifest)) {
        const selected = selectPlatforms(root.manifest.manifests, selection, name);
        if (selected.length !== root.manifest.manifests.length) {
            const filtered = { ...root.manifest, manifests: selected };
            const bytes = Buffer.from(JSON.stringify(filtered));
            plan.top = { bytes, mediaType: root.descriptor.mediaType, digest: sha256Digest(bytes) };
            logger.warning(`copying ${selected.length} of the ${root.manifest.manifests.length} manifests of ${name} writes a new index: ` +
                `the destination digest ${plan.top.digest} differs from the source digest ${root.descriptor.digest}`);
        }
        plan.selected = selected;
        plan.manifestDigests = selected.map((descriptor) => descriptor.digest);
        plan.platforms = selected
            .filter((descriptor) => descriptor.platform && !isAttestationManifest(descriptor))
            .map((descriptor) => formatPlatform(descriptor.platform));
    }
    else {
        const platform = await imagePlatform(source, root.manifest, plan.preloaded);
        if (platform)
            plan.platforms = [formatPlatform(platform)];
        if (selection !== 'all' && platform && !selection.some((wanted) => platformMatches(wanted, platform))) {
            throw new errors/* ConfigurationError */.j1(`input 'platforms': ${name} is a single-platform image for ${formatPlatform(platform)}; ` +
                `it has no ${selection.map(formatPlatform).join(', ')} image`);
        }
    }
    return plan;
}
/** The rest of the plan: the manifests under an index, and every blob to copy. */
async function planContents(plan, options, logger) {
    const { source } = options;
    const concurrency = options.concurrency ?? 4;
    const name = planName(options);
    const blobs = new Map();
    const addImage = (manifest) => {
        for (const blob of [manifest.config, ...(manifest.layers ?? [])]) {
            if (isForeignLayer(blob))
                logger.debug(`leaving foreign layer ${blob.digest} where its urls point`);
            else if (!blobs.has(blob.digest))
                blobs.set(blob.digest, blob);
        }
    };
    if (isIndex(plan.root)) {
        const visit = async (descriptors, depth) => {
            const loaded = await mapConcurrent(descriptors, concurrency, (descriptor) => source.getManifest(descriptor.digest));
            for (const [i, data] of loaded.entries()) {
                if (data.descriptor.digest !== descriptors[i].digest) {
                    throw new errors/* RegistryError */.gl(`${source.display} returned ${data.descriptor.digest} for ${descriptors[i].digest}`);
                }
                if (isIndex(data.manifest)) {
                    if (depth >= maxIndexDepth)
                        throw new errors/* RegistryError */.gl(`${name}: indexes nested deeper than ${maxIndexDepth}`);
                    await visit(data.manifest.manifests, depth + 1);
                }
                else
                    addImage(data.manifest);
                if (!plan.children.some((child) => child.data.descriptor.digest === data.descriptor.digest)) {
                    plan.children.push({ data, mediaType: descriptors[i].mediaType });
                }
            }
        };
        await visit(plan.selected, 1);
    }
    else
        addImage(plan.root);
    // The biggest first, so that parallel copies end together rather than behind one late large layer.
    plan.blobs = [...blobs.values()].sort((a, b) => b.size - a.size);
}
/** The platform of a single image, from its config (read once, then sent from memory). */
async function imagePlatform(source, manifest, preloaded) {
    if (!/config|container\.image/.test(manifest.config.mediaType) || manifest.config.size > readLimits.config)
        return undefined;
    const bytes = await readBlobBounded(source, manifest.config, readLimits.config, 'config');
    preloaded.set(manifest.config.digest, bytes);
    try {
        const config = JSON.parse(bytes.toString('utf8'));
        if (typeof config.os === 'string' && typeof config.architecture === 'string') {
            return {
                os: config.os,
                architecture: config.architecture,
                ...(config.variant ? { variant: config.variant } : {}),
            };
        }
    }
    catch {
        // Artifacts have configs that are not image configs; they have no platform.
    }
    return undefined;
}
async function copyBlob(blob, preloaded, options, progress, logger) {
    const { source, destination } = options;
    if (destination.mountBlob && (await destination.mountBlob(blob, source)))
        return 'mounted';
    if (await destination.hasBlob(blob.digest))
        return 'skipped';
    const attempts = options.blobAttempts ?? 5;
    for (let attempt = 1;; attempt++) {
        let content;
        // Verifying streams (the client's and the layout's) count what they have passed.
        const inFlight = {
            bytesSoFar: () => content?.bytesReceived ?? 0,
        };
        try {
            content = preloaded ? external_node_stream_.Readable.from([preloaded]) : await source.getBlob(blob);
            progress.follow(inFlight);
            await destination.putBlob(blob, content);
            return 'copied';
        }
        catch (error) {
            content?.destroy();
            if (attempt >= attempts || isPermanent(error))
                throw error;
            logger.info(`retrying blob ${blob.digest} (attempt ${attempt} of ${attempts} failed: ${(0,errors/* errorMessage */.gJ)(error)})`);
            await sleep(Math.min(250 * 2 ** (attempt - 1), 4000));
        }
        finally {
            progress.unfollow(inFlight);
        }
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./packages/core/src/oci/manifest.ts
// Reading manifests: the one parser every repository uses (a registry's answer, a layout's blob, a
// manifest about to be written), and the media type a manifest declares or implies.


/** The media type a manifest declares, or the one its shape implies when the field is absent. */
function manifestMediaType(manifest) {
    if (manifest.mediaType)
        return manifest.mediaType;
    return isIndex(manifest) ? MediaType.ociIndex : MediaType.ociManifest;
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

;// CONCATENATED MODULE: ./packages/core/src/oci/layout.ts











/** The annotation that names a tag in an OCI image layout's index.json. */
const refNameAnnotation = 'org.opencontainers.image.ref.name';
// A manifest is small; anything bigger is a layer, never parsed as JSON.
const maxManifestBytes = readLimits.manifest;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
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
        if (tag !== undefined && !tagPattern.test(tag)) {
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
            const type = manifest.artifactType ?? (isIndex(manifest) ? undefined : manifest.config.mediaType);
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

;// CONCATENATED MODULE: ./packages/core/src/oci/referrers.ts
// Referrers: the artifacts (signatures, SBOMs, attestations, our records) attached to an image digest.
// They are read through Repository.referrers (the referrers API, or the `sha256-<hex>` tag index where
// the registry has none) plus cosign's tag layout, copied along with images, and written by one writer.










/** Cosign keeps signatures, attestations and SBOMs under tags named after the digest they are about. */
const cosignTagSuffixes = ['sig', 'att', 'sbom'];
/** The artifact type of a referrer manifest, as the referrers API reports it. */
function referrerDescriptor(bytes, mediaType, where) {
    const manifest = parseManifest(bytes, where);
    const artifactType = manifest.artifactType ?? (isIndex(manifest) ? undefined : manifest.config.mediaType);
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
    const tag = digestTag(subjectDigest);
    await serialized(`${repository.display}:${tag}`, () => addToFallbackIndex(repository, tag, referrer));
}
async function addToFallbackIndex(repository, tag, referrer) {
    const capable = repository;
    let lastFailure;
    for (let attempt = 1; attempt <= fallbackIndexAttempts; attempt++) {
        const current = (await repository.resolve(tag)) ? await capable.getManifest(tag) : undefined;
        if (current && !isIndex(current.manifest)) {
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
        if (isIndex(after.manifest) && after.manifest.manifests.some((entry) => entry.digest === referrer.digest))
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
                    throw new errors/* RegistryError */.gl(`copied referrer ${referrer.descriptor.digest} of ${referrer.subject} to ${destination.display} ` +
                        `but could not list it there: ${(0,errors/* errorMessage */.gJ)(error)}`);
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
    return !isIndexMediaType(referrer.mediaType);
}
/**
 * The records attached to a digest, newest first by their creation annotation. Every referrer manifest
 * that could hold a record is fetched and classified by its own content (the statement, or the DSSE
 * payload of a Sigstore bundle); what the referrer list says of it (artifactType, annotations) is never
 * used, since anyone who can push may edit the `sha256-<hex>` index that lists them. Referrers that are
 * not records, or whose statement is about another digest, are skipped with a debug line.
 */
async function readRecords(options) {
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
    const json = parseJson(bytes);
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
    const content = classifyContent(await readBlobBounded(repository, layer, readLimits.record, 'record'));
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
    const statement = payload ? parseJson(payload) : undefined;
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
function parseJson(bytes) {
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
const maxClockSkewMs = 5 * 60_000;
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./packages/core/src/oci/reference.ts
// Image references as users write them (`nginx`, `ghcr.io/org/app:1.2@sha256:…`, `oci:./dir:tag`),
// parsed with Docker's normalization rules and validated with messages that quote the bad part.


/** Docker Hub's canonical name; its API is served by `registry-1.docker.io`. */
const dockerHub = 'docker.io';
const dockerHubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const hostPattern = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?$`);
const pathComponentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const reference_tagPattern = /^[\w][\w.-]{0,127}$/;
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
    if (!reference_tagPattern.test(tag)) {
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

;// CONCATENATED MODULE: ./packages/core/src/oci/registry-answers.ts
// What registries answer, read carefully: media types, distribution error bodies, JSON, `Link` pages
// and query strings. Shared by the registry client and its repositories.




function mediaTypeOf(contentType) {
    return contentType?.split(';')[0]?.trim() || undefined;
}
/** A short reason from a distribution error body (`{"errors":[{"code","message"}]}`), or ''. */
async function errorDetail(response) {
    // Only the first error is used: an endless body is cut at the limit (and then says nothing).
    const bytes = await readAtMost(response.body, readLimits.errorBody).catch(() => undefined);
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
function registry_answers_parseJson(text, what) {
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
        this.logger = options.logger ?? silentLogger;
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
            const text = (await readBodyBounded(response, readLimits.token, `the answer of the token service ${describeUrl(realm.toString())} for ${host}`)).toString('utf8');
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
            const bytes = await readBodyBounded(response, readLimits.manifest, `the manifest ${reference} of ${this.display}`);
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
                const parsed = registry_answers_parseJson(await budget.read(response), `the tag list of ${this.display}`);
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
                const index = registry_answers_parseJson(await budget.read(response), `the referrers of ${digest} in ${this.display}`);
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
        const tag = digestTag(digest);
        if (!(await this.resolve(tag)))
            return undefined;
        const data = await this.getManifest(tag);
        if (!isIndex(data.manifest)) {
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
        if (this.pages > readLimits.listPages) {
            throw new errors/* RegistryError */.gl(`${this.what} goes on for more than ${readLimits.listPages} pages; refusing it`);
        }
    }
    /** One page's body as text, within what is left of the total. */
    async read(response) {
        const left = readLimits.listTotal - this.bytes;
        const limit = Math.min(readLimits.listPage, left);
        let page;
        try {
            page = await readBodyBounded(response, limit, `one page of ${this.what}`);
        }
        catch (error) {
            if (limit < readLimits.listPage && error instanceof errors/* RegistryError */.gl) {
                throw new errors/* RegistryError */.gl(`${this.what} is larger than the ${formatLimit(readLimits.listTotal)} airlock reads in all; refusing it`);
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
        this.logger = options.logger ?? silentLogger;
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

;// CONCATENATED MODULE: ./packages/core/src/oci/open.ts
// One entry point for "a repository named by a reference": a registry, or an OCI image layout directory.


/** The repository a reference names (its tag and digest are for the caller to read from it). */
function openRepository(reference, options) {
    const parsed = typeof reference === 'string' ? parseReference(reference, options.inputName) : reference;
    return parsed.kind === 'layout'
        ? new OciLayoutRepository(parsed.repository, options.inputName)
        : options.client.repository(parsed);
}

// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(9654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(4187);
;// CONCATENATED MODULE: ./packages/core/src/sigstore/verify.ts




/** Parses a Sigstore trusted root (`trusted_root.json`, as `gh attestation trusted-root` prints it). */
function parseTrustedRoot(json) {
    return protobuf_specs_dist.TrustedRoot.fromJSON(json);
}
/** The identity a verified bundle's certificate names. */
function signerIdentity(signer) {
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
        return signerIdentity(this.verifier.verify(entity));
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
        this.verifier ??= __webpack_require__.e(/* import() */ 267).then(__webpack_require__.bind(__webpack_require__, 4267)).then(({ createVerifier }) => createVerifier(this.cachePath ? { tufCachePath: this.cachePath } : {}));
        const signer = (await this.verifier).verify(bundle);
        return { ...envelopeOf(bundle), signer: signerIdentity(signer) };
    }
}

;// CONCATENATED MODULE: ./packages/core/src/oci/transfer.ts
// The one way an image moves between repositories with its history: copied by digest, then the
// referrers of the index and of each platform manifest, then a record about it (written again on a
// server failure), and the tag last. mirror and promote both go through it, so a failure anywhere
// before the tag leaves the destination tag as it was.




/** Retrying cannot help a client error (other than 429), nor anything that is not the registry's. */
function worthRetrying(error) {
    if (!(error instanceof errors/* RegistryError */.gl))
        return false;
    const status = error.status;
    return status === undefined || status >= 500 || status === 429;
}
/**
 * Copies an image by digest, then (before the tag) its referrers and a record about it, then writes the
 * tag. When the destination already holds the image, its referrers are still brought up to date (an
 * upstream image gains signatures and SBOMs after it is published), and the record is written only
 * with `recordWhenUpToDate`. The result counts everything written.
 */
async function transferImage(options) {
    const logger = options.logger ?? silentLogger;
    // One session for the image and its referrers: a blob they share (the empty config) moves once.
    const session = options.session ?? new CopySession();
    const { copyReferrers: withReferrers, keepAirlockRecords, record, recordWhenUpToDate, recordAttempts = 3, ...copy } = options;
    let referrers = [];
    let recordDigest;
    const attach = async (image) => {
        if (withReferrers) {
            const digests = new Set();
            // A platform filter wrote a new index: the source index's referrers are about another digest.
            if (image.digest === image.sourceDigest)
                digests.add(image.digest);
            for (const child of image.manifestDigests)
                digests.add(child);
            referrers = await copyReferrers({
                source: options.source,
                destination: options.destination,
                digests: [...digests],
                ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
                ...(options.force ? { force: true } : {}),
                ...(keepAirlockRecords ? { keepAirlockRecords } : {}),
                logger,
                session,
            });
        }
        if (record && (image.copied || recordWhenUpToDate)) {
            for (let attempt = 1;; attempt++) {
                try {
                    recordDigest = await record(image);
                    break;
                }
                catch (error) {
                    if (attempt >= recordAttempts || !worthRetrying(error))
                        throw error;
                    logger.info(`writing the record again (attempt ${attempt} failed: ${(0,errors/* errorMessage */.gJ)(error)})`);
                }
            }
        }
    };
    const image = await copyImage({ ...copy, session, logger, beforeTag: attach });
    // Up to date: copyImage did not call beforeTag, and the tag already names the image.
    if (!image.copied)
        await attach(image);
    const written = referrers.filter((referrer) => referrer.copied);
    const referrerBytes = written.reduce((sum, referrer) => sum + (referrer.bytesCopied ?? 0), 0);
    return {
        ...image,
        imageCopied: image.copied,
        copied: image.copied || written.length > 0 || recordDigest !== undefined,
        bytesCopied: image.bytesCopied + referrerBytes,
        referrers,
        referrersCopied: written.length,
        ...(recordDigest !== undefined ? { recordDigest } : {}),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/records/promotion.ts
// Promotion: one digest leaves quarantine for the trusted repository, only when the gate allows it.
// Order matters for what a failure leaves behind: the image and its referrers are copied by digest first,
// then the promotion record is written on it, and the destination tags are written last, so a tag never
// names an image that is not completely there with its history.







function refuse(base, reason, message, decision) {
    return { ...base, ...decisionFields(decision), promoted: false, reason, message, tags: [], movedTags: [] };
}
function decisionFields(decision) {
    if (!decision)
        return {};
    return {
        ...(decision.verdict ? { verdict: decision.verdict } : {}),
        ...(decision.record ? { verdictRecord: decision.record.descriptor.digest } : {}),
        ...(decision.signer ? { verdictSigner: decision.signer.subjectAlternativeName } : {}),
        ...(decision.scannedAt ? { scannedAt: decision.scannedAt } : {}),
        ...(decision.unsigned ? { verdictUnsigned: true } : {}),
        ...(decision.check ? { check: decision.check } : {}),
    };
}
/** Promotes one image. Refusals are results (promoted: false, with a reason); registry failures throw. */
async function promoteImage(options) {
    const { source, destination, logger } = options;
    const now = options.now ?? (() => new Date());
    const given = options.sourceDigest
        ? `${options.sourceName}${options.sourceTag ? `:${options.sourceTag}` : ''}@${options.sourceDigest}`
        : `${options.sourceName}:${options.sourceTag ?? 'latest'}`;
    const warnings = [];
    const base = {
        source: given,
        ...(options.sourceTag ? { sourceTag: options.sourceTag } : {}),
        warnings,
    };
    // 1. What digest: the tag is read once, here, and must still name the digest that was scanned.
    let subject;
    if (options.sourceTag) {
        const tagged = await source.resolve(options.sourceTag);
        if (!tagged)
            return refuse(base, 'not-found', `${options.sourceName}:${options.sourceTag} does not exist`);
        if (options.sourceDigest && tagged.digest !== options.sourceDigest) {
            return refuse({ ...base, digest: options.sourceDigest }, 'tag-moved', `${options.sourceName}:${options.sourceTag} now names ${tagged.digest}, not ${options.sourceDigest}: ` +
                'the tag moved after the scan, so the digest it names now was not the one scanned');
        }
        subject = tagged;
    }
    if (options.sourceDigest && !subject) {
        subject = await source.resolve(options.sourceDigest);
        if (!subject)
            return refuse(base, 'not-found', `${options.sourceName}@${options.sourceDigest} does not exist`);
    }
    if (!subject)
        throw new Error('promoteImage needs a source tag or digest');
    const digest = subject.digest;
    const withDigest = { ...base, digest };
    // 2. The gate.
    let decision;
    if (options.gate) {
        decision = await checkGate({
            repository: source,
            digest,
            policy: { repositoryName: options.sourceName, ...options.gate.policy },
            ...(options.gate.verifier ? { verifier: options.gate.verifier } : {}),
            logger,
        });
        warnings.push(...decision.warnings);
        if (!decision.allowed)
            return refuse(withDigest, decision.reason, decision.message, decision);
        logger.info(`gate: ${decision.message}`);
    }
    else {
        warnings.push('require-verdict is false: promoted without checking a scan verdict');
    }
    // 3. Tags: immutable unless overwrite-tags; a tag that already names this digest is left as it is.
    const movedTags = [];
    for (const tag of options.tags) {
        const existing = await destination.resolve(tag);
        if (!existing || existing.digest === digest)
            continue;
        if (!options.overwriteTags) {
            return refuse(withDigest, 'tag-exists', `${options.destinationName}:${tag} already names ${existing.digest}; tags are not moved unless ` +
                "'overwrite-tags' is true", decision);
        }
        movedTags.push({ tag, from: existing.digest });
    }
    const image = `${options.destinationName}@${digest}`;
    const planned = {
        ...withDigest,
        ...decisionFields(decision),
        image,
        tags: options.tags,
        movedTags,
    };
    if (options.dryRun) {
        const moves = movedTags.map((moved) => ` (${moved.tag} moves from ${moved.from})`).join('');
        return {
            ...planned,
            promoted: false,
            reason: 'dry-run',
            message: `would promote to ${image}${options.tags.length ? ` as ${options.tags.join(', ')}` : ''}${moves}`,
        };
    }
    // Until the tags are written, a failure leaves nothing that names the image: say so.
    let referrersCopied;
    let recordDigest;
    const promotedAt = now().toISOString();
    try {
        // 4. The image and its referrers by digest (mounted when both are on one registry), then the
        // promotion record (one per promotion, even when the image was already there); the tags come after.
        const created = new Date(promotedAt);
        const transfer = await transferImage({
            source,
            sourceRef: digest,
            destination,
            logger,
            ...(options.session ? { session: options.session } : {}),
            copyReferrers: options.copyReferrers,
            // Ours: the scan records the gate read travel with the image into the trusted repository.
            keepAirlockRecords: true,
            recordWhenUpToDate: true,
            record: async () => (await writeRecord({
                repository: destination,
                subject,
                statement: promotionStatement(options.destinationName, digest, {
                    from: `${options.sourceName}@${digest}`,
                    to: image,
                    tags: options.tags,
                    ...(decision?.record ? { verdictRecord: decision.record.descriptor.digest } : {}),
                    ...(decision?.verdict ? { verdict: decision.verdict } : {}),
                    promotedAt,
                    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
                }),
                ...(options.signer ? { signer: options.signer } : {}),
                logger,
                created,
            })).descriptor.digest,
        });
        if (options.copyReferrers)
            referrersCopied = transfer.referrers.length;
        recordDigest = transfer.recordDigest;
    }
    catch (error) {
        throw new errors/* RegistryError */.gl(`promoting ${digest} to ${options.destinationName} failed before any tag was written ` +
            `(no destination tag changed; run again to finish): ${(0,errors/* errorMessage */.gJ)(error)}`, error instanceof errors/* RegistryError */.gl ? error.status : undefined, { cause: error });
    }
    if (options.tags.length > 0) {
        const { bytes, descriptor } = await destination.getManifest(digest);
        for (const tag of options.tags) {
            // Checked again just before writing: another job may have taken the tag since the plan.
            const current = await destination.resolve(tag);
            const planned = movedTags.find((moved) => moved.tag === tag)?.from;
            if (current && current.digest !== digest && current.digest !== planned && !options.overwriteTags) {
                throw new errors/* RegistryError */.gl(`${options.destinationName}:${tag} was set to ${current.digest} by someone else during the promotion; ` +
                    `left as it is (${digest} is in ${options.destinationName} by digest)`);
            }
            await writeTag(destination, bytes, descriptor.mediaType, tag, logger, digest);
        }
    }
    // 6. What the tags left: a lifecycle record on each digest a tag moved away from.
    for (const moved of movedTags) {
        try {
            const left = await destination.resolve(moved.from);
            if (!left)
                continue;
            const written = await writeRecord({
                repository: destination,
                subject: left,
                statement: lifecycleStatement(options.destinationName, moved.from, {
                    event: 'superseded',
                    repository: options.destinationName,
                    tag: moved.tag,
                    supersededBy: digest,
                    at: promotedAt,
                    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
                }),
                ...(options.signer ? { signer: options.signer } : {}),
                logger,
            });
            moved.recordDigest = written.descriptor.digest;
        }
        catch (error) {
            warnings.push(`could not record that ${moved.from} was superseded as ${moved.tag}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    // 7. Out of quarantine.
    let sourceDeleted;
    if (options.deleteSource) {
        if (source.display === destination.display) {
            warnings.push('delete-source: the source is the destination; nothing deleted');
            sourceDeleted = false;
        }
        else {
            try {
                logger.info(await options.deleteSource(digest));
                sourceDeleted = true;
            }
            catch (error) {
                warnings.push(`delete-source: ${(0,errors/* errorMessage */.gJ)(error)}`);
                sourceDeleted = false;
            }
        }
    }
    return {
        ...planned,
        promoted: true,
        message: `promoted to ${image}${options.tags.length ? ` as ${options.tags.join(', ')}` : ''}`,
        recordDigest,
        ...(referrersCopied !== undefined ? { referrersCopied } : {}),
        ...(sourceDeleted !== undefined ? { sourceDeleted } : {}),
    };
}
/** Tags that are not images of their own: referrer indexes and cosign's signature tags. */
function isArtifactTag(tag) {
    return /^sha256-[0-9a-f]{64}(\.(sig|att|sbom))?$/.test(tag);
}
/** Promotes each tag of a quarantine repository on its own verdict: one result per tag. */
async function promoteBatch(options) {
    const tags = options.sourceTags === 'all'
        ? (await options.source.listTags()).filter((tag) => !isArtifactTag(tag)).sort()
        : options.sourceTags;
    // Tags of one repository share most layers: each blob moves once for the whole batch.
    const session = options.session ?? new CopySession();
    const results = [];
    for (const tag of tags) {
        // One tag's registry failure does not stop the others; it is that tag's result.
        const result = await options.logger.group(`${options.sourceName}:${tag}`, () => promoteImage({ ...options, session, sourceTag: tag, tags: [tag] }).catch((error) => ({
            source: `${options.sourceName}:${tag}`,
            sourceTag: tag,
            promoted: false,
            reason: 'failed',
            message: (0,errors/* errorMessage */.gJ)(error),
            tags: [],
            movedTags: [],
            warnings: [],
        })));
        for (const warning of result.warnings)
            options.logger.warning(`${tag}: ${warning}`);
        options.logger.info(result.promoted ? result.message : `${result.reason}: ${result.message}`);
        results.push(result);
    }
    return results;
}
/**
 * Removes an image from a registry repository by digest, with the `sha256-<hex>` referrer index of it, so
 * no tag in quarantine names what left it (its referrer manifests are then untagged, for the registry's
 * garbage collection). Platform manifests' indexes stay: another image may share those manifests.
 */
async function deleteImageByDigest(repository, digest) {
    await repository.deleteManifest(digest);
    const index = await repository.resolve(digestTag(digest));
    if (index)
        await repository.deleteManifest(index.digest);
    return `deleted ${repository.display}@${digest}${index ? ' and its referrer index' : ''}`;
}

;// CONCATENATED MODULE: ./packages/core/src/records/github-packages.ts
// Deleting an image from ghcr.io: GHCR does not take registry DELETEs, so the GitHub Packages REST API
// removes the package version whose name is the digest. The token needs `delete:packages` (a classic
// token) or `packages: write` on a repository-linked package (GITHUB_TOKEN).


/** Pages of 100 versions read at most while looking for the digest. */
const maxPages = 50;
/** Deletes the package version named `digest`. Throws a RegistryError that says what the token lacks. */
async function deleteGithubPackageVersion(options) {
    const { apiUrl, token, owner, packageName, digest } = options;
    const headers = {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
    };
    const encoded = encodeURIComponent(packageName);
    let base;
    let version;
    for (const scope of [`orgs/${encodeURIComponent(owner)}`, `users/${encodeURIComponent(owner)}`]) {
        const candidate = `${apiUrl.replace(/\/$/, '')}/${scope}/packages/container/${encoded}/versions`;
        for (let page = 1; page <= maxPages && !version; page++) {
            const response = await fetch(`${candidate}?per_page=100&page=${page}`, { headers });
            if (response.status === 404)
                break;
            if (!response.ok)
                throw await apiFailure(response, `listing the versions of package ${owner}/${packageName}`);
            base = candidate;
            const text = await readFetchTextBounded(response, readLimits.listPage);
            if (text === undefined) {
                throw new errors/* RegistryError */.gl(`the GitHub API's list of versions of package ${owner}/${packageName} is larger than ${formatLimit(readLimits.listPage)} a page; refusing it`);
            }
            let parsed;
            try {
                parsed = JSON.parse(text);
            }
            catch {
                throw new errors/* RegistryError */.gl(`the GitHub API answered the versions of ${owner}/${packageName} with no JSON`);
            }
            const versions = Array.isArray(parsed) ? parsed : [];
            version = versions.find((entry) => entry.name === digest);
            if (versions.length < 100)
                break;
        }
        if (base)
            break;
    }
    if (!base)
        throw new errors/* RegistryError */.gl(`package ${owner}/${packageName} was not found through the GitHub API`, 404);
    if (!version)
        throw new errors/* RegistryError */.gl(`package ${owner}/${packageName} has no version ${digest}`, 404);
    const response = await fetch(`${base}/${version.id}`, { method: 'DELETE', headers });
    if (response.status !== 204 && !response.ok) {
        throw await apiFailure(response, `deleting version ${version.id} (${digest}) of package ${owner}/${packageName}`);
    }
    return `deleted package version ${version.id} (${digest}) of ${owner}/${packageName}`;
}
async function apiFailure(response, what) {
    const text = await readFetchTextBounded(response, readLimits.errorBody).catch(() => undefined);
    let body = {};
    try {
        body = JSON.parse(text ?? '{}');
    }
    catch {
        // Not a GitHub error body: the status says enough.
    }
    const detail = typeof body.message === 'string' ? `: ${body.message}` : '';
    const advice = response.status === 401 || response.status === 403
        ? " (the token needs 'delete:packages', or 'packages: write' on a package linked to this repository)"
        : '';
    return new errors/* RegistryError */.gl(`GitHub API ${response.status} ${what}${detail}${advice}`, response.status);
}

;// CONCATENATED MODULE: ./actions/promote/src/inputs.ts



const inputs_tagPattern = /^[\w][\w.-]{0,127}$/;
function readInputs() {
    const imageText = stringInput('image', { required: true });
    const destinationText = stringInput('destination', { required: true });
    const image = parseReference(imageText, 'image');
    const destination = parseReference(destinationText, 'destination');
    if (destination.digest) {
        throw new errors/* ConfigurationError */.j1(`input 'destination' names a digest (${destination.digest}); give a repository, with a tag if you like`);
    }
    const tags = listInput('tags');
    for (const tag of tags) {
        if (!inputs_tagPattern.test(tag)) {
            throw new errors/* ConfigurationError */.j1(`input 'tags': '${tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')`);
        }
    }
    const sourceTagsList = listInput('source-tags');
    let sourceTags;
    if (sourceTagsList.length > 0) {
        sourceTags =
            sourceTagsList.length === 1 && sourceTagsList[0].toLowerCase() === 'all' ? 'all' : sourceTagsList;
        if (image.digest || writesTag(imageText)) {
            throw new errors/* ConfigurationError */.j1(`input 'image' must name a repository without tag or digest when 'source-tags' is set, got '${imageText}'`);
        }
        if (tags.length > 0 || writesTag(destinationText)) {
            throw new errors/* ConfigurationError */.j1("input 'tags' (and a tag in 'destination') cannot be used with 'source-tags': each tag keeps its name");
        }
    }
    const maxVerdictAgeMs = durationInput('max-verdict-age', '7d', '7d, 24h, 1d12h or 90m');
    const identities = listInput('verdict-identity');
    const trustedRootPath = stringInput('trusted-root');
    let trustedRoot;
    if (trustedRootPath) {
        try {
            trustedRoot = parseTrustedRoot(JSON.parse((0,external_node_fs_.readFileSync)(trustedRootPath, 'utf8')));
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`input 'trusted-root': cannot read a Sigstore trusted root from '${trustedRootPath}' ` +
                `(${error instanceof Error ? error.message : String(error)}); give a trusted_root.json file`);
        }
    }
    const issuer = stringInput('verdict-issuer');
    const verdictRecord = stringInput('verdict-record');
    if (verdictRecord && !/^sha256:[0-9a-f]{64}$/.test(verdictRecord)) {
        throw new errors/* ConfigurationError */.j1(`input 'verdict-record': '${verdictRecord}' is not a digest; give quarantine-scan's 'record-digest' output (sha256:…)`);
    }
    if (verdictRecord && sourceTagsList.length > 0) {
        throw new errors/* ConfigurationError */.j1("input 'verdict-record' names one scan record; it cannot be used with 'source-tags'");
    }
    const requireSignedText = stringInput('require-signed-verdict');
    if (!sourceTags &&
        image.digest &&
        !writesTag(imageText) &&
        tags.length === 0 &&
        !writesTag(destinationText)) {
        throw new errors/* ConfigurationError */.j1(`input 'image' names a digest only (${image.digest}) and no tag is given: set 'tags' (or a tag in ` +
            "'destination') to name the promoted image; the tag is not taken from the image's records, which " +
            'anyone who can push to quarantine can write');
    }
    return {
        image,
        destination,
        destinationHasTag: writesTag(destinationText),
        tags,
        sourceTags,
        requireVerdict: booleanInput('require-verdict', true),
        requireSignedVerdict: requireSignedText ? booleanInput('require-signed-verdict', false) : undefined,
        verdictRecord: verdictRecord || undefined,
        allowImportedVerdicts: booleanInput('allow-imported-verdicts', false),
        verdictIdentities: identities,
        verdictIdentityDefaulted: identities.length === 0,
        verdictIssuer: issuer === '*' ? undefined : issuer || githubActionsIssuer,
        maxVerdictAgeMs,
        trustedRoot,
        overwriteTags: booleanInput('overwrite-tags', false),
        copyReferrers: booleanInput('copy-referrers', true),
        deleteSource: booleanInput('delete-source', false),
        dryRun: booleanInput('dry-run', false),
        sigstore: sigstoreInputs(),
        sourceCredential: credentialPairInput('source'),
        destinationCredential: credentialPairInput('destination'),
        githubToken: secretInput('github-token'),
        insecureRegistries: listInput('insecure-registries'),
    };
}

;// CONCATENATED MODULE: ./actions/promote/src/main.ts





async function main() {
    const env = process.env;
    const inputs = readInputs();
    const logger = run/* actionsLogger */.MV;
    // Before any work: `sigstore: auto` with an unknown visibility is a configuration error.
    const signer = jobRecordSigner(inputs.sigstore, env);
    const client = actionRegistryClient({
        hosts: credentialsByHost(inputs),
        dockerConfigPath: defaultDockerConfigPath(env),
        ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    }, inputs.insecureRegistries);
    const source = openRepository(inputs.image, { client, inputName: 'image' });
    const destination = openRepository(inputs.destination, { client, inputName: 'destination' });
    const sourceName = repositoryOf(inputs.image);
    const destinationName = repositoryOf(inputs.destination);
    const verifier = inputs.trustedRoot
        ? new BundleVerifier(inputs.trustedRoot)
        : new PublicGoodVerifier(env.RUNNER_TEMP ? { tufCachePath: (0,external_node_path_.join)(env.RUNNER_TEMP, 'sigstore-tuf') } : {});
    // By default the verdict must come from the workflow file running this job, on the default branch or
    // a tag (inside a reusable workflow: that workflow at its pinned ref); never from a pull-request run.
    const identities = inputs.verdictIdentityDefaulted
        ? await defaultSignerIdentities(env)
        : inputs.verdictIdentities;
    // Signed verdicts are required by default whenever this job could sign: a pipeline that signs never
    // needs to believe an unsigned record.
    const requireSigned = inputs.requireSignedVerdict ?? jobHasOidc(env);
    if (inputs.requireVerdict) {
        logger.info(`signed verdicts are trusted from: ${identities.join(', ') || 'nobody (no workflow identity known: set verdict-identity)'}` +
            `; unsigned verdicts ${requireSigned ? 'are refused' : 'count only when nothing is signed'}`);
    }
    logger.info(signer
        ? 'records are signed with the job’s OIDC identity (Sigstore keyless)'
        : 'records are unsigned: the job has no OIDC identity (add permissions: id-token: write to sign them)');
    const runUrl = workflowRunUrl(env);
    const common = {
        source,
        sourceName,
        destination,
        destinationName,
        ...(inputs.requireVerdict
            ? {
                gate: {
                    policy: {
                        identities,
                        ...(inputs.verdictIssuer ? { issuer: inputs.verdictIssuer } : {}),
                        maxAgeMs: inputs.maxVerdictAgeMs,
                        requireSigned,
                        ...(inputs.verdictRecord ? { verdictRecord: inputs.verdictRecord } : {}),
                        allowImported: inputs.allowImportedVerdicts,
                        now: new Date(),
                    },
                    verifier,
                },
            }
            : {}),
        overwriteTags: inputs.overwriteTags,
        copyReferrers: inputs.copyReferrers,
        ...(inputs.deleteSource ? { deleteSource: sourceDeleter(inputs, source, env) } : {}),
        dryRun: inputs.dryRun,
        ...(signer ? { signer } : {}),
        ...(runUrl ? { runUrl } : {}),
        logger,
    };
    let results;
    try {
        results = await promoteAll(inputs, common, destinationName);
    }
    finally {
        await client.close();
    }
    writeOutputs(results, inputs);
    await writeSummary(results, inputs, destinationName);
    const refused = results.filter((result) => !result.promoted && result.reason !== 'dry-run');
    if (refused.length > 0 && !inputs.dryRun) {
        throw new errors/* RefusalError */.XQ(refused.length === 1 ? refused[0].reason : 'not-promoted', refused.length === 1
            ? `not promoted (${refused[0].reason}${refused[0].check ? `, failed check: ${refused[0].check}` : ''}): ${refused[0].message}`
            : `${refused.length} of ${results.length} images not promoted: ` +
                refused.map((result) => `${result.sourceTag ?? result.source} (${result.reason})`).join(', '));
    }
}
async function promoteAll(inputs, common, destinationName) {
    const logger = common.logger;
    if (inputs.sourceTags) {
        return promoteBatch({ ...common, sourceTags: inputs.sourceTags });
    }
    const result = await logger.group(`Promote ${formatImage(inputs.image)} to ${destinationName}`, () => promoteImage({
        ...common,
        ...(inputs.image.tag ? { sourceTag: inputs.image.tag } : {}),
        ...(inputs.image.digest ? { sourceDigest: inputs.image.digest } : {}),
        tags: singleImageTags(inputs),
    }));
    for (const warning of result.warnings)
        logger.warning(warning);
    return [result];
}
/** The destination tags of a single promotion: `tags`, the destination's tag, else the source's tag. */
function singleImageTags(inputs) {
    const tags = [...inputs.tags];
    if (inputs.destinationHasTag && inputs.destination.tag)
        tags.unshift(inputs.destination.tag);
    if (tags.length === 0 && inputs.image.tag)
        tags.push(inputs.image.tag);
    return [...new Set(tags)];
}
function credentialsByHost(inputs) {
    const hosts = {};
    if (inputs.sourceCredential)
        hosts[inputs.image.registry] = inputs.sourceCredential;
    if (inputs.destinationCredential)
        hosts[inputs.destination.registry] = inputs.destinationCredential;
    return hosts;
}
/** ghcr.io takes no registry DELETE: its images are deleted through the GitHub Packages API. */
function sourceDeleter(inputs, source, env) {
    if (inputs.image.registry === 'ghcr.io') {
        return async (digest) => {
            if (!inputs.githubToken) {
                throw new Error("deleting from ghcr.io needs 'github-token' with delete:packages; the source was kept");
            }
            const [owner, ...rest] = inputs.image.repository.split('/');
            return deleteGithubPackageVersion({
                apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
                token: inputs.githubToken,
                owner: owner,
                packageName: rest.join('/'),
                digest,
            });
        };
    }
    return (digest) => deleteImageByDigest(source, digest);
}
function formatImage(reference) {
    return `${repositoryOf(reference)}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
function writeOutputs(results, inputs) {
    const first = results[0];
    const single = !inputs.sourceTags && first !== undefined;
    lib_core/* setOutput */.uH('promoted', String(results.length > 0 && results.every((result) => result.promoted)));
    lib_core/* setOutput */.uH('reason', results.find((result) => !result.promoted)?.reason ?? '');
    lib_core/* setOutput */.uH('digest', single ? (first.digest ?? '') : '');
    lib_core/* setOutput */.uH('image', single && first.promoted ? (first.image ?? '') : '');
    lib_core/* setOutput */.uH('record-digest', single ? (first.recordDigest ?? '') : '');
    const tags = results.filter((result) => result.promoted).flatMap((result) => result.tags);
    lib_core/* setOutput */.uH('tags', tags.join('\n'));
    lib_core/* setOutput */.uH('results', JSON.stringify(results.map((result) => ({
        source: result.source,
        ...(result.sourceTag ? { 'source-tag': result.sourceTag } : {}),
        digest: result.digest ?? null,
        image: result.promoted ? (result.image ?? null) : null,
        promoted: result.promoted,
        reason: result.reason ?? null,
        message: result.message,
        tags: result.tags,
        'moved-tags': result.movedTags.map((moved) => ({ tag: moved.tag, from: moved.from })),
        'record-digest': result.recordDigest ?? null,
        verdict: result.verdict ?? null,
        'verdict-record': result.verdictRecord ?? null,
        'verdict-signer': result.verdictSigner ?? null,
        'verdict-unsigned': result.verdictUnsigned ?? false,
        check: result.check ?? null,
        'source-deleted': result.sourceDeleted ?? false,
    }))));
}
async function writeSummary(results, inputs, destinationName) {
    const short = (digest) => (digest ? `\`${digest.slice(0, 19)}…\`` : '—');
    const promoted = results.filter((result) => result.promoted).length;
    const title = inputs.dryRun ? 'Promotion plan (dry run: nothing changed)' : 'Promotion';
    const rows = results.map((result) => {
        const outcome = result.promoted
            ? `✅ promoted${result.tags.length ? ` as ${result.tags.map((tag) => `\`${tag}\``).join(', ')}` : ''}`
            : result.reason === 'dry-run'
                ? `📝 ${result.message}`
                : `⛔ \`${result.reason}\`: ${result.message}`;
        const verdict = result.verdict
            ? `${result.verdict}${result.scannedAt ? `, scanned ${result.scannedAt}` : ''}${result.verdictSigner ? `, signed by ${result.verdictSigner}` : result.verdictRecord ? ', unsigned' : ''}`
            : '—';
        return `| \`${result.source}\` | ${short(result.digest)} | ${outcome} | ${verdict} |`;
    });
    const moved = results.flatMap((result) => result.movedTags.map((entry) => `- \`${destinationName}:${entry.tag}\` moved from ${short(entry.from)}`));
    const cautions = results
        .filter((result) => result.verdictUnsigned && (result.promoted || result.reason === 'dry-run'))
        .map((result) => `\`${result.source}\``);
    const lines = [
        `## ${title}`,
        '',
        ...(cautions.length
            ? [
                '> [!CAUTION]',
                `> The decision for ${cautions.join(', ')} rests on an **unsigned** scan record: anyone who can push to ` +
                    'the quarantine repository could have written it. Give the scanning job `permissions: id-token: write` ' +
                    'so its verdicts are signed (promote then requires them).',
                '',
            ]
            : []),
        `${promoted} of ${results.length} promoted to \`${destinationName}\`` +
            (inputs.requireVerdict
                ? ` (verdicts no older than ${formatDuration(inputs.maxVerdictAgeMs)})`
                : ' (no verdict required)'),
        '',
        '| source | digest | result | verdict |',
        '|---|---|---|---|',
        ...rows,
        ...(moved.length
            ? ['', '**Tags moved** (the digests they left carry a lifecycle record):', ...moved]
            : []),
        '',
    ];
    await lib_core/* summary */.z.addRaw(lines.join('\n')).write();
}


/***/ }),

/***/ 2073:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cs: () => (/* binding */ runAction),
/* harmony export */   MV: () => (/* binding */ actionsLogger)
/* harmony export */ });
/* unused harmony exports prepareRunnerFiles, failureMessage */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);





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

/***/ 7638:
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
