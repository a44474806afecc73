import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A file the page needs, held in memory: nothing is fetched from a CDN, nothing is built. */
export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
}

const PUBLIC_DIR = path.join(__dirname, '..', 'public');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's own files (public/) and uPlot's, by URL path. */
const FILES: ReadonlyArray<readonly [url: string, file: () => string]> = [
  ['/', () => path.join(PUBLIC_DIR, 'index.html')],
  ['/assets/dashboard.js', () => path.join(PUBLIC_DIR, 'dashboard.js')],
  ['/assets/charts.js', () => path.join(PUBLIC_DIR, 'charts.js')],
  ['/assets/format.js', () => path.join(PUBLIC_DIR, 'format.js')],
  ['/assets/dashboard.css', () => path.join(PUBLIC_DIR, 'dashboard.css')],
  ['/assets/uPlot.esm.js', () => require.resolve('uplot/dist/uPlot.esm.js')],
  ['/assets/uPlot.min.css', () => require.resolve('uplot/dist/uPlot.min.css')],
];

/** Reads every asset once (at start: a missing file fails loudly then, not when a page asks for it). */
export function loadAssets(): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [url, file] of FILES) {
    const filePath = file();
    assets.set(url, {
      contentType: CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream',
      body: readFileSync(filePath),
    });
  }
  return assets;
}
