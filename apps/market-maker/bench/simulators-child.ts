// Runs both simulators in their own process for the tick-to-wire benchmark, so their work does not share the
// market maker's event loop. Prints one JSON line {coinbaseUrl, truexPort} when ready; exits on SIGTERM.
import { CoinbaseSimulator } from '@truex-mm/coinbase-sim';
import { TrueXSimulator } from '@truex-mm/truex-sim';

async function main(): Promise<void> {
  const coinbase = new CoinbaseSimulator({
    port: 0,
    products: ['BTC-USD'],
    startPrice: '65000',
    volatilityBps: Number(process.env.BENCH_VOLATILITY_BPS ?? '1'),
    // A step and a level2_batch flush every 5 ms: ~200 small frames a second, like the unbatched level2 channel, so
    // 10,000 ticks take minutes, not an hour.
    updateIntervalMs: Number(process.env.BENCH_UPDATE_INTERVAL_MS ?? '5'),
    batchIntervalMs: Number(process.env.BENCH_BATCH_INTERVAL_MS ?? '5'),
    seed: 11,
  });
  const { url } = await coinbase.start();
  const venue = new TrueXSimulator({
    port: 0,
    credentials: [{ apiKey: 'bench-key', secret: 'bench-secret', clientIds: ['1'] }],
    referencePrice: coinbase.referencePriceSource('BTC-USD'),
    messageRateLimitPerSec: 0,
    fillProbability: 0,
    openOrderLimit: 50,
  });
  const { port } = await venue.start();
  process.stdout.write(`${JSON.stringify({ coinbaseUrl: url, truexPort: port })}\n`);
  process.on('SIGTERM', () => {
    void Promise.all([venue.stop(), coinbase.stop()]).then(() => process.exit(0));
  });
}

void main();
