/**
 * Every Redis name this package uses, derived from one prefix (default `truex-mm`) and the deployment name, so any
 * number of market makers (and test runs) share one Redis without seeing a single event of each other.
 *
 * | key                                   | type   | content                                                      |
 * | ------------------------------------- | ------ | ------------------------------------------------------------ |
 * | `<prefix>:<deployment>:events`        | stream | field `events`: a JSON array of event envelopes (one batch)  |
 * | `<prefix>:<deployment>:events:dead`   | stream | entries that could not be parsed (`events` as received, `error`) |
 * | group `pg-writer:<deployment>`        | group  | the PostgreSQL writers' consumer group on the events stream  |
 * | `<prefix>:<deployment>:state`         | hash   | hot state: `fair_value`, `open_orders` (JSON), `position` (JSON), |
 * |                                       |        | `trading_state`, `run_id`, `updated_ms`                      |
 *
 * Without a deployment (`redisKeys(prefix)`) the names are the pre-deployment ones (`<prefix>:events`, group
 * `pg-writer`), kept for tools that drain a stream written by an older version.
 */
export interface RedisKeys {
  readonly stream: string;
  readonly deadLetters: string;
  readonly group: string;
  readonly state: string;
  /** The deployment the keys belong to; rows written from this stream are stamped with it. */
  readonly deployment?: string;
}

export const DEFAULT_KEY_PREFIX = 'truex-mm';
export const WRITER_GROUP = 'pg-writer';

export function redisKeys(prefix: string = DEFAULT_KEY_PREFIX, deployment?: string): RedisKeys {
  const base = deployment === undefined ? prefix : `${prefix}:${deployment}`;
  return {
    stream: `${base}:events`,
    deadLetters: `${base}:events:dead`,
    group: deployment === undefined ? WRITER_GROUP : `${WRITER_GROUP}:${deployment}`,
    state: `${base}:state`,
    ...(deployment === undefined ? {} : { deployment }),
  };
}
