import { decodeFix } from '../decoder';
import { frame, thrown } from '../frame.test-util';
import { readExecutionReport } from './order-entry';

// A fill as TrueX would send it, in its own non-canonical order; each test changes one thing.
const HEAD = '35=8|49=TRUEX_UAT_OE|56=CLI|34=9|52=20250910-18:32:27.345901';
const FILL = '11=Q1|17=77|37=1922892243|38=0.002|40=2|44=113391|54=2|59=1|32=0.001|31=113391|151=0.001|14=0.001';
const TAIL = '55=BTC-PYUSD|453=1|448=P1|452=3|150=F|39=1|851=1|136=1|137=0.01|139=4|880=T9';
const er = (body: string = `${FILL}|${TAIL}`): ReturnType<typeof readExecutionReport> =>
  readExecutionReport(decodeFix(frame(`${HEAD}|${body}`)));

describe('readExecutionReport is lossless and lenient (TrueX’s dictionary lags its wire)', () => {
  it('reads a clean fill without anomalies', () => {
    const r = er();
    expect(r).toMatchObject({
      execType: 'F',
      ordStatus: '1',
      lastQty: '0.001',
      lastPx: '113391',
      lastLiquidityInd: '1',
    });
    expect(r.fees).toEqual([{ amount: '0.01', type: '4' }]);
    expect(r.anomalies).toBeUndefined();
  });

  it.each([
    [851, '3', 'lastLiquidityInd'],
    [59, '4', 'timeInForce'],
    [40, 'P', 'ordType'],
  ] as const)(
    'keeps a fill whose %i=%s is outside the dictionary: field undefined, raw value in anomalies',
    (tag, value, field) => {
      const body = `${FILL}|${TAIL}`.replace(new RegExp(`(^|\\|)${tag}=[^|]*`), `$1${tag}=${value}`);
      const r = er(body);
      expect(r[field]).toBeUndefined();
      expect(r.anomalies).toEqual([{ tag, value, problem: 'UNKNOWN_VALUE' }]);
      expect(r.lastQty).toBe('0.001');
    },
  );

  it('keeps an OrdStatus (39) outside the dictionary as it came, and reports it', () => {
    const r = er(`${FILL}|${TAIL}`.replace('39=1', '39=Z'));
    expect(r.ordStatus).toBe('Z');
    expect(r.anomalies).toEqual([{ tag: 39, value: 'Z', problem: 'UNKNOWN_VALUE' }]);
  });

  it('keeps a fee entry without 139 (its amount still counts) and reports the missing type', () => {
    const r = er(`${FILL}|${TAIL}`.replace('136=1|137=0.01|139=4', '136=2|137=0.01|137=0.02|139=7'));
    expect(r.fees).toEqual([{ amount: '0.01' }, { amount: '0.02', type: '7' }]);
    expect(r.anomalies).toEqual([{ tag: 139, value: undefined, problem: 'MISSING_TAG', groupEntry: 0 }]);
  });

  it('drops an optional decimal that is not a decimal (e.g. 44=abc) into anomalies instead of failing', () => {
    const r = er(`${FILL}|${TAIL}`.replace('44=113391', '44=abc'));
    expect(r.price).toBeUndefined();
    expect(r.anomalies).toEqual([{ tag: 44, value: 'abc', problem: 'BAD_FORMAT' }]);
  });

  it.each([
    ['17=77|', 17],
    ['37=1922892243|', 37],
    ['54=2|', 54],
    ['32=0.001|', 32],
    ['31=113391|', 31],
  ])('fails a fill without %s with a FixDecodeError naming tag %i', (field, tag) => {
    expect(thrown(() => er(`${FILL}|${TAIL}`.replace(field, '')))).toMatchObject({ code: 'MISSING_TAG', tag });
  });

  it('fails on an ExecType (150) or Side (54) outside the dictionary, naming the tag', () => {
    expect(thrown(() => er(`${FILL}|${TAIL}`.replace('150=F', '150=Q')))).toMatchObject({
      code: 'BAD_VALUE',
      tag: 150,
    });
    expect(thrown(() => er(`${FILL}|${TAIL}`.replace('54=2', '54=9')))).toMatchObject({ code: 'BAD_VALUE', tag: 54 });
  });

  it('does not require LastQty/LastPx on reports that are not trades', () => {
    const ack = `11=Q1|17=78|37=1922892243|38=0.002|40=2|44=113391|54=2|59=1|151=0.002|14=0|55=BTC-PYUSD|150=0|39=0`;
    const r = er(ack);
    expect(r.lastQty).toBeUndefined();
    expect(r.anomalies).toBeUndefined();
  });
});
