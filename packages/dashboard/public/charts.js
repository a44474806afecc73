// Time-series charts (uPlot): fair value and the Coinbase reference with our fills marked; position and PnL.
import uPlot from './uPlot.esm.js';

const COLORS = {
  fair: '#f5c542',
  bid: '#3fb950',
  ask: '#f85149',
  buy: '#3fb950',
  sell: '#f85149',
  position: '#a371f7',
  realized: '#58a6ff',
  unrealized: '#d29922',
  fees: '#8b949e',
};

const axisStyle = { stroke: '#8b949e', grid: { stroke: '#30363d', width: 1 }, ticks: { stroke: '#30363d' } };

/** At least a minute of x axis: one sample alone would otherwise be spread over years. */
function timeRange(_u, min, max) {
  if (min === null || max === null) return [min, max];
  return max - min >= 60 ? [min, max] : [max - 60, max];
}

function size(element) {
  return { width: Math.max(300, element.clientWidth - 8), height: 220 };
}

function triangle(up) {
  // Points as filled triangles: buys point up, sells point down.
  return {
    show: true,
    size: 9,
    fill: up ? COLORS.buy : COLORS.sell,
    stroke: up ? COLORS.buy : COLORS.sell,
  };
}

/** x values (seconds) are the union of sample and fill times; lines span the fill-only rows. */
function mergeTimes(samples, fills) {
  const times = new Set();
  for (const s of samples) times.add(Math.floor(s.timeMs) / 1000);
  for (const f of fills) times.add(Math.floor(f.timeMs) / 1000);
  return [...times].sort((a, b) => a - b);
}

export class PriceChart {
  constructor(element) {
    this.element = element;
    this.plot = new uPlot(
      {
        ...size(element),
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true, range: timeRange } },
        axes: [axisStyle, { ...axisStyle, size: 80, values: (_u, v) => v.map((x) => x.toFixed(2)) }],
        series: [
          {},
          { label: 'fair value', stroke: COLORS.fair, width: 2, spanGaps: true, points: { show: false } },
          {
            label: 'Coinbase bid',
            stroke: COLORS.bid,
            width: 1,
            dash: [4, 4],
            spanGaps: true,
            points: { show: false },
          },
          {
            label: 'Coinbase ask',
            stroke: COLORS.ask,
            width: 1,
            dash: [4, 4],
            spanGaps: true,
            points: { show: false },
          },
          { label: 'our buys', stroke: COLORS.buy, paths: () => null, points: triangle(true) },
          { label: 'our sells', stroke: COLORS.sell, paths: () => null, points: triangle(false) },
        ],
      },
      [[], [], [], [], [], []],
      element,
    );
  }

  /** Number of fills currently plotted (for tests and the legend). */
  get fillsPlotted() {
    const data = this.plot.data;
    return data[4].filter((v) => v !== null).length + data[5].filter((v) => v !== null).length;
  }

  update(samples, fills) {
    const xs = mergeTimes(samples, fills);
    const index = new Map(xs.map((x, i) => [x, i]));
    const columns = [xs, ...Array.from({ length: 5 }, () => new Array(xs.length).fill(null))];
    for (const s of samples) {
      const i = index.get(Math.floor(s.timeMs) / 1000);
      columns[1][i] = s.fairPrice === null ? null : Number(s.fairPrice);
      columns[2][i] = s.referenceBid === null ? null : Number(s.referenceBid);
      columns[3][i] = s.referenceAsk === null ? null : Number(s.referenceAsk);
    }
    for (const f of fills) {
      const i = index.get(Math.floor(f.timeMs) / 1000);
      columns[f.side === 'buy' ? 4 : 5][i] = Number(f.price);
    }
    this.plot.setData(columns);
  }

  resize() {
    this.plot.setSize(size(this.element));
  }
}

export class PnlChart {
  constructor(element) {
    this.element = element;
    this.plot = new uPlot(
      {
        ...size(element),
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true, range: timeRange }, usd: {}, btc: {} },
        axes: [
          axisStyle,
          { ...axisStyle, scale: 'usd', size: 70, values: (_u, v) => v.map((x) => `$${x.toFixed(2)}`) },
          { ...axisStyle, scale: 'btc', side: 1, size: 70, grid: { show: false } },
        ],
        series: [
          {},
          { label: 'position (BTC)', scale: 'btc', stroke: COLORS.position, width: 2, points: { show: false } },
          { label: 'realized', scale: 'usd', stroke: COLORS.realized, width: 1.5, points: { show: false } },
          { label: 'unrealized', scale: 'usd', stroke: COLORS.unrealized, width: 1.5, points: { show: false } },
          { label: 'fees', scale: 'usd', stroke: COLORS.fees, width: 1, dash: [3, 3], points: { show: false } },
        ],
      },
      [[], [], [], [], []],
      element,
    );
  }

  update(samples) {
    const num = (v) => (v === null || v === undefined ? null : Number(v));
    this.plot.setData([
      samples.map((s) => s.timeMs / 1000),
      samples.map((s) => num(s.position)),
      samples.map((s) => num(s.realizedPnl)),
      samples.map((s) => num(s.unrealizedPnl)),
      samples.map((s) => num(s.fees)),
    ]);
  }

  resize() {
    this.plot.setSize(size(this.element));
  }
}
