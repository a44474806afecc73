// The live dashboard: one EventSource (/events) feeds every panel; controls POST with the bearer token.
import { PnlChart, PriceChart } from './charts.js';
import { clockTime, duration } from './format.js';

const MAX_LIST = 20;
const TOKEN_KEY = 'truex-mm-control-token';
const $ = (id) => document.getElementById(id);

const state = {
  instrument: { symbol: '' },
  samples: [],
  fills: [],
  rejects: [],
  maxSamples: 900,
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// --- the control token: from the URL fragment (#token=…), kept for this tab only, never in the address bar -------

function controlToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function control(action) {
  const result = $('control-result');
  result.className = '';
  result.textContent = `${action}…`;
  const token = $('token').value || controlToken();
  try {
    const response = await fetch(`/${action}`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      result.className = 'ok';
      result.textContent = `${action}: done${body.cleared === false ? ' (there was no HALT)' : ''}`;
    } else {
      result.className = 'error';
      result.textContent = `${action}: ${response.status} ${body.error ?? response.statusText}`;
      if (response.status === 401) $('token-entry').hidden = false;
    }
  } catch (error) {
    result.className = 'error';
    result.textContent = `${action}: ${error.message}`;
  }
}

function wireControls() {
  $('controls').hidden = false;
  if (!controlToken()) $('token-entry').hidden = false;
  $('token').addEventListener('change', () => sessionStorage.setItem(TOKEN_KEY, $('token').value));
  $('btn-pause').addEventListener('click', () => control('pause'));
  $('btn-resume').addEventListener('click', () => control('resume'));
  $('btn-reset').addEventListener('click', () => control('reset'));
  const confirming = (on) => {
    $('btn-kill').hidden = on;
    $('btn-kill-confirm').hidden = !on;
    $('btn-kill-cancel').hidden = !on;
  };
  $('btn-kill').addEventListener('click', () => confirming(true));
  $('btn-kill-cancel').addEventListener('click', () => confirming(false));
  $('btn-kill-confirm').addEventListener('click', () => {
    confirming(false);
    control('kill');
  });
}

// --- panels -----------------------------------------------------------------------------------------------------

function renderHeader(status) {
  const badge = $('trading-state');
  badge.textContent = status.tradingState;
  badge.className = `state ${status.tradingState}`;
  $('mode').textContent = status.mode;
  $('instrument').textContent = state.instrument.symbol;
}

function renderLadder(snapshot, view) {
  const status = snapshot.status;
  const figures = view.figures;
  const rows = view.ladder.map((level) => ({ kind: 'level', price: Number(level.price), level }));
  const marker = (kind, value, label) =>
    value !== null && value !== undefined && rows.push({ kind, price: Number(value), label });
  marker('fair', status.fairPrice, `fair value ${figures.fairPrice}`);
  marker('ref-bid', status.reference?.bid, `Coinbase bid ${figures.referenceBid}`);
  marker('ref-ask', status.reference?.ask, `Coinbase ask ${figures.referenceAsk}`);
  // Highest price first; at an equal price the marker goes above the level.
  rows.sort((a, b) => b.price - a.price || (a.kind === 'level') - (b.kind === 'level'));
  const largest = Math.max(
    1e-12,
    ...view.ladder.flatMap((l) => [Number(l.bid?.quantity ?? 0), Number(l.ask?.quantity ?? 0)]),
  );
  const qtyCell = (cls, side) => {
    const cell = el('td', { class: cls });
    if (side) {
      const bar = el('div', { class: 'bar' });
      bar.style.width = `${Math.round((Number(side.quantity) / largest) * 100)}%`;
      cell.append(bar, side.quantityText, side.orders > 1 ? ` ×${side.orders}` : '');
    }
    return cell;
  };
  $('ladder').tBodies[0].replaceChildren(
    ...rows.map((r) =>
      r.kind === 'level'
        ? el(
            'tr',
            { class: 'level', 'data-price': r.level.price },
            qtyCell('bid-qty', r.level.bid),
            el('td', {}, r.level.priceText),
            qtyCell('ask-qty', r.level.ask),
          )
        : el('tr', { class: `marker ${r.kind}` }, el('td', { colspan: '3' }, r.label)),
    ),
  );
  $('bid-count').textContent = view.bids;
  $('ask-count').textContent = view.asks;
  $('fair-value').textContent = figures.fairPrice;
  $('reference').textContent = status.reference ? `${figures.referenceBid} / ${figures.referenceAsk}` : '-';
}

function kv(pairs) {
  const list = el('dl', { class: 'kv' });
  for (const [key, value] of pairs) list.append(el('dt', {}, key), el('dd', {}, value ?? '-'));
  return list;
}

function renderPnl(figures) {
  const shown = [
    ['position', `${figures.position} BTC`],
    ['avg entry', figures.averageEntryPrice],
    ['realized', figures.realizedPnl],
    ['unrealized', figures.unrealizedPnl],
    ['fees', figures.fees],
    ['net', figures.netPnl],
    ['fill rate', figures.fillRate],
    ['spread capture', figures.spreadCapture],
  ];
  $('pnl').replaceChildren(...shown.map(([k, v]) => el('div', { 'data-figure': k }, `${k} `, el('b', {}, v))));
}

function renderLimits(limits) {
  $('limits').replaceChildren(
    ...limits.map((l) => {
      const percent = Math.round(l.fraction * 100);
      const fill = el('div', { class: l.fraction >= 1 ? 'over' : l.fraction >= 0.8 ? 'warn' : '' });
      fill.style.width = `${Math.min(100, percent)}%`;
      return el(
        'div',
        { class: 'limit', 'data-limit': l.name },
        el('div', {}, `${l.name}: ${l.usedText} / ${l.limitText} ${l.unit} (${percent}%)`),
        el('div', { class: 'meter' }, fill),
      );
    }),
  );
}

function renderSessions(status) {
  const feed = status.feed ?? {};
  const fix = status.fix ?? {};
  const lag = feed.lagMs ?? {};
  const gap = fix.sequenceGap;
  $('sessions').replaceChildren(
    el('h3', {}, 'Coinbase feed'),
    kv([
      ['state', feed.state],
      ['lag (last / p99)', `${duration(lag.last)} / ${duration(lag.p99)}`],
      ['reconnects', feed.reconnects],
      ['stale / liveness lapses', `${feed.staleEvents ?? '-'} / ${feed.livenessLapses ?? '-'}`],
      ['sequence gaps', feed.sequenceGaps ?? feed.tradeIdGaps],
    ]),
    el('h3', {}, 'TrueX FIX session'),
    kv([
      ['state', fix.state],
      ['responsive', fix.responsive === undefined ? '-' : fix.responsive ? 'yes' : 'NO'],
      ['heartbeats in / out', `${fix.heartbeatsIn ?? '-'} / ${fix.heartbeatsOut ?? '-'}`],
      ['test requests in / out', `${fix.testRequestsIn ?? '-'} / ${fix.testRequestsOut ?? '-'}`],
      ['reconnects', fix.reconnects],
      ['sequence gap', gap ? `open ${JSON.stringify(gap)}` : `none (${fix.gaps ?? 0} so far)`],
    ]),
  );
}

function renderBudget(status) {
  const budget = status.messageBudget;
  if (!budget) return;
  const used = budget.maxRatePerSec > 0 ? budget.ratePerSec / budget.maxRatePerSec : 0;
  $('budget').replaceChildren(
    kv([
      ['rate now', `${budget.ratePerSec} msg/s of ${budget.maxRatePerSec} msg/s (${Math.round(used * 100)}%)`],
      ['tokens available', String(Math.floor(budget.available))],
      ['blocked', status.quoting === true ? 'no: quoting' : status.quoting?.blocked],
    ]),
  );
}

function renderEvents() {
  $('rejects').tBodies[0].replaceChildren(
    ...state.rejects
      .slice(-MAX_LIST)
      .reverse()
      .map((r) =>
        el(
          'tr',
          {},
          el('td', {}, clockTime(r.timeMs)),
          el('td', { class: r.side }, r.side),
          el('td', {}, r.display.price),
          el('td', {}, r.text),
        ),
      ),
  );
  $('fills').tBodies[0].replaceChildren(
    ...state.fills
      .slice(-MAX_LIST)
      .reverse()
      .map((f) =>
        el(
          'tr',
          {},
          el('td', {}, clockTime(f.timeMs)),
          el('td', { class: f.side }, f.side),
          el('td', {}, f.display.price),
          el('td', {}, f.display.quantity),
          el('td', {}, f.display.fee),
        ),
      ),
  );
}

// --- live updates -----------------------------------------------------------------------------------------------

let priceChart;
let pnlChart;

function renderCharts() {
  priceChart.update(state.samples, state.fills);
  pnlChart.update(state.samples);
  $('price-chart').dataset.fills = String(priceChart.fillsPlotted);
}

function renderSnapshot(snapshot, view) {
  if (!snapshot || !view) return;
  state.instrument = snapshot.instrument;
  renderHeader(snapshot.status);
  renderLadder(snapshot, view);
  renderPnl(view.figures);
  renderLimits(view.limits);
  renderSessions(snapshot.status);
  renderBudget(snapshot.status);
}

function onEvent(event) {
  if (event.kind === 'fill') state.fills.push(event);
  else if (event.kind === 'reject') state.rejects.push(event);
  else if (event.kind === 'state') {
    const badge = $('trading-state');
    badge.textContent = event.state;
    badge.className = `state ${event.state}`;
  }
  state.fills = state.fills.slice(-500);
  state.rejects = state.rejects.slice(-MAX_LIST);
}

function connect() {
  const source = new EventSource('/events');
  const connection = $('connection');
  source.onopen = () => {
    connection.textContent = 'live';
    connection.className = 'tag ok';
  };
  source.onerror = () => {
    connection.textContent = 'reconnecting…';
    connection.className = 'tag bad';
  };
  source.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.type === 'hello') {
      state.samples = data.history.samples;
      state.fills = [];
      state.rejects = [];
      for (const event of data.history.events) onEvent(event);
      renderSnapshot(data.snapshot, data.view);
      renderEvents();
      renderCharts();
    } else if (data.type === 'snapshot') {
      state.samples.push(data.sample);
      if (state.samples.length > state.maxSamples) state.samples.shift();
      renderSnapshot(data.snapshot, data.view);
      renderCharts();
    } else if (data.type === 'event') {
      onEvent(data.event);
      renderEvents();
      if (data.event.kind === 'fill') renderCharts();
    }
  };
}

// --- past runs (read-only) --------------------------------------------------------------------------------------

async function listRuns() {
  const target = $('runs');
  const response = await fetch('/runs');
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    target.textContent = `${response.status}: ${body.error ?? response.statusText}`;
    return;
  }
  if (body.runs.length === 0) {
    target.textContent = 'no runs recorded';
    return;
  }
  target.replaceChildren(
    el(
      'table',
      {},
      el('tr', {}, el('th', {}, 'run'), el('th', {}, 'started'), el('th', {}, 'fills'), el('th', {}, 'net PnL')),
      ...body.runs.map((r) =>
        el(
          'tr',
          {},
          el('td', {}, el('a', { href: `/?run=${encodeURIComponent(r.runId)}` }, r.runId.slice(0, 8))),
          el('td', {}, r.startedAt ?? '-'),
          el('td', {}, r.fills),
          el('td', {}, r.netPnlText),
        ),
      ),
    ),
  );
}

async function showRun(runId) {
  $('live').hidden = true;
  $('run-view').hidden = false;
  $('run-id').textContent = runId;
  $('connection').textContent = 'read-only';
  const target = $('run-report');
  const response = await fetch(`/runs/${encodeURIComponent(runId)}`);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    target.textContent = `${response.status}: ${body.error ?? response.statusText}`;
    return;
  }
  const r = body.report;
  $('trading-state').textContent = r.run.endedAt ? 'ENDED' : 'NOT ENDED';
  $('mode').textContent = r.run.mode ?? '-';
  // The report as `npm run report` prints it: persistence's own formatting of its figures.
  target.replaceChildren(el('pre', { id: 'run-report-text' }, body.text));
}

// --- start ------------------------------------------------------------------------------------------------------

const run = new URLSearchParams(location.search).get('run');
if (run) {
  showRun(run);
} else {
  wireControls();
  priceChart = new PriceChart($('price-chart'));
  pnlChart = new PnlChart($('pnl-chart'));
  addEventListener('resize', () => {
    priceChart.resize();
    pnlChart.resize();
  });
  $('btn-runs').addEventListener('click', () => listRuns());
  connect();
}
