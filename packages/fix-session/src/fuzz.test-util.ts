import fc from 'fast-check';

/** One field as raw text: tag and value are strings so that the fuzzer can break both. */
export type RawField = readonly [tag: string, value: string];

const SOH = '\x01';

/** Builds a frame around raw fields with a correct BodyLength and CheckSum (so the damage reaches the decoder). */
export function frameOf(
  fields: ReadonlyArray<RawField>,
  opts: { bodyLength?: string; checksum?: string } = {},
): Buffer {
  const body = fields.map(([t, v]) => `${t}=${v}${SOH}`).join('');
  const head = `8=FIXT.1.1${SOH}9=${opts.bodyLength ?? Buffer.byteLength(body, 'latin1')}${SOH}`;
  const bytes = Buffer.from(head + body, 'latin1');
  let sum = 0;
  for (const b of bytes) sum += b;
  const checksum = opts.checksum ?? String(sum % 256).padStart(3, '0');
  return Buffer.concat([bytes, Buffer.from(`10=${checksum}${SOH}`, 'latin1')]);
}

/** Valid venue messages (header 35, 49, 56, 34, 52 then body) the garbler starts from. */
export function baseMessages(seq: number, sendingTime: string): RawField[][] {
  const header = (type: string): RawField[] => [
    ['35', type],
    ['49', 'TRUEX_UAT_OE'],
    ['56', 'CLIENT_UAT'],
    ['34', String(seq)],
    ['52', sendingTime],
  ];
  return [
    [...header('0')],
    [...header('1'), ['112', 'TEST-CLIENT_UAT']],
    [...header('2'), ['7', '1'], ['16', '0']],
    [...header('4'), ['123', 'Y'], ['36', String(seq + 1)]],
    [...header('3'), ['45', '1'], ['373', '5'], ['58', 'Invalid tag (122)']],
    [...header('j'), ['372', 'D'], ['380', '8'], ['58', 'Throttle']],
    [
      ...header('8'),
      ['11', 'Q1'],
      ['17', '77'],
      ['37', '1922892243'],
      ['38', '0.002'],
      ['40', '2'],
      ['44', '113391'],
      ['54', '2'],
      ['59', '1'],
      ['32', '0.001'],
      ['31', '113391'],
      ['151', '0.001'],
      ['14', '0.001'],
      ['55', 'BTC-PYUSD'],
      ['453', '1'],
      ['448', 'P1'],
      ['452', '3'],
      ['150', 'F'],
      ['39', '1'],
      ['851', '1'],
      ['136', '1'],
      ['137', '0.01'],
      ['139', '4'],
    ],
    [...header('9'), ['37', 'NONE'], ['11', 'C2'], ['434', '1'], ['102', '1'], ['58', 'Unknown order']],
    [
      ...header('W'),
      ['262', 'R1'],
      ['55', 'BTC-PYUSD'],
      ['268', '2'],
      ['269', '0'],
      ['270', '100'],
      ['271', '1'],
      ['269', '1'],
      ['270', '101'],
      ['271', '2'],
    ],
  ];
}

const junkValue = fc.oneof(
  fc.constantFrom(
    '',
    '-1',
    '0',
    'abc',
    '1e9',
    '99999999999999999999',
    '1.2.3',
    'Y',
    'N',
    '=',
    '\x01',
    '20251301-25:61:61.1',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.constant('9'.repeat(2000)),
);
const junkTag = fc.oneof(
  fc.constantFrom('0', '-5', 'x', '', '99999999999', '34', '52', '10', '9', '8'),
  fc.nat(10_000).map(String),
);

type Mutation = (fields: RawField[]) => fc.Arbitrary<Buffer>;

const mutations: Mutation[] = [
  // random bytes, sometimes dressed as a frame start
  () =>
    fc
      .tuple(fc.boolean(), fc.uint8Array({ maxLength: 300 }))
      .map(([prefix, b]) => Buffer.concat([Buffer.from(prefix ? '8=FIXT.1.1\x019=' : '', 'latin1'), Buffer.from(b)])),
  // truncation at any byte
  (f) =>
    fc.nat().map((n) => {
      const full = frameOf(f);
      return full.subarray(0, n % full.length);
    }),
  // bad checksum
  (f) => fc.integer({ min: 0, max: 999 }).map((c) => frameOf(f, { checksum: String(c).padStart(3, '0') })),
  // bad BodyLength (too short, too long, not a number, huge)
  (f) =>
    fc
      .oneof(fc.nat(500).map(String), fc.constantFrom('abc', '-1', '', '99999999999'))
      .map((l) => frameOf(f, { bodyLength: l })),
  // duplicated field
  (f) =>
    fc.nat().map((i) => {
      const g = [...f];
      const k = i % g.length;
      g.splice(k, 0, g[k]!);
      return frameOf(g);
    }),
  // missing field
  (f) =>
    fc.nat().map((i) => {
      const g = [...f];
      g.splice(i % g.length, 1);
      return frameOf(g);
    }),
  // wrong type / huge / empty value in a field
  (f) =>
    fc.tuple(fc.nat(), junkValue).map(([i, v]) => {
      const g = [...f];
      const k = i % g.length;
      g[k] = [g[k]![0], v];
      return frameOf(g);
    }),
  // broken tag
  (f) =>
    fc.tuple(fc.nat(), junkTag).map(([i, t]) => {
      const g = [...f];
      const k = i % g.length;
      g[k] = [t, g[k]![1]];
      return frameOf(g);
    }),
  // an extra unknown or misplaced field anywhere
  (f) =>
    fc.tuple(fc.nat(), junkTag, junkValue).map(([i, t, v]) => {
      const g = [...f];
      g.splice(i % (g.length + 1), 0, [t, v]);
      return frameOf(g);
    }),
  // a valid frame at a random MsgSeqNum, possibly PossDup (gaps, duplicates, too-low)
  (f) =>
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean()).map(([seq, dup]) => {
      const g: RawField[] = f.map(([t, v]) => (t === '34' ? [t, String(seq)] : [t, v]));
      if (dup) g.splice(5, 0, ['43', 'Y']);
      return frameOf(g);
    }),
];

/** One garbled frame: a base message put through one random mutation. */
export function garbledFrame(seq: number, sendingTime: string): fc.Arbitrary<Buffer> {
  const bases = baseMessages(seq, sendingTime);
  return fc.tuple(fc.nat(bases.length - 1), fc.nat(mutations.length - 1)).chain(([b, m]) => mutations[m]!(bases[b]!));
}
