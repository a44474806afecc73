// The decoder's index over a frame: per field, STRIDE small integers in one flat array (no per-field objects).

/** Tag number. */
export const TAG = 0;
/** Value start offset in the frame. */
export const START = 1;
/** Value end offset (exclusive: the SOH). */
export const END = 2;
/** Field index of the innermost enclosing group's count field; -1 at top level. */
export const OWNER = 3;
/** For count fields: index one past the group's last field. */
export const GROUP_END = 4;
export const STRIDE = 5;

/** Tags below this are looked up in flat tables (every tag TrueX uses is); larger ones by scanning or in Maps. */
export const QUICK_TAGS = 8192;
