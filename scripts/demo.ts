// The local quarantine pipeline, offline: two registries on loopback stand in for a public registry and
// the organisation's, and the committed action bundles run as GitHub runs them:
//
//   upstream ──mirror──▶ quarantine ──quarantine-scan (real Trivy)──▶ promote ──▶ trusted
//
// One image is clean and reaches the trusted repository; one has a fixable CRITICAL finding and stays
// in quarantine. Every step's job summary is printed, and skopeo checks the result independently.
// Usage: npm run demo [-- --keep]   (--keep leaves the registries running until Enter is pressed)

import {
  TestRegistry,
  fixtureTrivyPath,
  publishTrivyDb,
  pushScanImage,
  runActionBundle,
  scanFixtureDatabase,
  skopeoInspectRaw,
  digestOf,
  type ActionRun,
  type ScanImageName,
} from '@airlock/testkit';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function show(step: string, run: ActionRun): void {
  console.log(`\n${bold(`── ${step} (exit ${run.exitCode})`)}`);
  for (const error of run.errors) console.log(`::error:: ${error}`);
  console.log(run.summary.trim() || '(no summary)');
}

const images: { name: ScanImageName; app: string; expect: 'pass' | 'fail' }[] = [
  { name: 'alpineClean', app: 'tiny', expect: 'pass' },
  { name: 'alpineMulti', app: 'webapp', expect: 'fail' },
];

const upstream = await TestRegistry.start();
const org = await TestRegistry.start();
let failures = 0;
try {
  console.log(bold('airlock demo: a local quarantine pipeline'));
  console.log(`upstream registry (stands in for docker.io): ${upstream.host}`);
  console.log(`organisation registry (quarantine/, trusted/, trivy-db): ${org.host}`);
  const dbRepository = await publishTrivyDb(org.host, scanFixtureDatabase);
  const insecure = `${upstream.host},${org.host}`;
  const rows: string[] = [];

  for (const image of images) {
    const pushed = await pushScanImage(upstream.host, image.name, `library/${image.app}`, '1.0');
    const mirror = await runActionBundle('mirror', {
      source: pushed.reference,
      destination: `${org.host}/quarantine/${image.app}`,
      'insecure-registries': insecure,
    });
    show(`mirror ${pushed.reference}`, mirror);
    if (mirror.exitCode !== 0) throw new Error('mirror failed');

    const scan = await runActionBundle('quarantine-scan', {
      image: mirror.outputs.image!,
      'trivy-path': fixtureTrivyPath(),
      'trivy-db-repository': dbRepository,
      'insecure-registries': insecure,
      'fail-on-violation': 'false',
    });
    show(`quarantine-scan ${mirror.outputs.image}`, scan);

    const promote = await runActionBundle('promote', {
      image: mirror.outputs.image!,
      destination: `${org.host}/trusted/${image.app}`,
      tags: '1.0',
      'insecure-registries': insecure,
    });
    show(`promote ${mirror.outputs.image}`, promote);

    // The independent check: what skopeo reads in the trusted repository is the scanned digest, or nothing.
    let trusted = 'absent';
    try {
      trusted = digestOf(skopeoInspectRaw(`${org.host}/trusted/${image.app}:1.0`));
    } catch {
      // not promoted
    }
    const verdict = scan.outputs.verdict ?? '?';
    const ok =
      verdict === image.expect &&
      (image.expect === 'pass' ? trusted === mirror.outputs.digest : trusted === 'absent');
    if (!ok) failures++;
    rows.push(
      `| ${image.app}:1.0 | ${mirror.outputs.digest?.slice(0, 19)}… | ${verdict} (${scan.outputs.blocking ?? '?'} blocking) | ${promote.outputs.promoted ?? 'false'} ${promote.outputs.reason ? `(${promote.outputs.reason})` : ''} | ${trusted === 'absent' ? 'absent' : trusted === mirror.outputs.digest ? 'same digest' : 'DIFFERENT'} | ${ok ? 'as expected' : 'UNEXPECTED'} |`,
    );
  }

  console.log(`\n${bold('── result')}`);
  console.log('| image | digest | verdict | promoted | trusted (skopeo) | |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);

  if (process.argv.includes('--keep')) {
    console.log(`\nregistries still running: ${upstream.host}, ${org.host}; press Enter to stop`);
    await new Promise((resolve) => process.stdin.once('data', resolve));
  }
} finally {
  await Promise.all([upstream.stop(), org.stop()]);
}
if (failures) {
  console.error(`${failures} image(s) did not behave as expected`);
  process.exit(1);
}
