import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one market-maker process (its own registry, so tests can run several). */
export class MarketMakerMetrics {
  readonly registry = new Registry();
  readonly ordersSent = new Counter({
    name: 'mm_orders_sent_total',
    help: 'Order actions sent to TrueX',
    labelNames: ['action'],
    registers: [this.registry],
  });
  readonly ordersAcked = new Counter({
    name: 'mm_orders_acked_total',
    help: 'Orders acknowledged (New) by TrueX',
    registers: [this.registry],
  });
  readonly ordersRejected = new Counter({
    name: 'mm_orders_rejected_total',
    help: 'Orders rejected by TrueX',
    registers: [this.registry],
  });
  readonly riskDenials = new Counter({
    name: 'mm_risk_denials_total',
    help: 'Order actions denied by the risk gate',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly fills = new Counter({
    name: 'mm_fills_total',
    help: 'Fills received',
    labelNames: ['side'],
    registers: [this.registry],
  });
  readonly throttleRejects = new Counter({
    name: 'mm_throttle_rejects_total',
    help: 'TrueX 35=j throttle rejects',
    registers: [this.registry],
  });
  readonly openOrders = new Gauge({
    name: 'mm_open_orders',
    help: 'Live orders at TrueX, including pending',
    registers: [this.registry],
  });
  readonly fairValue = new Gauge({
    name: 'mm_fair_value',
    help: 'Current fair value (quote currency)',
    registers: [this.registry],
  });
  readonly positionBase = new Gauge({
    name: 'mm_position_base',
    help: 'Base-asset position',
    registers: [this.registry],
  });
  readonly realizedPnl = new Gauge({
    name: 'mm_realized_pnl',
    help: 'Realized PnL (quote currency)',
    registers: [this.registry],
  });
  readonly unrealizedPnl = new Gauge({
    name: 'mm_unrealized_pnl',
    help: 'Unrealized PnL marked to fair value',
    registers: [this.registry],
  });
  readonly tradingState = new Gauge({
    name: 'mm_trading_state',
    help: 'Trading state (1 on the current one)',
    labelNames: ['state'],
    registers: [this.registry],
  });
  readonly messageBudget = new Gauge({
    name: 'mm_message_budget_per_second',
    help: 'Current message budget to TrueX',
    registers: [this.registry],
  });
  readonly ackLatency = new Histogram({
    name: 'mm_order_ack_latency_seconds',
    help: 'From sending a NewOrderSingle to its New execution report',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly tickToWire = new Histogram({
    name: 'mm_tick_to_wire_seconds',
    help: 'From a Coinbase message to the resulting FIX bytes written',
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'mm_' });
  }

  setTradingState(state: string): void {
    for (const s of ['ACTIVE', 'REDUCING', 'HALTED', 'PAUSED'])
      this.tradingState.set({ state: s }, s === state ? 1 : 0);
  }
}
