import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSequenceStore } from './file-sequence-store';
import { MemorySequenceStore } from './sequence-store';

describe('sequence stores', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fix-seq-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('MemorySequenceStore starts at 1/1 and returns what was saved', async () => {
    const store = new MemorySequenceStore();
    expect(await store.load()).toEqual({ nextOutgoing: 1, nextIncoming: 1 });
    store.save({ nextOutgoing: 5, nextIncoming: 9 });
    expect(await store.load()).toEqual({ nextOutgoing: 5, nextIncoming: 9 });
  });

  it('FileSequenceStore survives a restart (a new instance reads what the old one saved last)', async () => {
    const path = join(dir, 'nested', 'CLIENT-TRUEX.json');
    const first = new FileSequenceStore(path);
    expect(await first.load()).toEqual({ nextOutgoing: 1, nextIncoming: 1 });
    void first.save({ nextOutgoing: 2, nextIncoming: 2 });
    void first.save({ nextOutgoing: 3, nextIncoming: 2 });
    await first.save({ nextOutgoing: 42, nextIncoming: 17 });
    const second = new FileSequenceStore(path);
    expect(await second.load()).toEqual({ nextOutgoing: 42, nextIncoming: 17 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ nextOutgoing: 42, nextIncoming: 17 });
  });

  it('FileSequenceStore refuses a corrupt file with a clear error', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"nextOutgoing":0}');
    await expect(new FileSequenceStore(path).load()).rejects.toThrow(/does not hold valid sequence numbers/);
  });
});
