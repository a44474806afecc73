/**
 * Every Redis name this package uses, derived from one prefix (default `truex-mm`) so several market makers, or
 * test runs, can share a Redis without seeing each other.
 *
 * | key                         | type   | content                                                                |
 * | --------------------------- | ------ | ---------------------------------------------------------------------- |
 * | `<prefix>:events`           | stream | field `events`: a JSON array of event envelopes (one batch per entry)   |
 * | `<prefix>:events:dead`      | stream | entries that could not be parsed (field `events` as received, `error`) |
 * | group `pg-writer`           | group  | the PostgreSQL writers' consumer group on `<prefix>:events`            |
 * | `<prefix>:state`            | hash   | hot state: `fair_value`, `open_orders` (JSON), `position` (JSON),      |
 * |                             |        | `trading_state`, `run_id`, `updated_ms`                               |
 */
export interface RedisKeys {
  readonly stream: string;
  readonly deadLetters: string;
  readonly group: string;
  readonly state: string;
}

export const DEFAULT_KEY_PREFIX = 'truex-mm';
export const WRITER_GROUP = 'pg-writer';

export function redisKeys(prefix: string = DEFAULT_KEY_PREFIX): RedisKeys {
  return {
    stream: `${prefix}:events`,
    deadLetters: `${prefix}:events:dead`,
    group: WRITER_GROUP,
    state: `${prefix}:state`,
  };
}
