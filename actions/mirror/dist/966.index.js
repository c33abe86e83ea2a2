export const id = 966;
export const ids = [966];
export const modules = {

/***/ 7966:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jobRecordSigner: () => (/* binding */ jobRecordSigner)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(5179);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/oci/limits.ts
var limits = __webpack_require__(8063);
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
            const text = await (0,limits/* readFetchTextBounded */.xC)(response, limits/* readLimits */.BU.token);
            if (text === undefined) {
                throw new errors/* ConfigurationError */.j1(`the GitHub OIDC token answer from ${url.host} is larger than ${(0,limits/* formatLimit */.tW)(limits/* readLimits */.BU.token)}; refusing it`);
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
            witnesses.push(new sign_dist/* RekorWitness */.fU({ rekorBaseURL: endpoints.rekorUrl, entryType: 'intoto', ...fetchOptions }));
        }
        if (endpoints.tsaUrl)
            witnesses.push(new sign_dist/* TSAWitness */.gs({ tsaBaseURL: endpoints.tsaUrl, ...fetchOptions }));
        const signer = new sign_dist/* FulcioSigner */.$o({
            fulcioBaseURL: endpoints.fulcioUrl,
            identityProvider,
            ...fetchOptions,
        });
        this.builder = new sign_dist/* DSSEBundleBuilder */.VV({ signer, witnesses });
        // The same signer and witnesses: Rekor logs a message signature as a `hashedrekord` entry.
        this.messageBuilder = new sign_dist/* MessageSignatureBundleBuilder */.z3({ signer, witnesses });
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

// EXTERNAL MODULE: ./packages/core/src/action/context.ts + 4 modules
var context = __webpack_require__(3407);
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
        core/* setSecret */.Pq(requestToken);
    return jobSigner({
        oidc: {
            ...(requestUrl ? { requestUrl } : {}),
            ...(requestToken ? { requestToken } : {}),
            ...(audience ? { audience } : {}),
        },
        instance: sigstore.instance,
        ...(sigstore.custom ? { custom: sigstore.custom } : {}),
        repositoryPrivate: (0,context/* repositoryVisibility */.RE)((0,context/* workflowEvent */.kH)(env)),
    });
}


/***/ })

};
