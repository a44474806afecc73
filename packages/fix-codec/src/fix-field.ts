/** One tag=value field. Values are strings exactly as on the wire (no SOH). */
export type FixField = readonly [tag: number, value: string];

/** Body fields in wire order; repeating groups flattened: the count tag, then each entry's fields in FIX order. */
export type FixBody = ReadonlyArray<FixField>;
