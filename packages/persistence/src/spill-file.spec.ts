import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpillFile } from './spill-file';
import { ENCODE_SLICE, type EventEnvelope } from './event-envelope';

const envelope = (seq: number): EventEnvelope => ({
  source: 's',
  seq,
  event: { type: 'run-ended', runId: 'r', timeMs: seq },
});

describe('SpillFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'persistence-spill-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replays every batch in order, in chunks of maxBatch, then removes the file', async () => {
    const spill = new SpillFile(path.join(dir, 'sub', 'events.jsonl'));
    await spill.append([1, 2, 3].map(envelope));
    await spill.append([4, 5].map(envelope));
    const seen: number[][] = [];
    const n = await spill.replay(
      async (b) => void seen.push(b.map((e) => e.seq)),
      () => undefined,
      2,
    );
    expect(n).toBe(5);
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
    expect(await spill.hasPending()).toBe(false);
    expect(await readdir(path.join(dir, 'sub'))).toEqual([]);
  });

  it('writes a large spill as short lines (bounded work per turn of the loop) and replays all of it in order', async () => {
    const spill = new SpillFile(path.join(dir, 'events.jsonl'));
    const total = 10 * ENCODE_SLICE + 7;
    await spill.append(Array.from({ length: total }, (_, i) => envelope(i + 1)));
    const lines = (await readFile(spill.filePath, 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(11);
    for (const line of lines) expect((JSON.parse(line) as unknown[]).length).toBeLessThanOrEqual(ENCODE_SLICE);
    const seen: number[] = [];
    expect(
      await spill.replay(
        async (b) => void seen.push(...b.map((e) => e.seq)),
        () => undefined,
        500,
      ),
    ).toBe(total);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('keeps the file when delivery fails and replays it again, plus anything spilled meanwhile', async () => {
    const spill = new SpillFile(path.join(dir, 'events.jsonl'));
    await spill.append([1, 2].map(envelope));
    await expect(
      spill.replay(
        async () => Promise.reject(new Error('redis down')),
        () => undefined,
      ),
    ).rejects.toThrow('redis down');
    await spill.append([3].map(envelope));
    const seen: number[] = [];
    await spill.replay(
      async (b) => void seen.push(...b.map((e) => e.seq)),
      () => undefined,
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(await spill.hasPending()).toBe(false);
  });

  it('skips a torn line (crash mid-append) and reports it', async () => {
    const file = path.join(dir, 'events.jsonl');
    const spill = new SpillFile(file);
    await spill.append([1].map(envelope));
    await appendFile(file, '[{"source":"s","seq":2,"ev');
    await appendFile(file, '\n');
    await spill.append([3].map(envelope));
    const seen: number[] = [];
    const errors: string[] = [];
    await spill.replay(
      async (b) => void seen.push(...b.map((e) => e.seq)),
      (e) => errors.push(e.message),
    );
    expect(seen).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
  });
});
