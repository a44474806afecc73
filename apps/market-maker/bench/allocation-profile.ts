// V8's sampling heap profiler (through node:inspector) over a measured window: bytes allocated per source line,
// objects the scavenger already collected included, mapped back to the TypeScript sources through the packages'
// source maps. For finding what allocates on the tick path; the whole process is sampled.
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: ProfileNode[];
}

const ROOT = resolve(__dirname, '../../../..');
const TOP = 30;

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((ok, fail) =>
    session.post(method, params ?? {}, (error, result) => (error ? fail(error) : ok(result as T))),
  );
}

/** file:line of the TypeScript source when the package's source map knows it, else of the JavaScript. */
function sourceLine(frame: CallFrame): string {
  if (!frame.url) return '(native)';
  const file = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url;
  try {
    const map = findSourceMap(file);
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
      { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
      const source = entry.originalSource.startsWith('file:')
        ? fileURLToPath(entry.originalSource)
        : entry.originalSource;
      return `${relative(ROOT, source)}:${entry.originalLine + 1}`;
    }
  } catch {
    // no map: fall through to the JavaScript position
  }
  return `${relative(ROOT, file)}:${frame.lineNumber + 1}`;
}

export class AllocationProfile {
  private constructor(private readonly session: Session) {}

  static async start(samplingInterval = 256): Promise<AllocationProfile> {
    const session = new Session();
    session.connect();
    await post(session, 'HeapProfiler.enable');
    await post(session, 'HeapProfiler.startSampling', {
      samplingInterval,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return new AllocationProfile(session);
  }

  /** Stops and returns the table: the top sites by bytes, and bytes per package. */
  async stop(): Promise<string> {
    const { profile } = await post<{ profile: { head: ProfileNode } }>(this.session, 'HeapProfiler.stopSampling');
    await post(this.session, 'HeapProfiler.disable');
    this.session.disconnect();
    const bySite = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let total = 0;
    const walk = (node: ProfileNode): void => {
      if (node.selfSize > 0) {
        const where = sourceLine(node.callFrame);
        const site = `${node.callFrame.functionName || '(anonymous)'} ${where}`;
        bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
        const pkg =
          /^(packages|apps)\/[^/]+/.exec(where)?.[0] ?? (where.includes('node_modules') ? 'node_modules' : 'node');
        byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.selfSize);
        total += node.selfSize;
      }
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
    const share = (b: number): string => `${((b / total) * 100).toFixed(1)}%`;
    const lines = [`sampled ${mb(total)} in all`, '| package | bytes | share |', '|---|---|---|'];
    for (const [pkg, b] of [...byPackage].sort((x, y) => y[1] - x[1]))
      lines.push(`| ${pkg} | ${mb(b)} | ${share(b)} |`);
    lines.push('', '| allocation site (function file:line) | bytes | share |', '|---|---|---|');
    for (const [site, b] of [...bySite].sort((x, y) => y[1] - x[1]).slice(0, TOP)) {
      lines.push(`| ${site} | ${mb(b)} | ${share(b)} |`);
    }
    return lines.join('\n');
  }
}
