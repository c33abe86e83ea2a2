export const id = 722;
export const ids = [722];
export const modules = {

/***/ 26722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(96421);
// EXTERNAL MODULE: ./packages/core/src/action/run.ts
var run = __webpack_require__(32073);
// EXTERNAL MODULE: ./packages/core/src/action/context.ts + 4 modules
var context = __webpack_require__(73407);
// EXTERNAL MODULE: ./packages/core/src/oci/reference.ts
var oci_reference = __webpack_require__(93966);
// EXTERNAL MODULE: ./packages/core/src/oci/docker-config.ts
var docker_config = __webpack_require__(27818);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./packages/core/src/oci/digest.ts
var oci_digest = __webpack_require__(3547);
// EXTERNAL MODULE: ./packages/core/src/oci/limits.ts
var limits = __webpack_require__(38063);
// EXTERNAL MODULE: ./packages/core/src/oci/manifest.ts
var oci_manifest = __webpack_require__(74890);
// EXTERNAL MODULE: ./packages/core/src/oci/types.ts
var types = __webpack_require__(60602);
;// CONCATENATED MODULE: ./packages/core/src/oci/layout.ts











/** The annotation that names a tag in an OCI image layout's index.json. */
const refNameAnnotation = 'org.opencontainers.image.ref.name';
// A manifest is small; anything bigger is a layer, never parsed as JSON.
const maxManifestBytes = limits/* readLimits */.BU.manifest;
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
        const problem = (0,oci_digest/* digestProblem */.WQ)(digest);
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
                return { schemaVersion: 2, mediaType: types/* MediaType */.zu.ociIndex, manifests: [] };
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
            throw new errors/* RegistryError */.gl(`${this.display}: manifest ${descriptor.digest} is larger than ${(0,limits/* formatLimit */.tW)(maxManifestBytes)}`);
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
        const actual = (0,oci_digest/* digestWithAlgorithmOf */.ro)(descriptor.digest, bytes);
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
            const manifest = (0,oci_manifest/* parseManifest */.N)(bytes, `${this.display}@${reference}`);
            return { mediaType: (0,oci_manifest/* manifestMediaType */.g)(manifest), digest: reference, size };
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
        const manifest = (0,oci_manifest/* parseManifest */.N)(bytes, `${this.display}@${descriptor.digest}`);
        return { descriptor, bytes, manifest };
    }
    async putManifest(bytes, mediaType, tag) {
        if (tag !== undefined && !tagPattern.test(tag)) {
            throw new errors/* RegistryError */.gl(`${this.display}: '${tag}' is not a valid tag`);
        }
        const digest = (0,oci_digest/* sha256Digest */.sI)(bytes);
        const manifest = (0,oci_manifest/* parseManifest */.N)(bytes, `the manifest ${digest} written to ${this.display}`);
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
        const verifier = new oci_digest/* DigestVerifier */.Do(descriptor.digest, descriptor.size, `${this.display} blob`);
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
        await this.writeBlobFile(descriptor.digest, (path) => (0,external_node_stream_promises_.pipeline)(typeof content === 'function' ? content() : content, new oci_digest/* DigestVerifier */.Do(descriptor.digest, descriptor.size, 'blob'), (0,external_node_fs_.createWriteStream)(path)));
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
            const type = manifest.artifactType ?? ((0,types/* isIndex */.nw)(manifest) ? undefined : manifest.config.mediaType);
            if (artifactType && type !== artifactType)
                continue;
            found.push({
                mediaType: (0,oci_manifest/* manifestMediaType */.g)(manifest),
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
    const parsed = typeof reference === 'string' ? (0,oci_reference/* parseReference */.F2)(reference, options.inputName) : reference;
    return parsed.kind === 'layout'
        ? new OciLayoutRepository(parsed.repository, options.inputName)
        : options.client.repository(parsed);
}

// EXTERNAL MODULE: ./packages/core/src/oci/blob-streams.ts
var blob_streams = __webpack_require__(59452);
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

;// CONCATENATED MODULE: ./packages/core/src/records/statement.ts
// in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md) and the
// predicates airlock owns. A statement names the image by its digest; the predicate says what happened.
const inTotoStatementType = 'https://in-toto.io/Statement/v1';
/** The payload type of a DSSE envelope that holds an in-toto statement. */
const statement_inTotoPayloadType = 'application/vnd.in-toto+json';
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
function statement_isStatementAbout(value, digest) {
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

;// CONCATENATED MODULE: ./packages/core/src/sbom/attest.ts
// What attest-sbom attests: the platform images of a reference (the tag read once), and the in-toto
// statement about each, whose predicate is the SBOM document itself (the form quarantine-scan reads).





/** Reads the tag once and lists the platform images selected (attestation manifests left out). */
async function resolveSbomTargets(repository, name, reference, selection, logger) {
    let descriptor;
    try {
        descriptor = await repository.resolve(reference);
    }
    catch (error) {
        if (!(error instanceof errors/* RegistryError */.gl && error.status === 404))
            throw error;
    }
    const separator = reference.startsWith('sha256:') ? '@' : ':';
    if (!descriptor) {
        throw new errors/* ConfigurationError */.j1(`input 'image': ${name}${separator}${reference} does not exist; check the image name and tag`);
    }
    if (reference !== descriptor.digest)
        logger.info(`${name}:${reference} is ${descriptor.digest}`);
    const { manifest } = await repository.getManifest(descriptor.digest);
    const pinned = `${name}@${descriptor.digest}`;
    if ((0,types/* isIndex */.nw)(manifest)) {
        const images = selectPlatforms(manifest.manifests, selection, pinned).filter((entry) => !isAttestationManifest(entry) && entry.platform && entry.platform.os !== 'unknown');
        if (images.length === 0) {
            throw new errors/* ConfigurationError */.j1(`input 'image': ${pinned} is an index with no platform images`);
        }
        return {
            descriptor,
            isIndex: true,
            targets: images.map((entry) => ({
                platform: formatPlatform(entry.platform),
                descriptor: { mediaType: entry.mediaType, digest: entry.digest, size: entry.size },
            })),
        };
    }
    let platform = '';
    if ('config' in manifest && manifest.config.size <= 4 * 1024 * 1024) {
        const bytes = await (0,blob_streams/* readAtMost */.rU)(await repository.getBlob(manifest.config), 4 * 1024 * 1024);
        try {
            const config = JSON.parse(bytes?.toString('utf8') ?? '{}');
            if (config.os && config.architecture) {
                platform = formatPlatform({
                    os: config.os,
                    architecture: config.architecture,
                    ...(config.variant ? { variant: config.variant } : {}),
                });
            }
        }
        catch {
            logger.debug(`the config of ${pinned} is not JSON`);
        }
    }
    if (selection !== 'all' && platform && !selection.some((wanted) => formatPlatform(wanted) === platform)) {
        throw new errors/* ConfigurationError */.j1(`input 'platforms': ${pinned} is a single ${platform} image, not ${selection.map(formatPlatform).join(', ')}`);
    }
    const single = { mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size };
    return { descriptor: single, isIndex: false, targets: [{ platform, descriptor: single }] };
}
/** The in-toto statement of an SBOM about `name@digest`: the document is the predicate, as it is. */
function sbomStatement(name, digest, predicateType, document) {
    return buildStatement(subjectOf(name, digest), predicateType, document);
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(56118);
;// CONCATENATED MODULE: ./packages/core/src/sbom/filesystem.ts
// The image filesystem, rebuilt from its layers as a container runtime would see it, but only for the
// files the catalogers ask for. Each layer is streamed once (gzip or zstd, then tar); whiteouts and opaque
// directories of a layer remove what lower layers put there. Nothing is written to disk, no link is
// followed, and every read is bounded, so that a hostile layer can neither exhaust memory nor escape.





const defaultSbomLimits = {
    maxFileBytes: 64 * 1024 * 1024,
    maxKeptBytes: 512 * 1024 * 1024,
    maxUncompressedBytes: 32 * 1024 * 1024 * 1024,
};
/** An image past the limits: shown to the user as it is (a ConfigurationError), not as an internal error. */
class SbomLimitError extends errors/* ConfigurationError */.j1 {
    name = 'SbomLimitError';
}
/** The files asked for, as the final image holds them, after every layer and whiteout. */
class ImageFiles {
    files = new Map();
    /** Every directory that ever held a kept file: only those need a scan when a tree is removed. */
    dirs = new Set(['']);
    keptBytes = 0;
    limits;
    constructor(limits) {
        this.limits = limits;
    }
    get(path) {
        return this.files.get(path);
    }
    all() {
        return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
    put(file) {
        this.remove(file.path);
        const size = file.content?.length ?? 0;
        if (this.keptBytes + size > this.limits.maxKeptBytes) {
            throw new SbomLimitError(`the catalogued files pass ${this.limits.maxKeptBytes} bytes at ${file.path}; the image is refused as too large to catalogue`);
        }
        this.keptBytes += size;
        this.files.set(file.path, file);
        for (let slash = file.path.indexOf('/'); slash > 0; slash = file.path.indexOf('/', slash + 1)) {
            this.dirs.add(file.path.slice(0, slash));
        }
    }
    remove(path) {
        const old = this.files.get(path);
        if (!old)
            return;
        this.keptBytes -= old.content?.length ?? 0;
        this.files.delete(path);
    }
    /** Removes `dir` itself and everything under it that came from a layer below `layerIndex`. */
    removeTree(dir, layerIndex, keepDir = false) {
        if (!keepDir) {
            const file = this.files.get(dir);
            if (file && file.layerIndex < layerIndex)
                this.remove(dir);
        }
        if (!this.dirs.has(dir))
            return;
        const prefix = dir === '' ? '' : `${dir}/`;
        for (const [path, file] of this.files) {
            if (file.layerIndex >= layerIndex)
                continue;
            if ((!keepDir && path === dir) || path.startsWith(prefix))
                this.remove(path);
        }
    }
}
/**
 * A tar entry's name as a path relative to the root: `./`, leading `/` and `.` segments dropped.
 * Undefined for a name that climbs out with `..` (never honoured) or is empty.
 */
function normalizeEntryPath(name) {
    const parts = [];
    for (const part of name.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            return undefined;
        parts.push(part);
    }
    return parts.length === 0 ? undefined : parts.join('/');
}
const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';
/** Counts decompressed bytes and fails the stream once they pass the limit. */
class ByteBudget extends external_node_stream_.Transform {
    state;
    limit;
    constructor(state, limit) {
        super();
        this.state = state;
        this.limit = limit;
    }
    _transform(chunk, _encoding, callback) {
        this.state.used += chunk.length;
        if (this.state.used > this.limit) {
            callback(new SbomLimitError(`the layers hold more than ${this.limit} uncompressed bytes; the image is refused as too large to catalogue`));
            return;
        }
        callback(null, chunk);
    }
}
/** Peeks at the first bytes and decompresses gzip or zstd; anything else passes as a plain tar. */
async function decompressed(raw) {
    const iterator = raw[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    let done = false;
    while (head.length < 4 && !done) {
        const next = await iterator.next();
        if (next.done)
            done = true;
        else
            head = Buffer.concat([head, next.value]);
    }
    async function* rest() {
        if (head.length > 0)
            yield head;
        if (done)
            return;
        for (;;) {
            const next = await iterator.next();
            if (next.done)
                return;
            yield next.value;
        }
    }
    const joined = external_node_stream_.Readable.from(rest(), { objectMode: false });
    if (head[0] === 0x1f && head[1] === 0x8b)
        return joined.pipe((0,external_node_zlib_.createGunzip)());
    if (head.readUInt32LE(0) === 0xfd2fb528)
        return joined.pipe((0,external_node_zlib_.createZstdDecompress)());
    return joined;
}
/**
 * The chunks of an entry for a scanner that may stop reading early: stopping does not end the entry
 * (that would fail the whole tar), and `rest()` then consumes what is left.
 */
function sharedChunks(entry) {
    const iterator = entry[Symbol.asyncIterator]();
    let finished = false;
    const chunks = {
        [Symbol.asyncIterator]: () => ({
            next: async () => {
                if (finished)
                    return { done: true, value: undefined };
                const next = await iterator.next();
                if (next.done)
                    finished = true;
                return next;
            },
            return: async () => ({ done: true, value: undefined }),
        }),
    };
    return {
        chunks,
        async rest() {
            while (!finished) {
                const next = await iterator.next();
                if (next.done)
                    finished = true;
            }
        },
    };
}
/**
 * Reads the layers in order and returns the files `select` asked for, as the top of the stack holds them.
 * A file bigger than `maxFileBytes` is skipped with a warning; the other limits stop with SbomLimitError.
 */
async function readImageFiles(layers, select, logger, limits = defaultSbomLimits) {
    const files = new ImageFiles(limits);
    const budget = { used: 0 };
    for (const [layerIndex, layer] of layers.entries()) {
        const raw = await layer.open();
        const tarStream = (await decompressed(raw)).pipe(new ByteBudget(budget, limits.maxUncompressedBytes));
        const extract = tar_stream.extract();
        const reading = (0,external_node_stream_promises_.pipeline)(tarStream, extract);
        // Errors surface through the iterator below; this keeps the pipeline's own rejection handled.
        reading.catch(() => { });
        try {
            for await (const entry of extract) {
                await readEntry(entry, layerIndex, layer, files, select, logger, limits);
            }
            await reading;
        }
        catch (error) {
            raw.destroy();
            throw error;
        }
    }
    return files;
}
async function skip(entry) {
    for await (const _chunk of entry) {
        // discard
    }
}
async function readEntry(entry, layerIndex, layer, files, select, logger, limits) {
    const { header } = entry;
    const path = normalizeEntryPath(header.name);
    if (path === undefined) {
        if (!/^[./]*$/.test(header.name))
            logger.debug(`layer ${layer.digest}: '${header.name}' escapes the root; ignored`);
        await skip(entry);
        return;
    }
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const base = slash < 0 ? path : path.slice(slash + 1);
    if (base === opaqueMarker) {
        files.removeTree(dir, layerIndex, true);
        await skip(entry);
        return;
    }
    if (base.startsWith(whiteoutPrefix)) {
        const target = (dir ? `${dir}/` : '') + base.slice(whiteoutPrefix.length);
        files.removeTree(target, layerIndex);
        await skip(entry);
        return;
    }
    const type = header.type ?? 'file';
    // Whatever lower layers had at this path (a file, or a directory replaced by a file) is gone now.
    if (type !== 'directory')
        files.removeTree(path, layerIndex);
    if (type === 'link' && header.linkname) {
        // A hard link: the same bytes as a file already seen in this layer (never a symlink, never followed).
        const target = normalizeEntryPath(header.linkname);
        const source = target ? files.get(target) : undefined;
        const interest = source ? select(path, header.mode ?? 0, source.content?.length ?? 0) : undefined;
        if (source && interest)
            files.put({ ...source, path, layerIndex, layer });
        await skip(entry);
        return;
    }
    if (type !== 'file' && type !== 'contiguous-file') {
        await skip(entry);
        return;
    }
    const size = header.size ?? 0;
    const interest = select(path, header.mode ?? 0, size);
    if (!interest) {
        await skip(entry);
        return;
    }
    if (interest.kind === 'keep') {
        if (size > limits.maxFileBytes) {
            logger.warning(`${path} (layer ${layer.digest}) is ${size} bytes, over the ${limits.maxFileBytes}-byte limit; not catalogued`);
            await skip(entry);
            return;
        }
        const chunks = [];
        let length = 0;
        for await (const chunk of entry) {
            length += chunk.length;
            if (length > limits.maxFileBytes)
                throw new SbomLimitError(`${path} is longer than its tar header says`);
            chunks.push(chunk);
        }
        files.put({ path, layerIndex, layer, content: Buffer.concat(chunks) });
        return;
    }
    const shared = sharedChunks(entry);
    const result = await interest.scan(shared.chunks, size);
    await shared.rest();
    if (result !== undefined)
        files.put({ path, layerIndex, layer, content: undefined, result });
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/purl.ts
// Package URLs (https://github.com/package-url/purl-spec): pkg:type/namespace/name@version?qualifiers.
/** Percent-encodes a purl part: everything but unreserved characters (`+` and `:` included). */
function encodePart(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function formatPurl(parts) {
    const namespace = parts.namespace
        ? `${parts.namespace
            .split('/')
            .filter((segment) => segment !== '')
            .map(encodePart)
            .join('/')}/`
        : '';
    const version = parts.version ? `@${encodePart(parts.version)}` : '';
    const qualifiers = Object.entries(parts.qualifiers ?? {})
        .filter((entry) => entry[1] !== undefined && entry[1] !== '')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, value]) => `${key.toLowerCase()}=${encodePart(value)}`);
    return `pkg:${parts.type}/${namespace}${encodePart(parts.name)}${version}${qualifiers.length ? `?${qualifiers.join('&')}` : ''}`;
}
/** The distro qualifier of an OS package: `alpine-3.18.4`, `debian-12`. */
function distroQualifier(id, versionId) {
    return versionId ? `${id}-${versionId}` : id;
}
/** PEP 503 normalisation, as the pypi purl type asks. */
function normalizePythonName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/language-packages.ts
// Language packages: npm (package.json), Python (dist-info / egg-info), Go binaries (embedded build
// info), Java archives (MANIFEST.MF, pom.properties).


function layerOf(file) {
    return { digest: file.layer.digest, ...(file.layer.diffId ? { diffId: file.layer.diffId } : {}) };
}
// ---- npm ----------------------------------------------------------------------------------------------
/** A `package.json` of an installed package: inside a `node_modules` directory. */
function isNpmManifestPath(path) {
    return path.endsWith('/package.json') && path.includes('node_modules/');
}
function npmLicenses(manifest) {
    const declared = manifest.license ?? manifest.licenses;
    const list = Array.isArray(declared) ? declared : declared === undefined ? [] : [declared];
    const names = [];
    for (const entry of list) {
        if (typeof entry === 'string' && entry.trim())
            names.push(entry.trim());
        else if (typeof entry === 'object' && entry !== null) {
            const type = entry.type;
            if (typeof type === 'string' && type.trim())
                names.push(type.trim());
        }
    }
    return names;
}
function catalogNpm(file) {
    let manifest;
    try {
        manifest = JSON.parse(file.content.toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (typeof manifest !== 'object' || manifest === null)
        return undefined;
    const { name, version } = manifest;
    if (typeof name !== 'string' || typeof version !== 'string' || !name || !version)
        return undefined;
    const scoped = /^(@[^/]+)\/(.+)$/.exec(name);
    return {
        ecosystem: 'npm',
        name,
        ...(scoped ? { group: scoped[1] } : {}),
        version,
        purl: formatPurl({
            type: 'npm',
            ...(scoped ? { namespace: scoped[1] } : {}),
            name: scoped ? scoped[2] : name,
            version,
        }),
        licenses: npmLicenses(manifest),
        path: file.path,
        layer: layerOf(file),
    };
}
// ---- Python -------------------------------------------------------------------------------------------
function isPythonMetadataPath(path) {
    return (/\.dist-info\/METADATA$/.test(path) ||
        /\.egg-info\/PKG-INFO$/.test(path) ||
        /(^|\/)EGG-INFO\/PKG-INFO$/.test(path) ||
        path.endsWith('.egg-info'));
}
function catalogPython(file) {
    const text = file.content.toString('utf8');
    const head = text.split(/\r?\n\r?\n/)[0] ?? '';
    const fields = new Map();
    let last;
    for (const line of head.split(/\r?\n/)) {
        if ((line.startsWith(' ') || line.startsWith('\t')) && last)
            continue;
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        last = line.slice(0, colon).toLowerCase();
        fields.set(last, [...(fields.get(last) ?? []), line.slice(colon + 1).trim()]);
    }
    const name = fields.get('name')?.[0];
    const version = fields.get('version')?.[0];
    if (!name || !version)
        return undefined;
    const licenses = [];
    const expression = fields.get('license-expression')?.[0];
    const license = fields.get('license')?.[0];
    if (expression)
        licenses.push(expression);
    else if (license && license !== 'UNKNOWN' && license.length <= 100)
        licenses.push(license);
    else {
        for (const classifier of fields.get('classifier') ?? []) {
            const match = /^License :: (?:OSI Approved :: )?(.+)$/.exec(classifier);
            if (match && match[1] !== 'OSI Approved')
                licenses.push(match[1]);
        }
    }
    return {
        ecosystem: 'pypi',
        name,
        version,
        purl: formatPurl({ type: 'pypi', name: normalizePythonName(name), version }),
        licenses,
        path: file.path,
        layer: layerOf(file),
    };
}
// ---- Go binaries --------------------------------------------------------------------------------------
const goBuildInfoMagic = Buffer.from('\xff Go buildinf:', 'latin1');
/** The most bytes of build info read after the magic (the module list of a big program fits easily). */
const maxGoBuildInfoBytes = 4 * 1024 * 1024;
function readUvarint(bytes, at) {
    let value = 0;
    let shift = 0;
    for (let i = at; i < bytes.length && i < at + 10; i++) {
        const byte = bytes[i];
        value += (byte & 0x7f) * 2 ** shift;
        if ((byte & 0x80) === 0)
            return { value, next: i + 1 };
        shift += 7;
    }
    return undefined;
}
/** Parses the module list Go writes (`path`, `mod`, `dep`, `=>` lines, tab-separated). */
function parseGoModInfo(goVersion, modinfo) {
    const info = { goVersion, deps: [] };
    let last;
    for (const line of modinfo.split('\n')) {
        const [kind, path, version] = line.split('\t');
        if (!path)
            continue;
        if (kind === 'mod') {
            info.main = { path, version: version ?? '' };
            last = info.main;
        }
        else if (kind === 'dep') {
            last = { path, version: version ?? '' };
            info.deps.push(last);
        }
        else if (kind === '=>' && last) {
            last.path = path;
            last.version = version ?? last.version;
        }
    }
    return info;
}
/** Parses the 32-byte build info header and the two strings after it (Go ≥ 1.18's inline form). */
function parseGoBuildInfo(bytes) {
    if (bytes.length < 33)
        return 'short';
    const flags = bytes[15];
    if ((flags & 0x2) === 0)
        return 'old';
    const version = readUvarint(bytes, 32);
    if (!version)
        return 'short';
    if (version.next + version.value > bytes.length)
        return 'short';
    const goVersion = bytes.toString('utf8', version.next, version.next + version.value);
    const mod = readUvarint(bytes, version.next + version.value);
    if (!mod)
        return 'short';
    if (mod.next + mod.value > bytes.length)
        return 'short';
    let modinfo = bytes.toString('utf8', mod.next, mod.next + mod.value);
    // The module list is framed by 16-byte sentinels.
    if (modinfo.length >= 33 && modinfo[modinfo.length - 17] === '\n')
        modinfo = modinfo.slice(16, -16);
    return parseGoModInfo(goVersion, modinfo);
}
/**
 * Streams an executable and returns its Go build info, or undefined when it is not an ELF Go program
 * (built with Go ≥ 1.18). The magic is searched for at 16-byte aligned offsets, as Go aligns it.
 */
const scanGoBinary = async (chunks) => {
    let offset = 0;
    let carry = Buffer.alloc(0);
    let found;
    let foundLength = 0;
    for await (const chunk of chunks) {
        if (found) {
            found.push(chunk);
            foundLength += chunk.length;
        }
        else {
            const window = carry.length ? Buffer.concat([carry, chunk]) : chunk;
            const windowStart = offset - carry.length;
            if (windowStart === 0 && window.length >= 4 && window.readUInt32BE(0) !== 0x7f454c46)
                return undefined;
            let at = window.indexOf(goBuildInfoMagic);
            while (at >= 0 && (windowStart + at) % 16 !== 0)
                at = window.indexOf(goBuildInfoMagic, at + 1);
            if (at >= 0) {
                found = [window.subarray(at)];
                foundLength = window.length - at;
            }
            else {
                carry = Buffer.from(window.subarray(Math.max(0, window.length - goBuildInfoMagic.length + 1)));
            }
            offset += chunk.length;
        }
        if (found && foundLength >= 64) {
            const parsed = parseGoBuildInfo(Buffer.concat(found));
            if (parsed === 'old')
                return undefined;
            if (parsed !== 'short')
                return parsed;
            if (foundLength > maxGoBuildInfoBytes)
                return undefined;
        }
    }
    if (found) {
        const parsed = parseGoBuildInfo(Buffer.concat(found));
        if (typeof parsed === 'object')
            return parsed;
    }
    return undefined;
};
function goPurl(path, version) {
    const slash = path.lastIndexOf('/');
    return formatPurl({
        type: 'golang',
        ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}),
        name: slash > 0 ? path.slice(slash + 1) : path,
        version,
    });
}
function catalogGoBinary(file, info) {
    const components = [];
    const modules = [
        ...(info.main && info.main.version && info.main.version !== '(devel)'
            ? [{ ...info.main, kind: 'application' }]
            : []),
        ...info.deps.map((dep) => ({ ...dep, kind: 'library' })),
    ];
    for (const module of modules) {
        if (!module.version)
            continue;
        components.push({
            ecosystem: 'golang',
            name: module.path,
            version: module.version,
            purl: goPurl(module.path, module.version),
            licenses: [],
            path: file.path,
            layer: layerOf(file),
            kind: module.kind,
        });
    }
    return components;
}
// ---- Java archives ------------------------------------------------------------------------------------
function isJavaArchivePath(path) {
    return /\.(jar|war|ear|par)$/i.test(path);
}
/** The entries of a zip archive wanted by `want`, inflated (each bounded by `maxEntryBytes`). */
function readZipEntries(zip, want, maxEntryBytes = 1024 * 1024) {
    const entries = new Map();
    let end = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
        if (zip.readUInt32LE(i) === 0x06054b50) {
            end = i;
            break;
        }
    }
    if (end < 0)
        return entries;
    const count = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    for (let i = 0; i < count && at + 46 <= zip.length; i++) {
        if (zip.readUInt32LE(at) !== 0x02014b50)
            break;
        const method = zip.readUInt16LE(at + 10);
        const compressedSize = zip.readUInt32LE(at + 20);
        const size = zip.readUInt32LE(at + 24);
        const nameLength = zip.readUInt16LE(at + 28);
        const extraLength = zip.readUInt16LE(at + 30);
        const commentLength = zip.readUInt16LE(at + 32);
        const localOffset = zip.readUInt32LE(at + 42);
        const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
        at += 46 + nameLength + extraLength + commentLength;
        if (!want(name) || size > maxEntryBytes || localOffset + 30 > zip.length)
            continue;
        if (zip.readUInt32LE(localOffset) !== 0x04034b50)
            continue;
        const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const data = zip.subarray(dataStart, dataStart + compressedSize);
        try {
            if (method === 0)
                entries.set(name, Buffer.from(data));
            else if (method === 8)
                entries.set(name, (0,external_node_zlib_.inflateRawSync)(data, { maxOutputLength: maxEntryBytes }));
        }
        catch {
            // a damaged entry is skipped
        }
    }
    return entries;
}
function readJavaArchive(zip) {
    const entries = readZipEntries(zip, (name) => name === 'META-INF/MANIFEST.MF' || /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(name));
    const manifest = entries.get('META-INF/MANIFEST.MF')?.toString('utf8');
    const pomProperties = [...entries.entries()]
        .filter(([name]) => name.endsWith('pom.properties'))
        .map(([, bytes]) => bytes.toString('utf8'));
    if (!manifest && pomProperties.length === 0)
        return undefined;
    return { ...(manifest ? { manifest } : {}), pomProperties };
}
/** Collects a whole archive (it is read from its end), bounded by the caller's per-file limit. */
function javaArchiveScanner(maxBytes) {
    return async (chunks, size) => {
        if (size > maxBytes)
            return undefined;
        const parts = [];
        let length = 0;
        for await (const chunk of chunks) {
            length += chunk.length;
            if (length > maxBytes)
                return undefined;
            parts.push(chunk);
        }
        return readJavaArchive(Buffer.concat(parts));
    };
}
function properties(text) {
    const map = new Map();
    for (const line of text.split(/\r?\n/)) {
        if (line.startsWith('#') || line.startsWith('!'))
            continue;
        const match = /^\s*([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
        if (match)
            map.set(match[1], match[2].trim());
    }
    return map;
}
/** MANIFEST.MF main attributes (continuation lines start with one space). */
function manifestAttributes(text) {
    const map = new Map();
    const main = text.replace(/\r\n/g, '\n').split(/\n\n/)[0] ?? '';
    let last;
    for (const line of main.split('\n')) {
        if (line.startsWith(' ') && last) {
            map.set(last, map.get(last) + line.slice(1));
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        last = line.slice(0, colon).trim();
        map.set(last, line.slice(colon + 1).trim());
    }
    return map;
}
function catalogJavaArchive(file, info) {
    const base = { ecosystem: 'maven', path: file.path, layer: layerOf(file) };
    const attributes = info.manifest ? manifestAttributes(info.manifest) : new Map();
    const license = attributes.get('Bundle-License');
    const licenses = license && !license.includes('://') ? [license] : [];
    const components = [];
    for (const text of info.pomProperties) {
        const pom = properties(text);
        const group = pom.get('groupId');
        const name = pom.get('artifactId');
        const version = pom.get('version');
        if (!group || !name || !version)
            continue;
        components.push({
            ...base,
            name,
            group,
            version,
            purl: formatPurl({ type: 'maven', namespace: group, name, version }),
            licenses,
        });
    }
    if (components.length > 0)
        return components;
    const name = attributes.get('Implementation-Title') ?? attributes.get('Bundle-SymbolicName')?.split(';')[0]?.trim();
    const version = attributes.get('Implementation-Version') ?? attributes.get('Bundle-Version');
    const group = attributes.get('Implementation-Vendor-Id');
    if (!name || !version)
        return [];
    return [
        {
            ...base,
            name,
            ...(group ? { group } : {}),
            version,
            purl: formatPurl({ type: 'maven', ...(group ? { namespace: group } : {}), name, version }),
            licenses,
        },
    ];
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/os-packages.ts
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ncc type-checks each action with its own tsconfig, which does not include this declaration file
/// <reference path="./sql-js.d.ts" />
// Operating-system package databases: os-release, apk, dpkg (and distroless status.d), rpm (sqlite).

const osReleasePaths = ['etc/os-release', 'usr/lib/os-release'];
const apkDatabasePath = 'lib/apk/db/installed';
const dpkgStatusPath = 'var/lib/dpkg/status';
const dpkgStatusDir = 'var/lib/dpkg/status.d/';
const rpmSqlitePaths = ['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite'];
/** Berkeley DB and ndb rpm databases: recognised, not read. */
const rpmOtherPaths = [
    'var/lib/rpm/Packages',
    'var/lib/rpm/Packages.db',
    'usr/lib/sysimage/rpm/Packages',
    'usr/lib/sysimage/rpm/Packages.db',
];
function isOsDatabasePath(path) {
    return (osReleasePaths.includes(path) ||
        path === apkDatabasePath ||
        path === dpkgStatusPath ||
        (path.startsWith(dpkgStatusDir) &&
            !path.endsWith('.md5sums') &&
            !path.slice(dpkgStatusDir.length).includes('/')) ||
        rpmSqlitePaths.includes(path) ||
        rpmOtherPaths.includes(path) ||
        /^usr\/share\/doc\/[^/]+\/copyright$/.test(path));
}
// ---- os-release ---------------------------------------------------------------------------------------
/** Parses os-release (`KEY=value`, values optionally quoted with shell escapes). */
function parseOsRelease(text) {
    const fields = {};
    for (const line of text.split('\n')) {
        const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (!match)
            continue;
        let value = match[2].trim();
        const quote = value[0];
        if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
            value = value.slice(1, -1);
            if (quote === '"')
                value = value.replace(/\\(["\\$`])/g, '$1');
        }
        fields[match[1]] = value;
    }
    if (!fields.ID)
        return undefined;
    return {
        id: fields.ID.toLowerCase(),
        versionId: fields.VERSION_ID ?? '',
        ...(fields.NAME ? { name: fields.NAME } : {}),
        ...(fields.PRETTY_NAME ? { prettyName: fields.PRETTY_NAME } : {}),
        ...(fields.VERSION_CODENAME ? { versionCodename: fields.VERSION_CODENAME } : {}),
    };
}
/** The OS of the image: /etc/os-release as a regular file, else /usr/lib/os-release (links are not followed). */
function findOsRelease(get) {
    for (const path of osReleasePaths) {
        const file = get(path);
        if (file?.content) {
            const release = parseOsRelease(file.content.toString('utf8'));
            if (release)
                return release;
        }
    }
    return undefined;
}
/** Splits an RFC 822-style database into paragraphs of fields (continuation lines joined). */
function paragraphs(text, separator) {
    const result = [];
    for (const block of text.split(separator)) {
        const fields = {};
        let last;
        for (const line of block.split('\n')) {
            if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
                fields[last] += `\n${line.trim()}`;
                continue;
            }
            const colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            last = line.slice(0, colon);
            fields[last] = line.slice(colon + 1).trim();
        }
        if (Object.keys(fields).length > 0)
            result.push(fields);
    }
    return result;
}
function os_packages_layerOf(file) {
    return { digest: file.layer.digest, ...(file.layer.diffId ? { diffId: file.layer.diffId } : {}) };
}
// ---- apk ----------------------------------------------------------------------------------------------
/** `lib/apk/db/installed`: records of `X:value` lines, separated by blank lines. */
function catalogApk(file, os) {
    const components = [];
    const namespace = os?.id ?? 'alpine';
    for (const record of file.content.toString('utf8').split(/\n\s*\n/)) {
        const fields = {};
        for (const line of record.split('\n')) {
            if (line.length >= 2 && line[1] === ':' && !(line[0] in fields))
                fields[line[0]] = line.slice(2);
        }
        const name = fields.P;
        const version = fields.V;
        if (!name || !version)
            continue;
        const arch = fields.A;
        components.push({
            ecosystem: 'apk',
            name,
            version,
            purl: formatPurl({
                type: 'apk',
                namespace,
                name,
                version,
                qualifiers: { arch, distro: os ? distroQualifier(os.id, os.versionId) : undefined },
            }),
            licenses: fields.L ? [fields.L] : [],
            path: file.path,
            layer: os_packages_layerOf(file),
            source: { name: fields.o || name, version },
            ...(arch ? { arch } : {}),
        });
    }
    return components;
}
// ---- dpkg ---------------------------------------------------------------------------------------------
/** A Debian version `[epoch:]upstream[-revision]`. */
function splitDebianVersion(version) {
    const match = /^(\d+):(.+)$/.exec(version);
    return match ? { epoch: Number(match[1]), version: match[2] } : { epoch: 0, version };
}
/** License names from a machine-readable `usr/share/doc/<package>/copyright` (DEP-5 `License:` lines). */
function debianCopyrightLicenses(text) {
    const found = new Set();
    for (const match of text.matchAll(/^License:[ \t]*([^\n]+)$/gm)) {
        const name = match[1].trim();
        if (name)
            found.add(name);
    }
    return [...found];
}
/** Every dpkg database: `var/lib/dpkg/status`, and the one-file-per-package `status.d/` of distroless. */
function catalogDpkg(files, os, licensesOf) {
    const components = [];
    const namespace = os?.id ?? 'debian';
    for (const file of files) {
        for (const fields of paragraphs(file.content.toString('utf8'), /\n\s*\n/)) {
            const name = fields.Package;
            const fullVersion = fields.Version;
            if (!name || !fullVersion)
                continue;
            // status.d files have no Status line; in the status file a package marked for removal is left out.
            const wanted = (fields.Status ?? '').split(/\s+/);
            if (wanted.includes('deinstall') || wanted.includes('purge'))
                continue;
            const arch = fields.Architecture;
            const { epoch, version } = splitDebianVersion(fullVersion);
            const sourceMatch = /^(\S+)(?:\s+\((.+)\))?$/.exec(fields.Source ?? '');
            components.push({
                ecosystem: 'deb',
                name,
                // As the purl and Trivy write it: the epoch is a qualifier (and `epoch`), not part of the version.
                version,
                purl: formatPurl({
                    type: 'deb',
                    namespace,
                    name,
                    version,
                    qualifiers: {
                        arch,
                        epoch: epoch ? String(epoch) : undefined,
                        distro: os ? distroQualifier(os.id, os.versionId) : undefined,
                    },
                }),
                licenses: licensesOf(name),
                path: file.path,
                layer: os_packages_layerOf(file),
                source: sourceMatch
                    ? { name: sourceMatch[1], version: sourceMatch[2] ?? fullVersion }
                    : { name, version: fullVersion },
                epoch,
                ...(arch ? { arch } : {}),
            });
        }
    }
    return components;
}
function isDpkgDatabase(path) {
    return path === dpkgStatusPath || path.startsWith(dpkgStatusDir);
}
// ---- rpm ----------------------------------------------------------------------------------------------
const RpmTag = {
    name: 1000,
    version: 1001,
    release: 1002,
    epoch: 1003,
    license: 1014,
    arch: 1022,
    sourceRpm: 1044,
};
/** Reads the tags airlock needs from an rpm header blob (as the sqlite rpmdb stores it). */
function parseRpmHeader(blob) {
    const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    if (bytes.length < 8)
        return undefined;
    const count = bytes.readUInt32BE(0);
    const dataLength = bytes.readUInt32BE(4);
    const dataStart = 8 + count * 16;
    if (count > 65536 || dataStart + dataLength > bytes.length)
        return undefined;
    const header = {};
    const readString = (offset) => {
        const start = dataStart + offset;
        if (start < dataStart || start >= dataStart + dataLength)
            return undefined;
        const end = bytes.indexOf(0, start);
        return bytes.toString('utf8', start, end < 0 ? dataStart + dataLength : end);
    };
    for (let i = 0; i < count; i++) {
        const at = 8 + i * 16;
        const tag = bytes.readUInt32BE(at);
        const type = bytes.readUInt32BE(at + 4);
        const offset = bytes.readInt32BE(at + 8);
        const isString = type === 6 || type === 8 || type === 9;
        switch (tag) {
            case RpmTag.name:
                if (isString)
                    header.name = readString(offset);
                break;
            case RpmTag.version:
                if (isString)
                    header.version = readString(offset);
                break;
            case RpmTag.release:
                if (isString)
                    header.release = readString(offset);
                break;
            case RpmTag.license:
                if (isString)
                    header.license = readString(offset);
                break;
            case RpmTag.arch:
                if (isString)
                    header.arch = readString(offset);
                break;
            case RpmTag.sourceRpm:
                if (isString)
                    header.sourceRpm = readString(offset);
                break;
            case RpmTag.epoch:
                if (type === 4 && dataStart + offset + 4 <= dataStart + dataLength && offset >= 0)
                    header.epoch = bytes.readInt32BE(dataStart + offset);
                break;
        }
    }
    return header;
}
/** `bash-5.1.8-6.el9.src.rpm` → name and version-release. */
function parseSourceRpm(sourceRpm) {
    const match = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(sourceRpm);
    return match ? { name: match[1], version: `${match[2]}-${match[3]}` } : undefined;
}
let sqlJs;
/** sql.js with its WebAssembly inlined: loaded only when an image has an rpm database. */
async function loadSqlJs() {
    sqlJs ??= __webpack_require__.e(/* import() */ 865).then(__webpack_require__.t.bind(__webpack_require__, 28865, 23)).then((module) => {
        const init = module.default;
        // sql.js undefines `module` and then writes `module.exports` when it sees Node; a bundler turns its
        // `typeof module` guard into `true`, and the write throws. Its WebAssembly is inline, so it needs
        // nothing Node-specific: while it starts (synchronously), it is told it runs in a renderer.
        const runtime = process;
        const saved = Object.getOwnPropertyDescriptor(runtime, 'type');
        runtime.type = 'renderer';
        try {
            return init();
        }
        finally {
            if (saved)
                Object.defineProperty(runtime, 'type', saved);
            else
                delete runtime.type;
        }
    });
    return sqlJs;
}
/** The rpm sqlite database (Fedora ≥ 33, RHEL/Rocky/Alma ≥ 9): one header blob a row of `Packages`. */
async function catalogRpmSqlite(file, os) {
    const SQL = await loadSqlJs();
    const database = new SQL.Database(new Uint8Array(file.content));
    const components = [];
    const namespace = os?.id ?? 'redhat';
    try {
        const rows = database.exec('SELECT blob FROM Packages')[0]?.values ?? [];
        for (const [blob] of rows) {
            if (!(blob instanceof Uint8Array))
                continue;
            const header = parseRpmHeader(blob);
            if (!header?.name || !header.version || header.name === 'gpg-pubkey')
                continue;
            const versionRelease = header.release ? `${header.version}-${header.release}` : header.version;
            const epoch = header.epoch ?? 0;
            const source = header.sourceRpm ? parseSourceRpm(header.sourceRpm) : undefined;
            components.push({
                ecosystem: 'rpm',
                name: header.name,
                // As rpm and Trivy print it: the epoch is in the purl's qualifier, not in the version.
                version: versionRelease,
                purl: formatPurl({
                    type: 'rpm',
                    namespace,
                    name: header.name,
                    version: versionRelease,
                    qualifiers: {
                        arch: header.arch,
                        epoch: epoch ? String(epoch) : undefined,
                        distro: os ? distroQualifier(os.id, os.versionId) : undefined,
                    },
                }),
                licenses: header.license ? [header.license] : [],
                path: file.path,
                layer: os_packages_layerOf(file),
                ...(source ? { source } : {}),
                epoch,
                ...(header.arch ? { arch: header.arch } : {}),
            });
        }
    }
    finally {
        database.close();
    }
    return components;
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/types.ts
// What the catalogers find in an image, before it is written as CycloneDX or SPDX.
const ecosystems = ['apk', 'deb', 'rpm', 'npm', 'pypi', 'golang', 'maven'];
/** Operating-system package ecosystems: their purls carry the distro. */
function isOsEcosystem(ecosystem) {
    return ecosystem === 'apk' || ecosystem === 'deb' || ecosystem === 'rpm';
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/generate.ts
// Makes the SBOM of one platform image: its manifest, its config, its layers streamed once.







const maxConfigBytes = 4 * 1024 * 1024;
const keep = { kind: 'keep' };
const rpmMarker = { kind: 'scan', scan: async () => ({ unsupportedRpmDatabase: true }) };
/** Which files the catalogers read: package databases and manifests kept, binaries and archives scanned. */
function sbomFileSelector(limits) {
    const javaScan = { kind: 'scan', scan: javaArchiveScanner(limits.maxFileBytes) };
    const goScan = { kind: 'scan', scan: scanGoBinary };
    return (path, mode, size) => {
        if (rpmOtherPaths.includes(path))
            return rpmMarker;
        if (isOsDatabasePath(path) || isNpmManifestPath(path) || isPythonMetadataPath(path))
            return keep;
        if (isJavaArchivePath(path))
            return javaScan;
        if ((mode & 0o111) !== 0 && size >= 1024)
            return goScan;
        return undefined;
    };
}
/** Catalogues the files of an image (already read from its layers). */
async function catalogFiles(get, all, warnings) {
    const os = findOsRelease(get);
    const components = [];
    const apk = get(apkDatabasePath);
    if (apk?.content)
        components.push(...catalogApk(apk, os));
    const copyrights = new Map();
    for (const file of all) {
        const match = /^usr\/share\/doc\/([^/]+)\/copyright$/.exec(file.path);
        if (match && file.content)
            copyrights.set(match[1], debianCopyrightLicenses(file.content.toString('utf8')));
    }
    const dpkg = all.filter((file) => isDpkgDatabase(file.path) && file.content);
    if (dpkg.length > 0) {
        components.push(...catalogDpkg(dpkg, os, (name) => copyrights.get(name.replace(/:.*$/, '')) ?? []));
    }
    for (const path of rpmSqlitePaths) {
        const file = get(path);
        if (!file?.content)
            continue;
        try {
            components.push(...(await catalogRpmSqlite(file, os)));
        }
        catch (error) {
            warnings.push(`/${path} is not a readable rpm sqlite database (${error instanceof Error ? error.message : String(error)})`);
        }
    }
    for (const file of all) {
        if (file.result && typeof file.result === 'object' && 'unsupportedRpmDatabase' in file.result) {
            warnings.push(`/${file.path} is a Berkeley DB or ndb rpm database, which airlock does not read: its OS packages are not in the SBOM (RHEL/Rocky/Alma ≥ 9 and Fedora use sqlite)`);
        }
        else if (file.result && typeof file.result === 'object' && 'goVersion' in file.result) {
            components.push(...catalogGoBinary(file, file.result));
        }
        else if (file.result && typeof file.result === 'object' && 'pomProperties' in file.result) {
            components.push(...catalogJavaArchive(file, file.result));
        }
        else if (file.content && isNpmManifestPath(file.path)) {
            const component = catalogNpm(file);
            if (component)
                components.push(component);
        }
        else if (file.content && isPythonMetadataPath(file.path)) {
            const component = catalogPython(file);
            if (component)
                components.push(component);
        }
    }
    const order = (c) => ecosystems.indexOf(c.ecosystem);
    components.sort((a, b) => order(a) - order(b) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.version < b.version ? -1 : a.version > b.version ? 1 : 0) ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { ...(os ? { os } : {}), components: mergeSamePackages(components) };
}
/**
 * One component per package: the same purl installed in several places (an npm package nested under two
 * dependents) is one component that lists every path, as scanners count it.
 */
function mergeSamePackages(components) {
    const byPurl = new Map();
    const merged = [];
    for (const component of components) {
        const first = byPurl.get(component.purl);
        if (first) {
            first.otherPaths = [...(first.otherPaths ?? []), component.path];
            continue;
        }
        byPurl.set(component.purl, component);
        merged.push(component);
    }
    return merged;
}
/** The SBOM of one platform image, read from the registry (or an OCI layout). */
async function generateSbom(options) {
    const { repository, name, digest, logger } = options;
    const limits = options.limits ?? defaultSbomLimits;
    const { manifest } = await repository.getManifest(digest);
    if ((0,types/* isIndex */.nw)(manifest))
        throw new Error(`${name}@${digest} is an index: give one of its platform images`);
    let config = {};
    if (manifest.config.size <= maxConfigBytes) {
        const bytes = await (0,blob_streams/* readAtMost */.rU)(await repository.getBlob(manifest.config), maxConfigBytes);
        try {
            config = JSON.parse(bytes?.toString('utf8') ?? '{}');
        }
        catch {
            logger.debug(`the config of ${name}@${digest} is not JSON`);
        }
    }
    const diffIds = config.rootfs?.diff_ids ?? [];
    const warnings = [];
    const layers = [];
    for (const [index, layer] of manifest.layers.entries()) {
        // Foreign (Windows base) layers live elsewhere, and a layer that is not a tar is no filesystem.
        if (/foreign|nondistributable/.test(layer.mediaType) || !/tar/.test(layer.mediaType)) {
            warnings.push(`layer ${layer.digest} (${layer.mediaType}) is not read: not a distributable filesystem layer`);
            continue;
        }
        layers.push({
            digest: layer.digest,
            ...(diffIds[index] ? { diffId: diffIds[index] } : {}),
            open: () => repository.getBlob(layer),
        });
    }
    const files = await readImageFiles(layers, sbomFileSelector(limits), logger, limits);
    const catalogued = await catalogFiles((path) => files.get(path), files.all(), warnings);
    for (const warning of warnings)
        logger.warning(warning);
    const platform = config.os && config.architecture
        ? formatPlatform({
            os: config.os,
            architecture: config.architecture,
            ...(config.variant ? { variant: config.variant } : {}),
        })
        : undefined;
    return { name, digest, ...(platform ? { platform } : {}), ...catalogued, warnings };
}
/** Components per ecosystem, in the catalogers' order, ecosystems with none left out. */
function countByEcosystem(sbom) {
    const counts = {};
    for (const ecosystem of ecosystems) {
        const count = sbom.components.filter((component) => component.ecosystem === ecosystem).length;
        if (count > 0)
            counts[ecosystem] = count;
    }
    return counts;
}

// EXTERNAL MODULE: ./packages/core/node_modules/@cyclonedx/cyclonedx-library/dist.node/spdx.js
var spdx = __webpack_require__(90044);
// EXTERNAL MODULE: ./packages/core/node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/index.js
var enums = __webpack_require__(61302);
// EXTERNAL MODULE: ./packages/core/node_modules/@cyclonedx/cyclonedx-library/dist.node/models/index.js
var models = __webpack_require__(69926);
// EXTERNAL MODULE: ./packages/core/node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/index.node.js
var index_node = __webpack_require__(42206);
// EXTERNAL MODULE: ./packages/core/node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/index.js
var spec = __webpack_require__(42231);
;// CONCATENATED MODULE: ./packages/core/src/sbom/cyclonedx.ts
// CycloneDX 1.6 JSON, built with the CycloneDX library's models and serializer.








const cyclonedxPredicateType = 'https://cyclonedx.org/bom';
const cyclonedxMediaType = 'application/vnd.cyclonedx+json';
/** Properties airlock writes on each component (the CycloneDX property taxonomy allows any namespace). */
const ComponentProperty = {
    ecosystem: 'airlock:package:type',
    path: 'airlock:package:path',
    layerDigest: 'airlock:layer:digest',
    layerDiffId: 'airlock:layer:diff-id',
};
/**
 * Trivy reads the source package of an OS package from these properties of its own namespace; without
 * them `trivy sbom` matches advisories against the binary package name and misses most Debian findings.
 */
const TrivyProperty = {
    srcName: 'aquasecurity:trivy:SrcName',
    srcVersion: 'aquasecurity:trivy:SrcVersion',
    srcRelease: 'aquasecurity:trivy:SrcRelease',
    srcEpoch: 'aquasecurity:trivy:SrcEpoch',
};
/** Is `text` a license expression of SPDX IDs (with AND / OR / WITH and parentheses)? */
function isSpdxExpression(text) {
    const tokens = text.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
    if (tokens.length === 0)
        return false;
    let expectId = true;
    for (const token of tokens) {
        if (expectId) {
            const id = token.endsWith('+') ? token.slice(0, -1) : token;
            if (!(0,spdx.isSupportedSpdxId)(id) && !/^LicenseRef-[A-Za-z0-9.-]+$/.test(id))
                return false;
        }
        else if (!['AND', 'OR', 'WITH'].includes(token))
            return false;
        expectId = !expectId;
    }
    return !expectId;
}
function licenseOf(text) {
    if ((0,spdx.isSupportedSpdxId)(text))
        return new models.SpdxLicense(text);
    if (isSpdxExpression(text) && /\s/.test(text))
        return new models.LicenseExpression(text);
    return new models.NamedLicense(text);
}
function sourceProperties(component) {
    if (!isOsEcosystem(component.ecosystem) || !component.source)
        return [];
    const version = component.source.version ?? component.version;
    const properties = [new models.Property(TrivyProperty.srcName, component.source.name)];
    if (component.ecosystem === 'apk') {
        properties.push(new models.Property(TrivyProperty.srcVersion, version));
        return properties;
    }
    let { epoch, version: rest } = component.ecosystem === 'deb' ? splitDebianVersion(version) : { epoch: component.epoch ?? 0, version };
    if (component.ecosystem === 'rpm') {
        epoch = component.epoch ?? 0;
        rest = rest.replace(/^\d+:/, '');
    }
    const dash = rest.lastIndexOf('-');
    properties.push(new models.Property(TrivyProperty.srcVersion, dash > 0 ? rest.slice(0, dash) : rest));
    if (dash > 0)
        properties.push(new models.Property(TrivyProperty.srcRelease, rest.slice(dash + 1)));
    if (epoch)
        properties.push(new models.Property(TrivyProperty.srcEpoch, String(epoch)));
    return properties;
}
function toComponent(component) {
    const model = new models.Component(component.kind === 'application' ? enums.ComponentType.Application : enums.ComponentType.Library, component.group && component.name.startsWith(`${component.group}/`)
        ? component.name.slice(component.group.length + 1)
        : component.name, {
        bomRef: component.purl,
        version: component.version,
        purl: component.purl,
        ...(component.group ? { group: component.group } : {}),
    });
    for (const license of component.licenses)
        model.licenses.add(licenseOf(license));
    model.properties.add(new models.Property(ComponentProperty.ecosystem, component.ecosystem));
    for (const path of [component.path, ...(component.otherPaths ?? [])]) {
        model.properties.add(new models.Property(ComponentProperty.path, path));
    }
    model.properties.add(new models.Property(ComponentProperty.layerDigest, component.layer.digest));
    if (component.layer.diffId)
        model.properties.add(new models.Property(ComponentProperty.layerDiffId, component.layer.diffId));
    for (const property of sourceProperties(component))
        model.properties.add(property);
    return model;
}
/** The SBOM as a CycloneDX 1.6 JSON document. */
function toCycloneDx(sbom, options) {
    const image = new models.Component(enums.ComponentType.Container, sbom.name, {
        bomRef: `${sbom.name}@${sbom.digest}`,
        version: sbom.digest,
    });
    if (sbom.platform)
        image.properties.add(new models.Property('airlock:image:platform', sbom.platform));
    const tools = new models.Tools();
    tools.components.add(new models.Component(enums.ComponentType.Application, 'airlock', { group: 'airlock', version: options.toolVersion }));
    const bom = new models.Bom({
        serialNumber: `urn:uuid:${(0,external_node_crypto_.randomUUID)()}`,
        metadata: new models.Metadata({ timestamp: options.created ?? new Date(), tools, component: image }),
    });
    // The dependency graph: the image holds the OS and the language packages, the OS its own packages.
    // Scanners (Trivy) take OS packages from what the operating-system component depends on.
    let os;
    if (sbom.os) {
        os = new models.Component(enums.ComponentType.OperatingSystem, sbom.os.id, {
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
    const serializer = new index_node.JsonSerializer(new index_node.JSON.Normalize.Factory(spec.Spec1dot6));
    return JSON.parse(serializer.serialize(bom, { sortLists: true }));
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/spdx.ts
// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): the image as the described package, the OS
// and each component as packages it CONTAINS, purls as package-manager external references.



const spdxPredicateType = 'https://spdx.dev/Document/v2.3';
const spdxMediaType = 'application/spdx+json';
/** A valid SPDX ID part: letters, digits, `.` and `-`. */
function idPart(text) {
    return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}
/** The SBOM as an SPDX 2.3 JSON document. */
function toSpdx(sbom, options) {
    const extracted = new Map();
    const declared = (licenses) => {
        if (licenses.length === 0)
            return 'NOASSERTION';
        const parts = licenses.map((license) => {
            if ((0,spdx.isSupportedSpdxId)(license))
                return license;
            if (isSpdxExpression(license))
                return /\s/.test(license) ? `(${license})` : license;
            const id = `LicenseRef-${idPart(license)}`;
            extracted.set(id, license);
            return id;
        });
        return parts.length === 1 ? parts[0].replace(/^\((.*)\)$/, '$1') : parts.join(' AND ');
    };
    const imageId = 'SPDXRef-Image';
    const packages = [
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
    const used = new Set();
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
            sourceInfo: `${component.ecosystem} package read from /${component.path} in layer ${component.layer.digest}` +
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
        documentNamespace: `https://airlock.dev/spdx/${encodeURIComponent(sbom.name)}/${sbom.digest}/${(0,external_node_crypto_.randomUUID)()}`,
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
function uniqueId(component, used) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(`${component.purl}\n${component.path}`).digest('hex').slice(0, 12);
    let id = `SPDXRef-Package-${idPart(component.ecosystem)}-${idPart(component.name)}-${hash}`;
    for (let n = 2; used.has(id); n++)
        id = `${id}-${n}`;
    used.add(id);
    return id;
}

;// CONCATENATED MODULE: ./packages/core/src/sbom/document.ts
// SBOM documents given by the user: recognised as CycloneDX or SPDX JSON, and checked before they are
// attested. Also: the predicate type of each, and component counts for the summary.



/** The largest SBOM file attest-sbom accepts (a registry layer of that size is already unusual). */
const maxSbomFileBytes = 16 * 1024 * 1024;
function purlType(purl) {
    return typeof purl === 'string' ? (/^pkg:([^/]+)\//.exec(purl)?.[1] ?? 'other') : 'other';
}
/** Recognises and checks an SBOM document; `source` names it in messages (the input and the file). */
function parseSbomDocument(bytes, source) {
    if (bytes.length > maxSbomFileBytes) {
        throw new errors/* ConfigurationError */.j1(`${source} is ${bytes.length} bytes, over the ${maxSbomFileBytes}-byte (16 MB) limit for an attested SBOM; ` +
            'give a smaller SBOM, or leave the input empty to let attest-sbom make one per platform');
    }
    let document;
    try {
        document = JSON.parse(bytes.toString('utf8'));
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`${source} is not JSON (${error instanceof Error ? error.message : String(error)}); give a CycloneDX or SPDX JSON document`);
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
        throw new errors/* ConfigurationError */.j1(`${source} is not a JSON object; give a CycloneDX or SPDX JSON document`);
    }
    const record = document;
    if (record.bomFormat === 'CycloneDX') {
        if (typeof record.specVersion !== 'string' || !/^1\.\d+$/.test(record.specVersion)) {
            throw new errors/* ConfigurationError */.j1(`${source} is CycloneDX without a valid specVersion (got ${JSON.stringify(record.specVersion)}); give a CycloneDX 1.x JSON document`);
        }
        if (record.components !== undefined && !Array.isArray(record.components)) {
            throw new errors/* ConfigurationError */.j1(`${source}: 'components' is not a list; the CycloneDX document is malformed`);
        }
        const byType = {};
        let components = 0;
        const visit = (list) => {
            if (!Array.isArray(list))
                return;
            for (const item of list) {
                if (typeof item !== 'object' || item === null)
                    continue;
                const component = item;
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
            throw new errors/* ConfigurationError */.j1(`${source} is ${version}, which attest-sbom does not attest; give SPDX 2.x JSON (or CycloneDX)`);
        }
        if (typeof record.SPDXID !== 'string' || !Array.isArray(record.packages ?? [])) {
            throw new errors/* ConfigurationError */.j1(`${source} is SPDX without SPDXID or with malformed 'packages'; check the document`);
        }
        const byType = {};
        let components = 0;
        for (const item of record.packages ?? []) {
            const refs = item
                ?.externalRefs;
            const purl = Array.isArray(refs)
                ? refs.find((ref) => ref?.referenceType === 'purl')?.referenceLocator
                : undefined;
            if (!purl || purl.startsWith('pkg:oci/'))
                continue;
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
    throw new errors/* ConfigurationError */.j1(`${source} is neither CycloneDX (no "bomFormat": "CycloneDX") nor SPDX (no "spdxVersion"); give a CycloneDX or SPDX JSON document`);
}

;// CONCATENATED MODULE: ./packages/core/src/oci/referrers.ts
// Referrers: the artifacts (signatures, SBOMs, attestations, our records) attached to an image digest.
// They are read through Repository.referrers (the referrers API, or the `sha256-<hex>` tag index where
// the registry has none) plus cosign's tag layout, copied along with images, and written by one writer.










/** Cosign keeps signatures, attestations and SBOMs under tags named after the digest they are about. */
const cosignTagSuffixes = (/* unused pure expression or super */ null && (['sig', 'att', 'sbom']));
/** The artifact type of a referrer manifest, as the referrers API reports it. */
function referrerDescriptor(bytes, mediaType, where) {
    const manifest = (0,oci_manifest/* parseManifest */.N)(bytes, where);
    const artifactType = manifest.artifactType ?? ((0,types/* isIndex */.nw)(manifest) ? undefined : manifest.config.mediaType);
    return {
        mediaType: mediaType || (0,oci_manifest/* manifestMediaType */.g)(manifest),
        digest: (0,oci_digest/* sha256Digest */.sI)(bytes),
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
    const tag = (0,oci_digest/* digestTag */.t9)(subjectDigest);
    await serialized(`${repository.display}:${tag}`, () => addToFallbackIndex(repository, tag, referrer));
}
async function addToFallbackIndex(repository, tag, referrer) {
    const capable = repository;
    let lastFailure;
    for (let attempt = 1; attempt <= fallbackIndexAttempts; attempt++) {
        const current = (await repository.resolve(tag)) ? await capable.getManifest(tag) : undefined;
        if (current && !(0,types/* isIndex */.nw)(current.manifest)) {
            throw new errors/* RegistryError */.gl(`${repository.display}:${tag} is not an image index; cannot list referrers there`);
        }
        const index = current
            ? current.manifest
            : { schemaVersion: 2, mediaType: types/* MediaType */.zu.ociIndex, manifests: [] };
        if (index.manifests.some((entry) => entry.digest === referrer.digest))
            return;
        index.manifests.push(referrer);
        const bytes = Buffer.from(JSON.stringify(index));
        try {
            if (capable.putManifestWithResult) {
                await capable.putManifestWithResult(bytes, types/* MediaType */.zu.ociIndex, {
                    tag,
                    ...(current?.etag ? { ifMatch: current.etag } : {}),
                });
            }
            else {
                await repository.putManifest(bytes, types/* MediaType */.zu.ociIndex, tag);
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
        if ((0,types/* isIndex */.nw)(after.manifest) && after.manifest.manifests.some((entry) => entry.digest === referrer.digest))
            return;
    }
    throw new errors/* RegistryError */.gl(`${repository.display}: could not add ${referrer.digest} to the referrers index ${tag} ` +
        `after ${fallbackIndexAttempts} attempts (` +
        (lastFailure ? (0,errors/* errorMessage */.gJ)(lastFailure) : 'other writers kept replacing it') +
        ')');
}
/** A registry write that failed in a way another attempt may mend: 5xx, 429, 408, or no answer at all. */
function isTransientWriteFailure(error) {
    if (!(error instanceof errors/* RegistryError */.gl) || error instanceof oci_digest/* DigestMismatchError */.h)
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
    mediaType: types/* MediaType */.zu.ociEmpty,
    digest: sha256(emptyConfig),
    size: emptyConfig.length,
};
/** Records bigger than this are not read (a scan record with every finding stays far below it). */
const maxRecordBytes = (/* unused pure expression or super */ null && (64 * 1024 * 1024));
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
        bundle = await signer.signDsse(statementBytes, statement_inTotoPayloadType);
        layerBytes = Buffer.from(JSON.stringify(bundle));
        artifactType = types/* MediaType */.zu.sigstoreBundle;
        annotations = {
            [RecordAnnotation.bundleContent]: 'dsse-envelope',
            [RecordAnnotation.bundlePredicateType]: statement.predicateType,
            [RecordAnnotation.created]: created,
        };
    }
    else {
        layerBytes = statementBytes;
        artifactType = types/* MediaType */.zu.inToto;
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
        mediaType: types/* MediaType */.zu.ociManifest,
        artifactType,
        config: emptyConfigDescriptor,
        layers: [layer],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    await attachReferrer(repository, subject, manifestBytes, types/* MediaType */.zu.ociManifest);
    const descriptor = {
        mediaType: types/* MediaType */.zu.ociManifest,
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

;// CONCATENATED MODULE: ./packages/core/src/sbom/github-attestation.ts
// GitHub's artifact attestations API (POST /repos/{owner}/{repo}/attestations): stores a Sigstore bundle
// so that `gh attestation verify` finds it by digest. The token needs `attestations: write`.


/** The most bytes of an answer read (an id, or an error message). */
const maxAnswerBytes = 64 * 1024;
/** Stores the bundle; returns the attestation's id. */
async function postGithubAttestation(options) {
    const { apiUrl, token, repository, bundle } = options;
    const response = await fetch(`${apiUrl.replace(/\/$/, '')}/repos/${repository}/attestations`, {
        method: 'POST',
        headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/vnd.github+json',
            'content-type': 'application/json',
            'x-github-api-version': '2022-11-28',
        },
        body: JSON.stringify({ bundle }),
    });
    // An answer past the bound is read as no answer: the status says enough.
    const text = (await (0,limits/* readFetchTextBounded */.xC)(response, maxAnswerBytes)) ?? '';
    let body = {};
    try {
        body = JSON.parse(text);
    }
    catch {
        // not JSON: the status says enough
    }
    if (!response.ok) {
        const detail = typeof body.message === 'string' ? `: ${body.message}` : '';
        const advice = response.status === 401 || response.status === 403 || response.status === 404
            ? " (the job needs 'permissions: attestations: write' and 'github-token')"
            : '';
        throw new errors/* RegistryError */.gl(`GitHub API ${response.status} storing the attestation in ${repository}${detail}${advice}`, response.status);
    }
    return body.id === undefined ? '' : String(body.id);
}

// EXTERNAL MODULE: ./packages/core/src/action/inputs.ts
var inputs = __webpack_require__(1363);
;// CONCATENATED MODULE: ./actions/attest-sbom/src/inputs.ts



const sbomFormats = ['cyclonedx', 'spdx'];
/** Reads the SBOM file of input 'sbom': its size first, so a huge file is refused before it is read. */
function readSbomFile(path) {
    const source = `input 'sbom' (${path})`;
    let size;
    try {
        size = (0,external_node_fs_.statSync)(path).size;
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`input 'sbom': cannot read '${path}' (${error.code ?? String(error)}); give the path of a CycloneDX or SPDX JSON file, or leave it empty to make SBOMs from the image`);
    }
    if (size > maxSbomFileBytes) {
        throw new errors/* ConfigurationError */.j1(`${source} is ${size} bytes, over the ${maxSbomFileBytes}-byte (16 MB) limit for an attested SBOM; ` +
            'give a smaller SBOM, or leave the input empty to let attest-sbom make one per platform');
    }
    return parseSbomDocument((0,external_node_fs_.readFileSync)(path), source);
}
/** Reads and checks every input before anything is fetched. */
function readInputs() {
    const image = (0,oci_reference/* parseReference */.F2)((0,inputs/* stringInput */.Uj)('image', { required: true }), 'image');
    if (image.kind !== 'registry') {
        throw new errors/* ConfigurationError */.j1("input 'image' must name an image on a registry, got an OCI layout");
    }
    const sbomPath = (0,inputs/* stringInput */.Uj)('sbom');
    const pushToRegistry = (0,inputs/* booleanInput */.tE)('push-to-registry', true);
    const githubAttestation = (0,inputs/* booleanInput */.tE)('github-attestation', false);
    if (!pushToRegistry && !githubAttestation) {
        throw new errors/* ConfigurationError */.j1("inputs 'push-to-registry' and 'github-attestation' are both false: the attestation would go nowhere; set one of them to true");
    }
    return {
        image,
        sbom: sbomPath ? { path: sbomPath, document: readSbomFile(sbomPath) } : undefined,
        format: (0,inputs/* choiceInput */.ij)('format', sbomFormats, 'cyclonedx'),
        platforms: parsePlatforms((0,inputs/* listInput */.dt)('platforms'), 'platforms'),
        pushToRegistry,
        githubAttestation,
        sigstore: (0,context/* sigstoreInputs */.sq)(),
        credential: (0,context/* credentialPairInput */.ER)(),
        githubToken: (0,inputs/* secretInput */.jY)('github-token'),
        insecureRegistries: (0,inputs/* listInput */.dt)('insecure-registries'),
    };
}

;// CONCATENATED MODULE: ./actions/attest-sbom/src/main.ts






/** The version written in generated SBOMs as the tool that made them. */
const toolVersion = '0.1.0';
/** Sigstore is loaded only when the job can sign (`id-token: write`). */
async function jobSigner(inputs) {
    if (!process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
        return undefined;
    const { jobRecordSigner } = await Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(966)]).then(__webpack_require__.bind(__webpack_require__, 67966));
    return jobRecordSigner(inputs.sigstore);
}
async function main() {
    const env = process.env;
    const inputs = readInputs();
    const logger = run/* actionsLogger */.MV;
    const name = (0,oci_reference/* repositoryOf */._M)(inputs.image);
    const client = (0,context/* actionRegistryClient */.t7)({
        hosts: inputs.credential ? { [inputs.image.registry]: inputs.credential } : {},
        dockerConfigPath: (0,docker_config/* defaultDockerConfigPath */.Lw)(env),
        ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    }, inputs.insecureRegistries, env);
    const signer = await jobSigner(inputs);
    if (inputs.githubAttestation && !signer) {
        throw new errors/* ConfigurationError */.j1("input 'github-attestation' needs a signed attestation, and this job has no OIDC identity: add 'permissions: id-token: write' (and 'attestations: write') to the job");
    }
    logger.info(signer
        ? 'attestations are signed with the job’s OIDC identity (Sigstore keyless)'
        : 'attestations are unsigned in-toto statements: the job has no OIDC identity (add permissions: id-token: write to sign them)');
    const out = (0,external_node_path_.join)(env.RUNNER_TEMP ?? (0,external_node_path_.join)(process.cwd(), '.airlock-temp'), 'airlock-sbom');
    (0,external_node_fs_.mkdirSync)(out, { recursive: true });
    try {
        const repository = openRepository(inputs.image, { client });
        const reference = inputs.image.digest ?? inputs.image.tag ?? 'latest';
        const image = await logger.group(`Resolve ${name}`, () => resolveSbomTargets(repository, name, reference, inputs.platforms, logger));
        core/* setOutput */.uH('digest', image.descriptor.digest);
        // Every SBOM is made (or read) before any is attached: a failure leaves nothing half-attested.
        const planned = await logger.group(inputs.sbom ? `Check ${inputs.sbom.path}` : `Make the SBOMs of ${name}@${image.descriptor.digest}`, () => planSboms(inputs, repository, name, image, out, logger));
        const attested = [];
        await logger.group('Attest', async () => {
            for (const sbom of planned)
                attested.push(await attest(inputs, repository, name, sbom, signer, out, logger));
        });
        core/* setOutput */.uH('sbom', attested.map((sbom) => sbom.file).join('\n'));
        core/* setOutput */.uH('components', String(attested.reduce((sum, sbom) => sum + sbom.document.components, 0)));
        core/* setOutput */.uH('predicate-type', attested[0]?.document.predicateType ?? '');
        core/* setOutput */.uH('attestation-digest', attested.flatMap((sbom) => sbom.recordDigest ?? []).join('\n'));
        core/* setOutput */.uH('bundle', attested.flatMap((sbom) => sbom.bundleFile ?? []).join('\n'));
        await core/* summary */.z.addRaw(summaryMarkdown(name, image.descriptor.digest, attested, inputs)).write();
    }
    finally {
        await client.close();
    }
}
async function planSboms(inputs, repository, name, image, out, logger) {
    if (inputs.sbom) {
        // A given SBOM is about what `image` names; with one platform picked out of an index, about that one.
        const only = image.isIndex && inputs.platforms !== 'all' && image.targets.length === 1
            ? image.targets[0]
            : undefined;
        const subject = only?.descriptor ?? image.descriptor;
        const document = inputs.sbom.document;
        logger.info(`${inputs.sbom.path}: ${document.format === 'cyclonedx' ? 'CycloneDX' : 'SPDX'}, ${document.components} components; about ${name}@${subject.digest}`);
        return [
            {
                platform: only?.platform ?? (image.isIndex ? '' : (image.targets[0]?.platform ?? '')),
                subject,
                document,
                file: inputs.sbom.path,
            },
        ];
    }
    const planned = [];
    for (const target of image.targets) {
        const started = Date.now();
        const sbom = await generateSbom({ repository, name, digest: target.descriptor.digest, logger });
        const made = inputs.format === 'spdx' ? toSpdx(sbom, { toolVersion }) : toCycloneDx(sbom, { toolVersion });
        const bytes = Buffer.from(JSON.stringify(made));
        const label = target.platform || target.descriptor.digest;
        const file = (0,external_node_path_.join)(out, `${(target.platform || target.descriptor.digest).replace(/[/:]/g, '-')}.${inputs.format === 'spdx' ? 'spdx' : 'cdx'}.json`);
        (0,external_node_fs_.writeFileSync)(file, bytes);
        const document = parseSbomDocument(bytes, `the SBOM of ${label}`);
        const counts = Object.entries(countByEcosystem(sbom))
            .map(([ecosystem, count]) => `${count} ${ecosystem}`)
            .join(', ');
        logger.info(`${label}: ${sbom.components.length} components (${counts || 'none'})` +
            `${sbom.os ? ` on ${sbom.os.prettyName ?? `${sbom.os.id} ${sbom.os.versionId}`}` : ''}, made in ${Date.now() - started} ms`);
        planned.push({
            platform: target.platform || sbom.platform || '',
            subject: target.descriptor,
            document,
            file,
        });
    }
    return planned;
}
async function attest(inputs, repository, name, sbom, signer, out, logger) {
    const statement = sbomStatement(name, sbom.subject.digest, sbom.document.predicateType, sbom.document.document);
    const result = { ...sbom, signed: signer !== undefined };
    let bundle;
    if (inputs.pushToRegistry) {
        const written = await writeRecord({
            repository,
            subject: sbom.subject,
            statement,
            ...(signer ? { signer } : {}),
            logger,
        });
        result.recordDigest = written.descriptor.digest;
        bundle = written.bundle;
    }
    else if (signer) {
        bundle = await signer.signDsse(Buffer.from(JSON.stringify(statement)), statement_inTotoPayloadType);
    }
    if (bundle) {
        result.bundleFile = (0,external_node_path_.join)(out, `${sbom.subject.digest.replace(':', '-')}.sigstore.json`);
        (0,external_node_fs_.writeFileSync)(result.bundleFile, JSON.stringify(bundle));
    }
    if (inputs.githubAttestation && bundle) {
        const env = process.env;
        if (!inputs.githubToken) {
            throw new errors/* ConfigurationError */.j1("input 'github-attestation' needs 'github-token' (with permissions: attestations: write)");
        }
        result.githubAttestationId = await postGithubAttestation({
            apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
            token: inputs.githubToken,
            repository: env.GITHUB_REPOSITORY ?? '',
            bundle,
        });
        logger.info(`stored in GitHub's attestations as ${result.githubAttestationId || '(no id returned)'}`);
    }
    return result;
}
function summaryMarkdown(name, digest, attested, inputs) {
    const short = (value) => `\`${value.slice(0, 19)}…\``;
    const ecosystems = [...new Set(attested.flatMap((sbom) => Object.keys(sbom.document.byType)))].sort();
    const rows = attested.map((sbom) => [
        sbom.platform || '—',
        short(sbom.subject.digest),
        String(sbom.document.components),
        ...ecosystems.map((type) => String(sbom.document.byType[type] ?? 0)),
        sbom.recordDigest
            ? `${short(sbom.recordDigest)}${sbom.signed ? ' (signed)' : ' (unsigned)'}`
            : sbom.signed
                ? 'signed, not pushed'
                : '—',
    ]);
    const format = attested[0]?.document.format === 'spdx' ? 'SPDX' : 'CycloneDX';
    return [
        `## SBOM attested: \`${name}@${digest.slice(0, 19)}…\``,
        '',
        `${attested.length} ${format} SBOM${attested.length === 1 ? '' : 's'}${inputs.sbom ? ` from \`${inputs.sbom.path}\`` : ', made from the image layers'}` +
            `, ${attested.every((sbom) => sbom.signed) ? 'signed with the job’s identity' : 'unsigned (the job has no `id-token: write`)'}.`,
        '',
        `| platform | digest | components | ${ecosystems.join(' | ')}${ecosystems.length ? ' | ' : ''}attestation |`,
        `|---|---|---|${ecosystems.map(() => '---|').join('')}---|`,
        ...rows.map((row) => `| ${row.join(' | ')} |`),
        '',
    ].join('\n');
}


/***/ }),

/***/ 73407:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t7: () => (/* binding */ actionRegistryClient),
  ER: () => (/* binding */ credentialPairInput),
  RE: () => (/* binding */ repositoryVisibility),
  sq: () => (/* binding */ sigstoreInputs),
  kH: () => (/* binding */ workflowEvent)
});

// UNUSED EXPORTS: defaultSignerIdentities, jobHasOidc, jobTokenClaims, sigstoreInstances, workflowRunUrl

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(96421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: ./packages/core/src/action/inputs.ts
var inputs = __webpack_require__(1363);
// EXTERNAL MODULE: ./packages/core/src/action/run.ts
var run = __webpack_require__(32073);
// EXTERNAL MODULE: ./packages/core/src/logger.ts
var logger = __webpack_require__(9157);
// EXTERNAL MODULE: ./packages/core/src/oci/docker-config.ts
var docker_config = __webpack_require__(27818);
// EXTERNAL MODULE: ./packages/core/src/oci/http.ts
var http = __webpack_require__(53795);
// EXTERNAL MODULE: ./packages/core/src/oci/reference.ts
var oci_reference = __webpack_require__(93966);
// EXTERNAL MODULE: ./packages/core/src/oci/limits.ts
var limits = __webpack_require__(38063);
// EXTERNAL MODULE: ./packages/core/src/oci/blob-streams.ts
var blob_streams = __webpack_require__(59452);
;// CONCATENATED MODULE: ./packages/core/src/oci/registry-answers.ts
// What registries answer, read carefully: media types, distribution error bodies, JSON, `Link` pages
// and query strings. Shared by the registry client and its repositories.




function mediaTypeOf(contentType) {
    return contentType?.split(';')[0]?.trim() || undefined;
}
/** A short reason from a distribution error body (`{"errors":[{"code","message"}]}`), or ''. */
async function errorDetail(response) {
    // Only the first error is used: an endless body is cut at the limit (and then says nothing).
    const bytes = await (0,blob_streams/* readAtMost */.rU)(response.body, limits/* readLimits */.BU.errorBody).catch(() => undefined);
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
        throw new http/* RetryableError */.dw(`${what} is not valid JSON`);
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
    const link = (0,http/* header */.wx)(response.headers, 'link');
    const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
    return match ? new URL(match[1], response.url).toString() : undefined;
}
/**
 * A response body of at most `limit` bytes. A longer one is cut off (its connection closed) and refused
 * with an error naming `what` (which names the registry or token service).
 */
async function readBodyBounded(response, limit, what) {
    const declared = Number((0,http/* header */.wx)(response.headers, 'content-length'));
    if (Number.isFinite(declared) && declared > limit) {
        response.body.destroy();
        throw new errors/* RegistryError */.gl(`${what} is ${declared} bytes, more than the ${(0,limits/* formatLimit */.tW)(limit)} airlock reads`);
    }
    const bytes = await (0,blob_streams/* readAtMost */.rU)(response.body, limit);
    if (bytes === undefined) {
        throw new errors/* RegistryError */.gl(`${what} is larger than the ${(0,limits/* formatLimit */.tW)(limit)} airlock reads; refusing it`);
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
        const host = (0,oci_reference/* registryApiHost */.Mb)(registry.toLowerCase());
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
            if ((0,oci_reference/* registryApiHost */.Mb)(name.toLowerCase()) === host) {
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
                this.dockerConfig = (0,docker_config/* readDockerConfig */.TO)(path);
            if (this.dockerConfig) {
                const found = await (0,docker_config/* credentialFromDockerConfig */.MS)(this.dockerConfig, host, path, this.sources.runCredentialHelper ?? docker_config/* runCredentialHelper */.Zz);
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
        this.logger = options.logger ?? logger/* silentLogger */.q;
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
        const name = host === (0,oci_reference/* registryApiHost */.Mb)(oci_reference/* dockerHub */.UD) ? oci_reference/* dockerHub */.UD : host;
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
            const text = (await readBodyBounded(response, limits/* readLimits */.BU.token, `the answer of the token service ${(0,http/* describeUrl */.Ng)(realm.toString())} for ${host}`)).toString('utf8');
            if (response.status === 401 || response.status === 403) {
                throw new errors/* RegistryError */.gl(`the token service ${(0,http/* describeUrl */.Ng)(realm.toString())} refused access to ${scopes.join(' ') || host} ` +
                    `(HTTP ${response.status}): ${await this.credentialHint(host)}`, response.status);
            }
            if (response.status !== 200) {
                throw new errors/* RegistryError */.gl(`the token service ${(0,http/* describeUrl */.Ng)(realm.toString())} for ${host} answered HTTP ${response.status}`, response.status);
            }
            if (!/json/i.test((0,http/* header */.wx)(response.headers, 'content-type') ?? 'application/json')) {
                throw new errors/* RegistryError */.gl(`the token service ${(0,http/* describeUrl */.Ng)(realm.toString())} for ${host} did not answer JSON`);
            }
            return text;
        });
        let parsed;
        try {
            parsed = JSON.parse(body);
        }
        catch {
            throw new errors/* RegistryError */.gl(`the token service ${(0,http/* describeUrl */.Ng)(realm.toString())} for ${host} did not answer JSON`);
        }
        const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token;
        if (typeof token !== 'string' || token === '') {
            throw new errors/* RegistryError */.gl(`the token service ${(0,http/* describeUrl */.Ng)(realm.toString())} for ${host} returned no token`);
        }
        this.onSecret(token);
        // Tokens without `expires_in` last 60 s (distribution spec); renew a little before the end.
        const lifetimeMs = (typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60) * 1000;
        const expiresAt = issuedAt + lifetimeMs - Math.min(10_000, lifetimeMs / 2);
        this.logger.debug(`token for ${host} (${scopes.join(' ') || 'no scope'}), valid ${Math.round(lifetimeMs / 1000)} s`);
        return { token, scopes, expiresAt };
    }
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./packages/core/src/oci/digest.ts
var oci_digest = __webpack_require__(3547);
// EXTERNAL MODULE: ./packages/core/src/oci/manifest.ts
var oci_manifest = __webpack_require__(74890);
// EXTERNAL MODULE: ./packages/core/src/oci/types.ts
var types = __webpack_require__(60602);
;// CONCATENATED MODULE: ./packages/core/src/oci/registry-repository.ts
// One repository on a registry: the distribution API (manifests, blobs, uploads, mounts, tags,
// referrers) over the client's transport and authenticator, verifying every byte it reads.










const manifestAccept = types/* manifestMediaTypes */.$P.join(', ');
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
        this.host = (0,oci_reference/* registryApiHost */.Mb)(registry);
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
            const digest = (0,http/* header */.wx)(response.headers, 'docker-content-digest');
            const mediaType = mediaTypeOf((0,http/* header */.wx)(response.headers, 'content-type'));
            const size = Number((0,http/* header */.wx)(response.headers, 'content-length'));
            if ((0,oci_digest/* isDigest */.Bc)(reference) && digest !== undefined && digest !== reference) {
                throw new errors/* RegistryError */.gl(`${this.display} answered manifest ${reference} with the digest ${digest}; the registry is not trustworthy`);
            }
            const resolved = digest ?? ((0,oci_digest/* isDigest */.Bc)(reference) ? reference : undefined);
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
        const byDigest = (0,oci_digest/* isDigest */.Bc)(reference);
        return this.call(this.pullScope, { method: 'GET', url: this.url(`manifests/${reference}`), headers: { accept: manifestAccept } }, async (response) => {
            if (response.status === 404) {
                await response.body.dump();
                throw new errors/* RegistryError */.gl(`the manifest ${reference} was not found in ${this.display}${await this.privateHint()}`, 404);
            }
            if (response.status !== 200)
                throw await this.failure(response, `reading manifest ${reference} of`);
            const bytes = await readBodyBounded(response, limits/* readLimits */.BU.manifest, `the manifest ${reference} of ${this.display}`);
            // By digest the reference is the truth; by tag, the registry's digest header is. A byte flipped
            // inside a JSON string still parses, so the bytes are always hashed and compared.
            const expected = byDigest ? reference : (0,http/* header */.wx)(response.headers, 'docker-content-digest');
            if (expected !== undefined && (0,oci_digest/* digestProblem */.WQ)(expected) === undefined) {
                const actual = (0,oci_digest/* digestWithAlgorithmOf */.ro)(expected, bytes);
                if (actual !== expected) {
                    throw new http/* RetryableError */.dw(`the manifest ${reference} of ${this.display} has the digest ${actual}, not ${expected}: ` +
                        'its bytes were changed on the way');
                }
            }
            else if (expected !== undefined) {
                throw new errors/* RegistryError */.gl(`${this.display} sent the manifest digest "${expected}", which is not valid`);
            }
            else {
                this.client.logger.debug(`${this.display} sent no Docker-Content-Digest for ${reference}`);
            }
            const manifest = (0,oci_manifest/* parseManifest */.N)(bytes, `the manifest ${reference} of ${this.display}`);
            const mediaType = manifest.mediaType ?? mediaTypeOf((0,http/* header */.wx)(response.headers, 'content-type'));
            if (!mediaType)
                throw new errors/* RegistryError */.gl(`the manifest ${reference} of ${this.display} has no media type`);
            const digest = expected?.startsWith('sha256:') ? expected : (0,oci_digest/* sha256Digest */.sI)(bytes);
            const etag = (0,http/* header */.wx)(response.headers, 'etag');
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
        const digest = (0,oci_digest/* sha256Digest */.sI)(bytes);
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
            const stored = (0,http/* header */.wx)(response.headers, 'docker-content-digest');
            if (stored !== undefined && stored !== digest) {
                throw new errors/* RegistryError */.gl(`${this.display} stored the manifest ${target} as ${stored}, expected ${digest}`);
            }
            return {
                descriptor: { mediaType, digest, size: bytes.length },
                subjectAccepted: (0,http/* header */.wx)(response.headers, 'oci-subject') !== undefined,
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
        return new blob_streams/* ResumingBody */.DN(first.body, descriptor.size, (offset, resumes, error) => {
            if (resumes > maxBlobResumes) {
                throw new errors/* RegistryError */.gl(`reading ${what} failed after ${offset} bytes and ${maxBlobResumes} resumed connections: ${(0,http/* errorCode */.CA)(error) ?? 'connection lost'}`, undefined, { cause: error });
            }
            this.client.logger.debug(`${what}: connection lost after ${offset} bytes (${(0,http/* errorCode */.CA)(error) ?? 'error'}); resuming`);
            return this.openBlob(descriptor, offset);
        }, new oci_digest/* BlobCheck */.ir(descriptor.digest, descriptor.size, `${this.display} blob`));
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
            const length = (0,http/* header */.wx)(response.headers, 'content-length');
            const range = (0,http/* header */.wx)(response.headers, 'content-range');
            if ((length !== undefined && Number(length) !== expected) ||
                (partial && !range?.startsWith(`bytes ${offset}-`))) {
                await response.body.dump();
                throw new http/* RetryableError */.dw(`${this.display} sent ${length ?? 'an unknown number of'} bytes for the blob ${digest}, expected ${expected}`);
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
        for await (const chunk of (0,blob_streams/* rechunk */.Bs)(body, chunkSize)) {
            const headers = {
                'content-type': 'application/octet-stream',
                'content-length': String(chunk.length),
                'content-range': `${offset}-${offset + chunk.length - 1}`,
            };
            current = await this.call(this.pushScope, { method: 'PATCH', url: current, headers, body: chunk, retryable: false }, async (response) => {
                await response.body.dump();
                if (response.status !== 202)
                    throw await this.failure(response, `uploading blob ${descriptor.digest} to`);
                const next = (0,http/* header */.wx)(response.headers, 'location');
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
                const location = (0,http/* header */.wx)(response.headers, 'location');
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
            const location = (0,http/* header */.wx)(response.headers, 'location');
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
            const stored = (0,http/* header */.wx)(response.headers, 'docker-content-digest');
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
            const answer = await this.call(this.pullScope, { method: 'GET', url: current, headers: { accept: types/* MediaType */.zu.ociIndex } }, async (response) => {
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
        const tag = (0,oci_digest/* digestTag */.t9)(digest);
        if (!(await this.resolve(tag)))
            return undefined;
        const data = await this.getManifest(tag);
        if (!(0,types/* isIndex */.nw)(data.manifest)) {
            throw new errors/* RegistryError */.gl(`the referrers tag ${tag} of ${this.display} holds a manifest, not an index`);
        }
        return { index: data.manifest, data };
    }
    /** The URL-free description of a request, for messages. */
    describe(path) {
        return (0,http/* describeUrl */.Ng)(this.url(path));
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
            throw new errors/* RegistryError */.gl(`${this.what} pages in a loop (${(0,http/* describeUrl */.Ng)(url)} again); refusing it`);
        }
        this.seen.add(url);
        this.pages++;
        if (this.pages > limits/* readLimits */.BU.listPages) {
            throw new errors/* RegistryError */.gl(`${this.what} goes on for more than ${limits/* readLimits */.BU.listPages} pages; refusing it`);
        }
    }
    /** One page's body as text, within what is left of the total. */
    async read(response) {
        const left = limits/* readLimits */.BU.listTotal - this.bytes;
        const limit = Math.min(limits/* readLimits */.BU.listPage, left);
        let page;
        try {
            page = await readBodyBounded(response, limit, `one page of ${this.what}`);
        }
        catch (error) {
            if (limit < limits/* readLimits */.BU.listPage && error instanceof errors/* RegistryError */.gl) {
                throw new errors/* RegistryError */.gl(`${this.what} is larger than the ${(0,limits/* formatLimit */.tW)(limits/* readLimits */.BU.listTotal)} airlock reads in all; refusing it`);
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
        this.logger = options.logger ?? logger/* silentLogger */.q;
        this.uploadChunkSize = options.uploadChunkSize;
        const onSecret = options.onSecret ?? (() => { });
        this.transport = new http/* HttpTransport */.G5({
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
            throw new Error(`${(0,oci_reference/* formatReference */.FH)(reference)} is not a registry reference`);
        }
        return new RegistryRepository(this, reference.registry, reference.repository);
    }
    /**
     * Checks that the registry answers and accepts our credentials (`GET /v2/`), so that a wrong host or
     * password is reported before any work starts.
     */
    async ping(registry) {
        const host = (0,oci_reference/* registryApiHost */.Mb)(registry);
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
                    const challenge = (0,http/* header */.wx)(response.headers, 'www-authenticate');
                    await response.body.dump().catch(() => undefined);
                    return { done: false, ...(challenge !== undefined ? { challenge } : {}) };
                }
                return { done: true, value: await handle(response) };
            });
            if (outcome.done)
                return outcome.value;
            authorization = await this.auth.answer(host, scopes, outcome.challenge, authorization);
            if ((0,http/* isStream */.rL)(request.body)) {
                throw new errors/* RegistryError */.gl(`${(0,http/* describeUrl */.Ng)(request.url)}: the registry refused the token while the body was sent ` +
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
        core.setSecret(token);
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
    const username = (0,inputs/* stringInput */.Uj)(names[0]);
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
    const proxy = (0,http/* proxySettingsFrom */.Yw)(env);
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
    const instance = (0,inputs/* choiceInput */.ij)('sigstore', sigstoreInstances, 'auto');
    const fulcioUrl = (0,inputs/* stringInput */.Uj)('fulcio-url');
    const rekorUrl = (0,inputs/* stringInput */.Uj)('rekor-url');
    const tsaUrl = (0,inputs/* stringInput */.Uj)('tsa-url');
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


/***/ }),

/***/ 1363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uj: () => (/* binding */ stringInput),
/* harmony export */   dt: () => (/* binding */ listInput),
/* harmony export */   ij: () => (/* binding */ choiceInput),
/* harmony export */   jY: () => (/* binding */ secretInput),
/* harmony export */   tE: () => (/* binding */ booleanInput)
/* harmony export */ });
/* unused harmony exports integerInput, linesInput, durationInput */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37638);



// Typed readers over core.getInput. Every message names the input, so the user knows what to fix.
function stringInput(name, options = {}) {
    const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name).trim();
    if (options.required && value === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input '${name}' is required`);
    return value;
}
function secretInput(name) {
    const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name).trim();
    if (value)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    return value;
}
function booleanInput(name, fallback) {
    const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name).trim().toLowerCase();
    if (value === '')
        return fallback;
    if (['true', 'yes', '1', 'on'].includes(value))
        return true;
    if (['false', 'no', '0', 'off'].includes(value))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input '${name}' must be true or false, got '${value}'`);
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
    return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name)
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
    const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name).trim().toLowerCase();
    if (value === '')
        return fallback;
    if (choices.includes(value))
        return value;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input '${name}' must be one of ${choices.join(', ')}, got '${value}'`);
}
/** A positive duration like `7d`, `24h` or `1d12h`, in milliseconds; `examples` shows the user the form. */
function durationInput(name, fallback, examples) {
    const text = core.getInput(name).trim() || fallback;
    const ms = parseDuration(text);
    if (ms === undefined || ms === 0) {
        throw new ConfigurationError(`input '${name}' must be a duration such as ${examples}, got '${text}'`);
    }
    return ms;
}


/***/ }),

/***/ 32073:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cs: () => (/* binding */ runAction),
/* harmony export */   MV: () => (/* binding */ actionsLogger)
/* harmony export */ });
/* unused harmony exports prepareRunnerFiles, failureMessage */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
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


/***/ }),

/***/ 9157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ silentLogger)
/* harmony export */ });
/* unused harmony export RecordingLogger */
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


/***/ }),

/***/ 59452:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bs: () => (/* binding */ rechunk),
/* harmony export */   DN: () => (/* binding */ ResumingBody),
/* harmony export */   rU: () => (/* binding */ readAtMost)
/* harmony export */ });
/* unused harmony export readBlobBounded */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53795);
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
        throw new RegistryError(`${repository.display}: the ${what} ${descriptor.digest} is ${descriptor.size} bytes, more than the ` +
            `${formatLimit(limit)} airlock reads`);
    }
    // Bytes damaged on the way only show at the end of the stream, too late for the transport to ask
    // again: a read whose digest did not match, or whose connection broke, is made again (three in all).
    for (let attempt = 1;; attempt++) {
        try {
            const bytes = await readAtMost(await repository.getBlob(descriptor), limit);
            if (bytes === undefined) {
                throw new RegistryError(`${repository.display}: the ${what} ${descriptor.digest} is larger than the ${formatLimit(limit)} airlock reads`);
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
class ResumingBody extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable {
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
            if (!(0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isTransientNetworkError */ .l)(error) || this.received >= this.size) {
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


/***/ }),

/***/ 3547:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   Do: () => (/* binding */ DigestVerifier),
/* harmony export */   WQ: () => (/* binding */ digestProblem),
/* harmony export */   h: () => (/* binding */ DigestMismatchError),
/* harmony export */   ir: () => (/* binding */ BlobCheck),
/* harmony export */   ro: () => (/* binding */ digestWithAlgorithmOf),
/* harmony export */   sI: () => (/* binding */ sha256Digest),
/* harmony export */   t9: () => (/* binding */ digestTag)
/* harmony export */ });
/* unused harmony export assertDigest */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37638);
// Content digests: computing them, validating their text, and checking streamed bytes against them.



/** The digest algorithms we compute, with the length of their lower-case hex encoding. */
const algorithms = { sha256: 64, sha512: 128 };
const digestPattern = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
/** `sha256:<hex>` of the bytes. */
function sha256Digest(data) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex')}`;
}
/** The digest of `data` with the same algorithm as `like` (so a sha512 digest is checked as sha512). */
function digestWithAlgorithmOf(like, data) {
    const algorithm = like.slice(0, like.indexOf(':'));
    return `${algorithm}:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(data).digest('hex')}`;
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
class DigestMismatchError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl {
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
        this.hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(digest.slice(0, digest.indexOf(':')));
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
class DigestVerifier extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
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


/***/ }),

/***/ 27818:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lw: () => (/* binding */ defaultDockerConfigPath),
/* harmony export */   MS: () => (/* binding */ credentialFromDockerConfig),
/* harmony export */   TO: () => (/* binding */ readDockerConfig),
/* harmony export */   Zz: () => (/* binding */ runCredentialHelper)
/* harmony export */ });
/* unused harmony exports helperServerUrl, credentialHelperRunner */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37638);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(93966);
// Credentials that `docker login` (and docker/login-action) leave behind: `~/.docker/config.json` with
// inline `auths`, per-registry `credHelpers`, or one `credsStore`, both run as `docker-credential-<name>`.






/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. The action passes its environment. */
function defaultDockerConfigPath(env = {}, home = (0,node_os__WEBPACK_IMPORTED_MODULE_2__.homedir)()) {
    return env['DOCKER_CONFIG']
        ? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(env['DOCKER_CONFIG'], 'config.json')
        : (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(home, '.docker', 'config.json');
}
/** Reads a Docker config file; undefined when there is none. A broken file is the user's to fix. */
function readDockerConfig(path) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`Cannot read the Docker config ${path}: ${error.message}.`);
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`The Docker config ${path} is not valid JSON: fix it or log in again with docker login.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`The Docker config ${path} is not a JSON object: fix it or log in again with docker login.`);
    }
    return parsed;
}
/** The host a config key names: `https://index.docker.io/v1/` → `registry-1.docker.io`. */
function keyHost(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .registryApiHost */ .Mb)(host === 'index.docker.io' ? 'docker.io' : host);
}
function findEntry(map, registry) {
    if (!map)
        return undefined;
    const wanted = (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .registryApiHost */ .Mb)(registry.toLowerCase());
    for (const [key, value] of Object.entries(map)) {
        if (keyHost(key) === wanted)
            return value;
    }
    return undefined;
}
/** The server URL credential helpers know a registry by (Docker Hub's is historical). */
function helperServerUrl(registry) {
    return (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .registryApiHost */ .Mb)(registry) === 'registry-1.docker.io' ? 'https://index.docker.io/v1/' : registry;
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`The Docker config ${path} has an "auth" value that is not base64 of user:password: log in again with docker login.`);
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
            return Promise.reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`The Docker credential helper name "${helper}" is not valid.`));
        }
        const program = `docker-credential-${helper}`;
        return new Promise((resolve, reject) => {
            const options = { timeout: 30_000, maxBuffer: 1 << 20, ...(env ? { env } : {}) };
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(program, ['get'], options, (error, stdout, stderr) => {
                if (error) {
                    if (/credentials not found|no credentials/i.test(`${stdout}${stderr}`)) {
                        resolve(undefined);
                    }
                    else if (error.code === 'ENOENT') {
                        reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`The Docker config names the credential helper "${helper}", but ${program} is not on PATH: install it or remove it from the config.`));
                    }
                    else {
                        // The helper's output is not repeated: it might echo a secret.
                        reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`${program} get failed for ${serverUrl} (exit ${String(error.code)}).`));
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
                    reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`${program} get returned output that is not JSON for ${serverUrl}.`));
                }
            });
            child.stdin?.end(`${serverUrl}\n`);
        });
    };
}
const runCredentialHelper = credentialHelperRunner();


/***/ }),

/***/ 53795:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CA: () => (/* binding */ errorCode),
/* harmony export */   G5: () => (/* binding */ HttpTransport),
/* harmony export */   Ng: () => (/* binding */ describeUrl),
/* harmony export */   Yw: () => (/* binding */ proxySettingsFrom),
/* harmony export */   dw: () => (/* binding */ RetryableError),
/* harmony export */   l: () => (/* binding */ isTransientNetworkError),
/* harmony export */   rL: () => (/* binding */ isStream),
/* harmony export */   wx: () => (/* binding */ header)
/* harmony export */ });
/* unused harmony exports isPermanentError, parseRetryAfter */
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(46752);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37638);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9157);
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
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1 || error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RefusalError */ .XQ)
        return true;
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .fileErrorReason */ .Hs)(errorCode(error)) !== undefined;
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
        this.logger = options.logger ?? _logger_js__WEBPACK_IMPORTED_MODULE_3__/* .silentLogger */ .q;
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
                ? { connect: { ca: [...node_tls__WEBPACK_IMPORTED_MODULE_0__.rootCertificates, ...options.caCertificates] } }
                : {}),
        };
        const proxy = options.proxy;
        // Every proxy field is given explicitly ('' for none), so undici never reads the environment itself.
        this.agent = proxy
            ? new undici__WEBPACK_IMPORTED_MODULE_1__/* .EnvHttpProxyAgent */ .J2({
                ...pool,
                httpProxy: proxy.httpProxy ?? '',
                httpsProxy: proxy.httpsProxy ?? '',
                noProxy: proxy.noProxy ?? '',
            })
            : new undici__WEBPACK_IMPORTED_MODULE_1__/* .Agent */ .g6(pool);
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
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl || !isErrorLike(error))
            return error;
        if (error instanceof RetryableError)
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(error.message, undefined, { cause: error });
        const host = new URL(request.url).host;
        const code = errorCode(error) ?? error.message;
        if (isCertificateError(error)) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(`the TLS certificate of ${host} is not trusted (${code}): add its CA with NODE_EXTRA_CA_CERTS, ` +
                'or, for a test registry only, list the host in insecure-registries', undefined, { cause: error });
        }
        if (isTlsError(error)) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(`cannot reach ${host} over TLS (${code}): if it serves plain HTTP, list it in insecure-registries`, undefined, { cause: error });
        }
        if (isTransientNetworkError(error) || /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(errorCode(error) ?? '')) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(`cannot reach ${host}: ${code}`, undefined, { cause: error });
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(`${describeUrl(request.url)}: too many redirects`);
            const next = new URL(location, url);
            if (next.protocol === 'http:' && !this.isInsecure(next.host)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(`${describeUrl(request.url)} redirected to plain HTTP at ${next.host}; refusing (list the host in insecure-registries to allow it)`);
            }
            if (next.protocol !== 'http:' && next.protocol !== 'https:') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(`${describeUrl(request.url)} redirected to an unsupported URL scheme ${next.protocol}`);
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl(`${describeUrl(request.url)} redirected a streamed upload, which cannot be resent`);
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


/***/ }),

/***/ 38063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BU: () => (/* binding */ readLimits),
/* harmony export */   tW: () => (/* binding */ formatLimit),
/* harmony export */   xC: () => (/* binding */ readFetchTextBounded)
/* harmony export */ });
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


/***/ }),

/***/ 74890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ parseManifest),
/* harmony export */   g: () => (/* binding */ manifestMediaType)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37638);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(60602);
// Reading manifests: the one parser every repository uses (a registry's answer, a layout's blob, a
// manifest about to be written), and the media type a manifest declares or implies.


/** The media type a manifest declares, or the one its shape implies when the field is absent. */
function manifestMediaType(manifest) {
    if (manifest.mediaType)
        return manifest.mediaType;
    return (0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isIndex */ .nw)(manifest) ? _types_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ociIndex : _types_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ociManifest;
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl(`${where} is not a JSON manifest`);
    }
    const shape = parsed;
    if (typeof shape !== 'object' ||
        shape === null ||
        Array.isArray(shape) ||
        shape.schemaVersion !== 2 ||
        !(Array.isArray(shape.manifests) ||
            (typeof shape.config === 'object' && shape.config !== null))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl(`${where} is not a schema 2 OCI or Docker image manifest or index (Docker schema 1 is not supported)`);
    }
    return parsed;
}


/***/ }),

/***/ 93966:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Mb: () => (/* binding */ registryApiHost),
/* harmony export */   UD: () => (/* binding */ dockerHub),
/* harmony export */   _M: () => (/* binding */ repositoryOf)
/* harmony export */ });
/* unused harmony exports withDigest, withTag, referenceTarget, writesTag */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37638);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3547);
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
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${subject}: "${text}" is not a valid image reference: ${problem}.`);
}
function checkTag(text, inputName, tag) {
    if (!tagPattern.test(tag)) {
        fail(text, inputName, `tag "${tag}" may only hold letters, digits, "_", "." and "-", must not start with "." or "-", ` +
            'and is at most 128 characters');
    }
}
function checkDigest(text, inputName, digest) {
    const problem = (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .digestProblem */ .WQ)(digest);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${subject} is empty: give an image such as docker.io/library/alpine:3.20.`);
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


/***/ }),

/***/ 60602:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $P: () => (/* binding */ manifestMediaTypes),
/* harmony export */   nw: () => (/* binding */ isIndex),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
/* unused harmony export isIndexMediaType */
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


/***/ })

};
