import { ManualClock } from '@truex-mm/clock';
import { displayDecimals } from '@truex-mm/trading-figures';
import { TerminalScreen } from './terminal-screen';
import { formatStatusLine, formatStatusPanel, startStatusPanel } from './terminal-status';

/** A fake terminal: records writes and replays the cursor moves the screen uses into visible lines. */
class FakeTerminal {
  readonly writes: string[] = [];
  readonly lines: string[] = [''];
  constructor(readonly columns = 200) {}
  write(text: string): boolean {
    this.writes.push(text);
    let row = this.lines.length - 1;
    for (let i = 0; i < text.length; i++) {
      if (text.startsWith('\r\x1b[2K', i)) {
        this.lines[row] = '';
        i += 4;
      } else if (text.startsWith('\x1b[1A\x1b[2K', i)) {
        this.lines.pop();
        row--;
        this.lines[row] = '';
        i += 7;
      } else if (text[i] === '\n') {
        this.lines.push('');
        row++;
      } else {
        this.lines[row] += text[i];
      }
    }
    return true;
  }
}

const status = {
  mode: 'simulator',
  tradingState: 'ACTIVE',
  fairPrice: '91234.37155',
  openOrders: 48,
  bids: 24,
  asks: 24,
  position: '0.012345678',
  realizedPnl: '0.086218395977',
  unrealizedPnl: '-0.146447543792',
  fees: '0.975479',
  ordersFilled: 12,
  fillRate: 0.0417,
  spreadCapture: 0.2134,
  ackLatencyMs: { p50: 12, p99: 40, max: 80 },
  feed: { state: 'live' },
  fix: { state: 'active' },
  fixSession: { state: 'active' },
};
const decimals = displayDecimals({ tickSize: '0.5', lotSize: '0.0001' });

describe('status panel', () => {
  it('rounds prices to cents, quantities to the lot, money to the cent, ratios to percent', () => {
    const [first, second] = formatStatusPanel(status, decimals, 'BTC');
    expect(first).toBe(
      'ACTIVE | fv 91234.37 | orders 48 (24b/24a) | pos 0.0123 BTC | rPnL 0.09 | uPnL -0.15 | fees 0.98 | net -1.04',
    );
    expect(second).toBe('fills 12 | fill rate 4.2% | capture 21.3% | ack p50 12 ms | feed live | fix active');
    // net = 0.086218395977 − 0.146447543792 − 0.975479 = −1.035708147815: computed exactly, then rounded once.
  });

  it('shows no unrealized or net PnL for an open position without a fair value (nothing to mark it to)', () => {
    const [line] = formatStatusPanel({ ...status, fairPrice: null }, decimals);
    expect(line).toContain('uPnL - | fees 0.98 | net -');
    const [flat] = formatStatusPanel({ ...status, fairPrice: null, position: '0', unrealizedPnl: '0' }, decimals);
    expect(flat).toContain('uPnL 0.00 | fees 0.98 | net -0.89');
  });

  it('shows "-" for what is not known yet', () => {
    const line = formatStatusLine({ tradingState: 'ACTIVE', fairPrice: null, feed: { state: 'connecting' } });
    expect(line).toContain('fv -');
    expect(line).toContain('capture -');
    expect(line).toContain('net -');
    expect(line).toContain('feed connecting');
    expect(line).toContain('fix ?');
  });
});

describe('terminal screen', () => {
  it('keeps the panel at the bottom while log lines scroll above it', () => {
    const tty = new FakeTerminal();
    const screen = new TerminalScreen(tty);
    screen.log('line 1');
    screen.setPanel(['panel A1', 'panel A2']);
    expect(tty.lines).toEqual(['line 1', 'panel A1', 'panel A2']);
    screen.log('line 2\n');
    screen.log('line 3');
    expect(tty.lines).toEqual(['line 1', 'line 2', 'line 3', 'panel A1', 'panel A2']);
    screen.setPanel(['panel B1', 'panel B2']);
    expect(tty.lines).toEqual(['line 1', 'line 2', 'line 3', 'panel B1', 'panel B2']);
    // One write per log line: a line and the panel never interleave with another writer's half-line.
    const writes = tty.writes.length;
    screen.log('line 4');
    expect(tty.writes.length).toBe(writes + 1);
    screen.close();
    screen.log('after close');
    expect(tty.lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'panel B1', 'panel B2', 'after close', '']);
  });

  it('cuts panel lines to the terminal width so that erasing stays exact', () => {
    const tty = new FakeTerminal(11);
    const screen = new TerminalScreen(tty);
    screen.setPanel(['\x1b[32mABCDEFGHIJKLMNOP\x1b[0m']);
    expect(tty.lines[0]).toBe('\x1b[32mABCDEFGHIJ\x1b[0m');
    screen.log('x');
    expect(tty.lines).toEqual(['x', '\x1b[32mABCDEFGHIJ\x1b[0m']);
  });

  it('redraws the panel on the clock and leaves the last one on screen when stopped', () => {
    const tty = new FakeTerminal();
    const screen = new TerminalScreen(tty);
    const clock = new ManualClock(0);
    let fills = 0;
    const panel = startStatusPanel(() => ({ ...status, ordersFilled: fills }), screen, {
      clock,
      decimals,
      intervalMs: 1000,
    });
    expect(tty.lines[1]).toMatch(/^fills 0 /);
    fills = 3;
    clock.advance(999);
    expect(tty.lines[1]).toMatch(/^fills 0 /);
    clock.advance(1);
    expect(tty.lines[1]).toMatch(/^fills 3 /);
    fills = 4;
    panel.stop();
    expect(tty.lines.slice(1)).toEqual([expect.stringMatching(/^fills 4 /), '']);
    clock.advance(5000);
    expect(tty.lines.slice(1)).toEqual([expect.stringMatching(/^fills 4 /), '']);
  });
});
