import { parseAdvancedTradeMessage } from './advanced-trade-messages';
import { CoinbaseParseError } from './errors';

// Examples from the Coinbase docs, Hummingbot and NautilusTrader fixtures (shared/coinbase/README.md §2).
const l2 =
  '{"channel":"l2_data","client_id":"","timestamp":"2024-10-08T09:10:36.04370306Z","sequence_num":9,"events":[{"type":"update","product_id":"BTC-USD","updates":[{"side":"bid","event_time":"2024-10-08T09:10:34.970831Z","price_level":"62319.46","new_quantity":"0.00169"},{"side":"offer","event_time":"2024-10-08T09:10:34.970831Z","price_level":"62336.65","new_quantity":"0"}]}]}';
const trades =
  '{"channel":"market_trades","client_id":"","timestamp":"2024-10-08T09:10:52.425044603Z","sequence_num":328,"events":[{"type":"update","trades":[{"product_id":"BTC-USD","trade_id":"699871154","price":"62322.43","size":"0.00005535","time":"2024-10-08T09:10:52.378779Z","side":"BUY"}]}]}';
const heartbeats =
  '{"channel":"heartbeats","client_id":"","timestamp":"2023-06-23T20:31:26.122969572Z","sequence_num":0,"events":[{"current_time":"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105","heartbeat_counter":"3049"}]}';
const ticker =
  '{"channel":"ticker","client_id":"","timestamp":"2023-02-09T20:30:37.167359596Z","sequence_num":0,"events":[{"type":"snapshot","tickers":[{"type":"ticker","product_id":"BTC-USD","price":"21932.98","volume_24_h":"16038.28770938","best_bid":"21931.98","best_bid_quantity":"8000.21","best_ask":"21933.98","best_ask_quantity":"8038.07770938"}]}]}';
const subscriptions =
  '{"channel":"subscriptions","client_id":"","timestamp":"2026-04-07T14:30:00.000000Z","sequence_num":0,"events":[{"subscriptions":{"level2":["BTC-USD"],"market_trades":["BTC-USD","ETH-USD"]}}]}';
const candles =
  '{"channel":"candles","client_id":"","timestamp":"2023-06-09T20:19:35.39625135Z","sequence_num":0,"events":[{"type":"snapshot","candles":[{"start":"1688998200","high":"1867.72","low":"1865.63","open":"1867.38","close":"1866.81","volume":"0.20269406","product_id":"ETH-USD"}]}]}';

describe('parseAdvancedTradeMessage', () => {
  it('parses each documented channel', () => {
    const m = parseAdvancedTradeMessage(l2);
    expect('channel' in m && m.channel).toBe('l2_data');
    if ('channel' in m && !('other' in m) && m.channel === 'l2_data') {
      expect(m.sequence_num).toBe(9);
      expect(m.events[0]!.updates.map((u) => [u.side, u.price_level, u.new_quantity])).toEqual([
        ['bid', '62319.46', '0.00169'],
        ['offer', '62336.65', '0'],
      ]);
    }
    expect(parseAdvancedTradeMessage(trades)).toMatchObject({ channel: 'market_trades', sequence_num: 328 });
    expect(parseAdvancedTradeMessage(heartbeats)).toMatchObject({ channel: 'heartbeats' });
    expect(parseAdvancedTradeMessage(heartbeats.replace('"3049"', '3049'))).toMatchObject({ channel: 'heartbeats' });
    expect(parseAdvancedTradeMessage(ticker)).toMatchObject({ channel: 'ticker' });
    expect(parseAdvancedTradeMessage(subscriptions)).toMatchObject({ channel: 'subscriptions' });
    expect(parseAdvancedTradeMessage(candles)).toMatchObject({ channel: 'candles', other: true });
    expect(parseAdvancedTradeMessage('{"type":"error","message":"authentication failure"}')).toEqual({
      type: 'error',
      message: 'authentication failure',
    });
  });

  it('accepts an envelope without client_id', () => {
    expect(parseAdvancedTradeMessage(l2.replace('"client_id":"",', ''))).toMatchObject({ channel: 'l2_data' });
  });

  it.each([
    ['not JSON', 'nope'],
    ['no sequence_num', l2.replace('"sequence_num":9,', '')],
    ['string sequence_num', l2.replace('"sequence_num":9', '"sequence_num":"9"')],
    ['bad l2 side', l2.replace('"side":"bid"', '"side":"buy"')],
    ['numeric quantity', l2.replace('"new_quantity":"0"', '"new_quantity":0')],
    ['trade without side', trades.replace(',"side":"BUY"', '')],
    ['heartbeat without counter', heartbeats.replace(',"heartbeat_counter":"3049"', '')],
  ])('throws CoinbaseParseError on %s', (_name, text) => {
    expect(() => parseAdvancedTradeMessage(text)).toThrow(CoinbaseParseError);
  });
});
