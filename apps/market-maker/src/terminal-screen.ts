/** Where the screen writes: a TTY stream (process.stdout) or anything with write() and, optionally, a width. */
export interface ScreenOutput {
  write(text: string): unknown;
  readonly columns?: number;
}

const CLEAR_LINE = '\r\x1b[2K';
const UP_AND_CLEAR = '\x1b[1A\x1b[2K';

/**
 * A terminal whose last lines are a status panel: log lines scroll above it, the panel stays at the bottom. Every
 * log line is one write of "erase the panel, the line, the panel again", so a line and the panel never interleave.
 * Panel lines are cut to the terminal's width (a wrapped line would make the next erase miss a line).
 */
export class TerminalScreen {
  private panel: string[] = [];
  private drawn = 0;
  private closed = false;

  constructor(private readonly out: ScreenOutput) {}

  /** Writes log text (one or more lines; a final newline is added when missing) above the panel. */
  log(text: string): void {
    if (this.closed) {
      this.out.write(text.endsWith('\n') ? text : `${text}\n`);
      return;
    }
    this.out.write(`${this.erase()}${text.endsWith('\n') ? text : `${text}\n`}${this.draw()}`);
  }

  /** Replaces the panel's lines and redraws it. */
  setPanel(lines: readonly string[]): void {
    if (this.closed) return;
    const erase = this.erase();
    this.panel = [...lines];
    this.out.write(`${erase}${this.draw()}`);
  }

  /** Leaves the last panel on screen as ordinary lines; later log text is written plainly. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.drawn > 0) this.out.write('\n');
    this.drawn = 0;
  }

  private erase(): string {
    if (this.drawn === 0) return '';
    const text = CLEAR_LINE + UP_AND_CLEAR.repeat(this.drawn - 1);
    this.drawn = 0;
    return text;
  }

  private draw(): string {
    const width = this.out.columns && this.out.columns > 1 ? this.out.columns - 1 : undefined;
    const lines = this.panel.map((line) => (width === undefined ? line : cut(line, width)));
    this.drawn = lines.length;
    return lines.join('\n');
  }
}

/** Cuts a line to `width` visible characters, keeping ANSI colour codes whole (and resetting them). */
function cut(line: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\x1b') {
      const end = line.indexOf('m', i);
      if (end > i) {
        out += line.slice(i, end + 1);
        i = end;
        continue;
      }
    }
    if (visible === width) return `${out}\x1b[0m`;
    out += line[i];
    visible++;
  }
  return out;
}
