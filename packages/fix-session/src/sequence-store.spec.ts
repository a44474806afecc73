import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  // Changed: the file is no longer JSON (two checksummed slots, see the torn-write test), and the exact numbers are
  // written by close(), as FixClient.stop() does; without close() a restart resumes at the reserved number.
  it('FileSequenceStore survives a clean restart exactly (a new instance reads what close() wrote)', async () => {
    const path = join(dir, 'nested', 'CLIENT-TRUEX.seq');
    const first = new FileSequenceStore(path);
    expect(await first.load()).toEqual({ nextOutgoing: 1, nextIncoming: 1 });
    void first.save({ nextOutgoing: 2, nextIncoming: 2 });
    void first.save({ nextOutgoing: 3, nextIncoming: 2 });
    await first.save({ nextOutgoing: 42, nextIncoming: 17 });
    await first.close();
    const second = new FileSequenceStore(path);
    expect(await second.load()).toEqual({ nextOutgoing: 42, nextIncoming: 17 });
    expect(statSync(path).size).toBe(128);
  });

  it('makes an outgoing number durable before save() returns: a crash right after resumes at or above it', async () => {
    const path = join(dir, 'crash.seq');
    const store = new FileSequenceStore(path, { outgoingReservation: 10 });
    await store.load();
    for (let next = 2; next <= 25; next++) {
      store.save({ nextOutgoing: next, nextIncoming: 1 }); // not awaited: the engine writes the frame right after
      const afterCrash = await new FileSequenceStore(path).load(); // what a restarted process would read now
      expect(afterCrash.nextOutgoing).toBeGreaterThanOrEqual(next);
      expect(afterCrash.nextOutgoing).toBeLessThanOrEqual(next + 9); // at most reservation - 1 numbers skipped
    }
  });

  it('reserves the next block after the event-loop turn in which half of the current one was used', async () => {
    const path = join(dir, 'ahead.seq');
    const store = new FileSequenceStore(path, { outgoingReservation: 10 });
    await store.load();
    store.save({ nextOutgoing: 2, nextIncoming: 1 }); // first block, synchronously: up to 11
    expect((await new FileSequenceStore(path).load()).nextOutgoing).toBe(11);
    for (let next = 3; next <= 7; next++) store.save({ nextOutgoing: next, nextIncoming: 1 });
    // Half used (7 of 2..11): nothing more is written within this turn, the next block follows it.
    expect((await new FileSequenceStore(path).load()).nextOutgoing).toBe(11);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await new FileSequenceStore(path).load()).nextOutgoing).toBe(16);
    // Past the old block's end without a synchronous reservation (that one would have written 12 + 9 = 21).
    store.save({ nextOutgoing: 12, nextIncoming: 1 });
    expect((await new FileSequenceStore(path).load()).nextOutgoing).toBe(16);
    // A burst that uses up the whole block within one turn still reserves synchronously before its number is used.
    for (let next = 13; next <= 17; next++) {
      store.save({ nextOutgoing: next, nextIncoming: 1 });
      expect((await new FileSequenceStore(path).load()).nextOutgoing).toBeGreaterThanOrEqual(next);
    }
    await store.close();
  });

  it('close() is not overtaken by a reservation scheduled before it: a clean stop resumes exactly', async () => {
    const path = join(dir, 'ahead-close.seq');
    const store = new FileSequenceStore(path, { outgoingReservation: 10 });
    await store.load();
    for (let next = 2; next <= 8; next++) store.save({ nextOutgoing: next, nextIncoming: 4 });
    const pending = store.save({ nextOutgoing: 8, nextIncoming: 5 });
    await store.close();
    await pending;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await new FileSequenceStore(path).load()).toEqual({ nextOutgoing: 8, nextIncoming: 5 });
  });

  it('copies the numbers it is given: the caller may reuse the object', async () => {
    const path = join(dir, 'copy.seq');
    const store = new FileSequenceStore(path, { outgoingReservation: 1 });
    await store.load();
    const numbers = { nextOutgoing: 5, nextIncoming: 6 };
    store.save(numbers);
    numbers.nextOutgoing = 1;
    numbers.nextIncoming = 1;
    expect(await store.load()).toEqual({ nextOutgoing: 5, nextIncoming: 6 });
  });

  it('with outgoingReservation 1, every outbound number is written exactly (one fdatasync each)', async () => {
    const path = join(dir, 'exact.seq');
    const store = new FileSequenceStore(path, { outgoingReservation: 1 });
    await store.load();
    store.save({ nextOutgoing: 7, nextIncoming: 3 });
    expect(await new FileSequenceStore(path).load()).toEqual({ nextOutgoing: 7, nextIncoming: 3 });
  });

  it('writes incoming-only moves behind, within the reservation, and resolves once written', async () => {
    const path = join(dir, 'behind.seq');
    const store = new FileSequenceStore(path, { outgoingReservation: 5 });
    await store.load();
    store.save({ nextOutgoing: 2, nextIncoming: 1 });
    await store.save({ nextOutgoing: 2, nextIncoming: 9 });
    expect(await new FileSequenceStore(path).load()).toEqual({ nextOutgoing: 6, nextIncoming: 9 });
  });

  it('survives a torn write: a damaged newest slot falls back to the last good value', async () => {
    const path = join(dir, 'torn.seq');
    const store = new FileSequenceStore(path, { outgoingReservation: 1 });
    await store.load();
    store.save({ nextOutgoing: 2, nextIncoming: 5 }); // generation 1 → slot 1
    store.save({ nextOutgoing: 3, nextIncoming: 6 }); // generation 2 → slot 0
    await store.close(); // generation 3 → slot 1 (exact 3/6)
    store.save({ nextOutgoing: 4, nextIncoming: 7 }); // generation 4 → slot 0
    // Crash in the middle of writing generation 4: half of slot 0 is new bytes, half is garbage.
    const bytes = readFileSync(path);
    bytes.fill(0x78, 20, 64);
    writeFileSync(path, bytes);
    expect(await new FileSequenceStore(path).load()).toEqual({ nextOutgoing: 3, nextIncoming: 6 });
  });

  it('refuses a file whose two slots are both damaged, with a clear error', async () => {
    const path = join(dir, 'both.seq');
    writeFileSync(path, Buffer.alloc(128, 0x41));
    await expect(new FileSequenceStore(path).load()).rejects.toThrow(/does not hold valid sequence numbers/);
  });

  it('reads the JSON file of earlier versions and rewrites it in the slot format on the next save', async () => {
    const path = join(dir, 'legacy.json');
    writeFileSync(path, JSON.stringify({ nextOutgoing: 12, nextIncoming: 30 }));
    const store = new FileSequenceStore(path);
    expect(await store.load()).toEqual({ nextOutgoing: 12, nextIncoming: 30 });
    store.save({ nextOutgoing: 13, nextIncoming: 30 });
    expect(statSync(path).size).toBe(128);
    expect((await new FileSequenceStore(path).load()).nextOutgoing).toBeGreaterThanOrEqual(13);
  });

  it('FileSequenceStore refuses a corrupt file with a clear error', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"nextOutgoing":0}');
    await expect(new FileSequenceStore(path).load()).rejects.toThrow(/does not hold valid sequence numbers/);
  });
});
