import { CoinbaseSimulator, MARKET_SCENARIOS, parseCliOptions } from '@truex-mm/coinbase-sim';
import { CoinbaseReferencePrice, DEFAULT_REFERENCE_FEED_URL, parseCliArgs } from '@truex-mm/truex-sim';
import pino from 'pino';
import { defaultSimulatorConfig } from './config';

const CREDENTIALS = ['--api-key', 'K', '--secret', 'S', '--client-id', '1'];

describe('the stand-alone simulators on their defaults', () => {
  it('quote the same market: coinbase-sim plays btc at 97000 where truex-sim looks for its reference', () => {
    const coinbase = parseCliOptions([]).simulator;
    const truex = parseCliArgs(CREDENTIALS)!;
    expect(coinbase.scenario).toBe('btc');
    const start = MARKET_SCENARIOS.btc.startPrice;
    expect(Number(start)).toBe(97_000);
    // truex-sim follows coinbase-sim's default address, and walks from the same start when nothing answers there.
    expect(truex.reference).toEqual({ kind: 'auto', url: `ws://${coinbase.host}:${coinbase.port}` });
    expect(DEFAULT_REFERENCE_FEED_URL).toBe(`ws://${coinbase.host}:${coinbase.port}`);
    expect(Number(truex.referencePrice)).toBe(Number(start));
    // …and so does the in-process simulator mode of the market maker.
    expect(defaultSimulatorConfig.market).toBe('btc');
    expect(Number(defaultSimulatorConfig.startPrice)).toBe(Number(start));
  });

  it("truex-sim's feed reference follows coinbase-sim's mid", async () => {
    const coinbase = new CoinbaseSimulator({ port: 0, scenario: 'fast', seed: 3, logger: pino({ level: 'silent' }) });
    const { url } = await coinbase.start();
    const published = new Set<number>([Number(coinbase.mid('BTC-USD'))]); // the opening mid, then every move
    coinbase.onMid((product, mid) => product === 'BTC-USD' && published.add(Number(mid)));
    const reference = new CoinbaseReferencePrice({ url, logger: pino({ level: 'silent' }) });
    const followed: number[] = [];
    try {
      const moved = new Promise<void>((resolve) => {
        reference.onChange((price) => {
          followed.push(Number(price));
          if (followed.length >= 3) resolve();
        });
      });
      reference.start();
      await moved;
    } finally {
      await reference.stop();
      await coinbase.stop();
    }
    // Every reference price is a mid the feed's book had (the simulator publishes each mid it moves to).
    for (const price of followed) expect(published.has(price)).toBe(true);
    expect(new Set(followed).size).toBe(followed.length);
    expect(Math.abs(followed[0]! - 97_000)).toBeLessThan(500);
  });
});
