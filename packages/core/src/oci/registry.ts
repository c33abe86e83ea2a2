// The registry client and its repositories, split by concern: the client (transport, auth, the
// authorized request loop) in registry-client.ts, one repository's distribution API in
// registry-repository.ts, and the reading of registry answers in registry-answers.ts.

export * from './registry-client.ts';
export * from './registry-repository.ts';
