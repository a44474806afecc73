import { CoinbaseParseError } from './errors';
import { decodeExchangeMessage, parseExchangeMessage } from './exchange-messages';

// Examples from the Coinbase docs and the 2021 recording (shared/coinbase/README.md §1).
const examples: Record<string, string> = {
  heartbeat:
    '{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}',
  status:
    '{"type":"status","products":[{"id":"BTC-USD","base_currency":"BTC","quote_currency":"USD","base_increment":"0.00000001","quote_increment":"0.01","status":"online","status_message":null}],"currencies":[{"id":"USD","name":"United States Dollar"}]}',
  ticker:
    '{"type":"ticker","sequence":37475248783,"product_id":"ETH-USD","price":"1285.22","open_24h":"1310.79","volume_24h":"245532.79269678","low_24h":"1280.52","high_24h":"1313.8","volume_30d":"9788783.60117027","best_bid":"1285.04","best_bid_size":"0.46688654","best_ask":"1285.27","best_ask_size":"1.56637040","side":"buy","time":"2022-10-19T23:28:22.061769Z","trade_id":370843401,"last_size":"11.4396987"}',
  snapshot:
    '{"type":"snapshot","product_id":"BTC-USD","bids":[["10101.10","0.45054140"]],"asks":[["10102.55","0.57753524"]]}',
  l2update:
    '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","22356.270000","0.00000000"],["buy","22356.300000","1.00000000"]],"time":"2022-08-04T15:25:05.010758Z"}',
  last_match:
    '{"type":"last_match","trade_id":881613,"maker_order_id":"27fff20b","taker_order_id":"1da6ce16","side":"sell","size":"0.04","price":"14.7775","product_id":"BAND-GBP","sequence":333938798,"time":"2021-04-17T16:43:30.244075Z"}',
  match:
    '{"type":"match","trade_id":10,"sequence":50,"maker_order_id":"ac928c66","taker_order_id":"132fb6ae","time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","size":"5.23512","price":"400.23","side":"sell"}',
  subscriptions:
    '{"type":"subscriptions","channels":[{"name":"level2_50","product_ids":["ETH-USD"],"account_ids":null}]}',
  error: '{"type":"error","message":"Failed to subscribe","reason":"ETH-USD is not a valid product"}',
  received:
    '{"type":"received","time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","sequence":10,"order_id":"d50ec984","size":"1.34","price":"502.1","side":"buy","order_type":"limit"}',
  open: '{"type":"open","time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","sequence":10,"order_id":"d50ec984","price":"200.2","remaining_size":"1.00","side":"sell"}',
  done: '{"type":"done","time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","sequence":10,"price":"200.2","order_id":"d50ec984","reason":"filled","side":"sell","remaining_size":"0"}',
  change:
    '{"type":"change","reason":"STP","time":"2014-11-07T08:19:27.028459Z","sequence":80,"order_id":"ac928c66","side":"sell","product_id":"BTC-USD","old_size":"12.234412","new_size":"5.23512","price":"400.23"}',
  activate:
    '{"type":"activate","product_id":"test-product","timestamp":"1483736448.299000","user_id":"12","profile_id":"30000727","order_id":"7b52009b","stop_type":"entry","side":"buy","stop_price":"80","size":"2","funds":"50","private":true}',
  auction:
    '{"type":"auction","product_id":"LTC-USD","sequence":3262786978,"auction_state":"collection","best_bid_price":"333.98","best_bid_size":"4.39088265","best_ask_price":"333.99","best_ask_size":"25.23542881","open_price":"333.99","open_size":"0.193","can_open":"yes","timestamp":"2015-11-14T20:46:03.511254Z"}',
  level3:
    '{"type":"level3","schema":{"open":["type","product_id","sequence","order_id","side","price","size","time"]}}',
};

describe('parseExchangeMessage', () => {
  it.each(Object.entries(examples))('parses a %s message into its type', (type, text) => {
    expect(parseExchangeMessage(text).type).toBe(type);
  });

  it('exposes typed fields', () => {
    const u = parseExchangeMessage(examples['l2update']!);
    if (u.type !== 'l2update') throw new Error('wrong type');
    expect(u.changes[1]).toEqual(['buy', '22356.300000', '1.00000000']);
    const e = parseExchangeMessage(examples['error']!);
    expect(e).toMatchObject({
      type: 'error',
      message: 'Failed to subscribe',
      reason: 'ETH-USD is not a valid product',
    });
  });

  it('parses compact level3 arrays and passes unknown types through as other', () => {
    expect(
      parseExchangeMessage(
        '["open","BTC-USD","57560479456","12aca6e0","buy","27268.09","0.02","2023-03-28T23:24:03.185394Z"]',
      ),
    ).toMatchObject({
      type: 'level3-event',
      fields: ['open', 'BTC-USD', '57560479456', '12aca6e0', 'buy', '27268.09', '0.02', '2023-03-28T23:24:03.185394Z'],
    });
    expect(parseExchangeMessage('{"type":"noop_test","x":1}')).toEqual({
      type: 'other',
      rawType: 'noop_test',
      message: { type: 'noop_test', x: 1 },
    });
  });

  it.each([
    ['not JSON', '{"type":"l2update"'],
    ['no type', '{"product_id":"BTC-USD"}'],
    ['a scalar', '42'],
    ['l2update with a bad side', '{"type":"l2update","product_id":"X","changes":[["bid","1","1"]]}'],
    ['l2update with numeric price', '{"type":"l2update","product_id":"X","changes":[["buy",1,"1"]]}'],
    ['snapshot without asks', '{"type":"snapshot","product_id":"X","bids":[]}'],
    ['match with string trade_id', examples['match']!.replace('"trade_id":10', '"trade_id":"10"')],
    ['heartbeat without sequence', '{"type":"heartbeat","product_id":"X","last_trade_id":1,"time":"t"}'],
    ['error without message', '{"type":"error","reason":"x"}'],
  ])('throws CoinbaseParseError on %s', (_name, text) => {
    expect(() => parseExchangeMessage(text)).toThrow(CoinbaseParseError);
  });

  it('decodes an already parsed value without copying it', () => {
    const value: unknown = JSON.parse(examples['snapshot']!);
    expect(decodeExchangeMessage(value)).toBe(value);
  });
});
