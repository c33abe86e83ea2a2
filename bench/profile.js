// Sums a V8 CPU profile (`node --cpu-prof`, or `bench/run.js --profile DIR`) by where the time went:
// self time per category (hashing, stream transforms, HTTP parsing, compiling and loading the bundle,
// garbage collection, …), then the heaviest functions. With several profiles, the sums are averaged.
//
//   node bench/profile.js FILE.cpuprofile|DIR [--top N]

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
});
const files = positionals.flatMap((path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => join(path, name))
    : [path],
);
if (files.length === 0) {
  console.error('usage: node bench/profile.js FILE.cpuprofile|DIR [--top N]');
  process.exit(2);
}

/** The first category whose pattern matches `function url`; the order matters. */
const categories = [
  ['garbage collection', /^\(garbage collector\)/],
  ['idle', /^\(idle\)/],
  ['compiling and running the bundle (program)', /^\(program\)/],
  ['hashing (node:crypto)', /\b(update|digest)\b.*node:internal\/crypto|Hash|createHash/],
  [
    'HTTP parsing (llhttp/milo)',
    /^execute |llhttp|milo|wasm|parser-h1|client-h1|onHeaders|onBody|onMessage/i,
  ],
  [
    'sockets and streams (node)',
    /^(writeBuffer|writeLatin1String|writeUtf8String|writev|onStreamRead|internalConnect) |node:(internal\/)?(net|stream|streams|internal\/streams)|_stream|Readable|Writable/,
  ],
  ['undici (other)', /undici/],
  ['progress and logging', /progress|logger|core\.info|issueCommand/i],
  ['module loading', /node:internal\/modules|require|compileFunction|loadESM|ModuleWrap/],
  ['node internals (other)', /node:/],
];

const totals = new Map();
const functions = new Map();
let runs = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  runs++;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  // timeDeltas[i] is the time before samples[i] was taken.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  for (const [id, micros] of self) {
    const frame = byId.get(id).callFrame;
    const url = frame.url.replace(/^.*\/(actions|node_modules)\//, '$1/');
    const label = `${frame.functionName || '(anonymous)'} ${url}${url ? `:${frame.lineNumber + 1}` : ''}`;
    const text = `${frame.functionName} ${frame.url}`;
    const category =
      categories.find(([, pattern]) => pattern.test(text))?.[0] ?? 'the action and its libraries (other)';
    totals.set(category, (totals.get(category) ?? 0) + micros);
    functions.set(label, (functions.get(label) ?? 0) + micros);
  }
}

const ms = (micros) => (micros / 1000 / runs).toFixed(1).padStart(8);
const all = [...totals.values()].reduce((sum, value) => sum + value, 0);
console.log(`${files.length} profile(s); milliseconds per run (self time)\n`);
for (const [category, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`${ms(micros)}  ${((micros / all) * 100).toFixed(0).padStart(3)}%  ${category}`);
}
console.log(`${ms(all)}        in all\n`);
for (const [label, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  console.log(`${ms(micros)}  ${label}`);
}
