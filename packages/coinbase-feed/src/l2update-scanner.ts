/**
 * Reads an Exchange `l2update` frame in place. JSON.parse of a 70-change level2_batch frame costs more than
 * applying its changes (it builds 70 arrays and 210 strings, interning the short ones), so the feed's hot path
 * scans the frame as Coinbase lays it out and hands the book offsets instead:
 *
 *   {"type":"l2update","product_id":"…","changes":[["buy"|"sell","…","…"],…]}            (optionally ,"time":"…")
 *
 * Anything else (other key order, whitespace, escapes, control characters, extra fields or elements) is declined,
 * and the caller parses the frame the ordinary way. So accepting a frame never changes what happens to it: this
 * exact layout is valid JSON that parseExchangeMessage accepts as an l2update with the same fields.
 */
export class L2UpdateScanner {
  productId = '';
  /** Where the `time` value lies in the frame last scanned (-1 when it has none). */
  timeStart = -1;
  timeEnd = -1;
  private text = '';
  /** Product ids seen lately, reused instead of slicing the same id out of every frame. */
  private readonly products: string[] = [];
  /** Changes in the frame last scanned. */
  count = 0;
  /** Per change, CHANGE_FIELDS slots: side (0 buy, 1 sell), price start, price end, size start, size end. */
  changes = new Int32Array(CHANGE_FIELDS * 128);

  /** True when `text` is an l2update in Coinbase's layout (its fields are then on this scanner). */
  scan(text: string): boolean {
    if (!text.startsWith(PREFIX)) return false;
    let i = PREFIX.length;
    const productEnd = stringEnd(text, i);
    if (productEnd < 0 || !text.startsWith(CHANGES, productEnd + 1)) return false;
    const productStart = i;
    i = productEnd + 1 + CHANGES.length;
    let count = 0;
    if (text.charCodeAt(i) === RBRACKET) {
      i++;
    } else {
      for (;;) {
        let side: number;
        if (at(text, i, BUY)) {
          side = 0;
          i += BUY.length;
        } else if (at(text, i, SELL)) {
          side = 1;
          i += SELL.length;
        } else {
          return false;
        }
        const priceEnd = stringEnd(text, i);
        if (priceEnd < 0 || text.charCodeAt(priceEnd + 1) !== COMMA || text.charCodeAt(priceEnd + 2) !== QUOTE) {
          return false;
        }
        const sizeStart = priceEnd + 3;
        const sizeEnd = stringEnd(text, sizeStart);
        if (sizeEnd < 0 || text.charCodeAt(sizeEnd + 1) !== RBRACKET) return false;
        if ((count + 1) * CHANGE_FIELDS > this.changes.length) this.grow();
        const o = count * CHANGE_FIELDS;
        const c = this.changes;
        c[o] = side;
        c[o + 1] = i;
        c[o + 2] = priceEnd;
        c[o + 3] = sizeStart;
        c[o + 4] = sizeEnd;
        count++;
        i = sizeEnd + 2;
        const next = text.charCodeAt(i);
        if (next === RBRACKET) break;
        if (next !== COMMA) return false;
        i++;
      }
      i++;
    }
    let timeStart = -1;
    let timeEnd = -1;
    if (text.startsWith(TIME, i)) {
      timeStart = i + TIME.length;
      timeEnd = stringEnd(text, timeStart);
      if (timeEnd < 0) return false;
      i = timeEnd + 1;
    }
    if (i !== text.length - 1 || text.charCodeAt(i) !== RBRACE) return false;
    this.productId = this.product(text, productStart, productEnd);
    this.text = text;
    this.timeStart = timeStart;
    this.timeEnd = timeEnd;
    this.count = count;
    return true;
  }

  /** The `time` of the frame last scanned (a slice of it; the feed reads the offsets instead). */
  get time(): string | undefined {
    return this.timeStart < 0 ? undefined : this.text.slice(this.timeStart, this.timeEnd);
  }

  /** `text.slice(start, end)`, or the same id from an earlier frame. */
  private product(text: string, start: number, end: number): string {
    const known = this.products;
    for (let k = 0; k < known.length; k++) {
      const id = known[k]!;
      if (id.length === end - start && text.startsWith(id, start)) return id;
    }
    const id = text.slice(start, end);
    if (known.length === MAX_KNOWN_PRODUCTS) known.shift();
    known.push(id);
    return id;
  }

  private grow(): void {
    const bigger = new Int32Array(this.changes.length * 2);
    bigger.set(this.changes);
    this.changes = bigger;
  }
}

export const CHANGE_FIELDS = 5;
const MAX_KNOWN_PRODUCTS = 16;

const PREFIX = '{"type":"l2update","product_id":"';
const CHANGES = ',"changes":[';
const BUY = '["buy","';
const SELL = '["sell","';
const TIME = ',"time":"';
const QUOTE = 34;
const COMMA = 44;
const BACKSLASH = 92;
const RBRACKET = 93;
const RBRACE = 125;

/** `text.startsWith(literal, i)` for the short literals above, which V8 inlines where it does not inline startsWith. */
function at(text: string, i: number, literal: string): boolean {
  if (i + literal.length > text.length) return false;
  for (let k = 0; k < literal.length; k++) if (text.charCodeAt(i + k) !== literal.charCodeAt(k)) return false;
  return true;
}

/**
 * Index of the quote closing the JSON string whose text starts at `start`, or -1 when it has an escape or a raw
 * control character (which JSON.parse would decode or reject) or is unterminated.
 */
function stringEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < 0x20) return -1;
  }
  return -1;
}
