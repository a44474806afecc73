import { ManualClock } from '@truex-mm/clock';
import type { OrderCancelReject } from '@truex-mm/fix-codec';
import type { TrackedOrder } from '@truex-mm/order-adapter';
import pino from 'pino';
import { defaultEngineConfig } from './engine-config';
import { QuotingEngine } from './quoting-engine';

function engineWithStorm(count: number): { engine: QuotingEngine; rejected: string[] } {
  const base = defaultEngineConfig({ symbol: 'BTC-PYUSD', partyId: '1' });
  const rejected: string[] = [];
  const engine = new QuotingEngine({
    config: { ...base, risk: { ...base.risk, rejectStorm: { count, windowMs: 10_000 } } },
    clock: new ManualClock(0),
    logger: pino({ level: 'silent' }),
    sender: { send: () => 1 },
    runId: 'test',
    observer: { orderRejected: (text) => rejected.push(text) },
  });
  return { engine, rejected };
}

const order = {} as TrackedOrder;
const reject = {} as OrderCancelReject;

describe('replaces the venue refuses under its price rules', () => {
  it('count towards the reject storm: post-only and price-band refusals halt trading', () => {
    for (const text of ['Post only order would cross', 'Order outside book price bands']) {
      const { engine, rejected } = engineWithStorm(3);
      engine.adapter.emit('cancel-reject', order, text, reject);
      engine.adapter.emit('cancel-reject', order, text, reject);
      expect(engine.risk.state).not.toBe('HALTED');
      engine.adapter.emit('cancel-reject', order, text, reject);
      expect(engine.risk.state).toBe('HALTED');
      expect(rejected).toEqual([text, text, text]);
    }
  });

  it('leave other cancel rejects (too late to cancel, unknown order) out of the storm', () => {
    const { engine, rejected } = engineWithStorm(2);
    for (let i = 0; i < 5; i++) engine.adapter.emit('cancel-reject', order, 'Unknown order', reject);
    expect(engine.risk.state).not.toBe('HALTED');
    expect(rejected).toEqual([]);
  });
});
