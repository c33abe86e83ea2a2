export const id = 420;
export const ids = [420];
export const modules = {

/***/ 35420:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runAction: () => (/* reexport safe */ _run_js__WEBPACK_IMPORTED_MODULE_0__.Cs)
/* harmony export */ });
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32073);
// The runner-facing side: the harness and the typed input readers. Only actions import this.






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
