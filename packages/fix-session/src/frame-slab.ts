/**
 * Where outbound frames are encoded: straight into a large slab, each frame handed out as a view of its own bytes
 * that are never written again (as Node's own Buffer pool and fix-codec's encodeFix do). A transport may therefore
 * keep a frame for as long as it likes (a socket write still pending, a test recording it) and no copy is made; a
 * full slab is replaced by a fresh one and freed once its last frame is. Bytes past `offset` that were never taken
 * (an encoding that failed half-way) are simply written over by the next frame.
 */
export class FrameSlab {
  private slab: Buffer;
  private used = 0;

  constructor(private readonly slabBytes = 64 * 1024) {
    this.slab = Buffer.allocUnsafe(slabBytes);
  }

  /** The buffer to encode into at {@link offset}, with at least `room` bytes free there. */
  target(room: number): Buffer {
    if (this.slab.length - this.used < room) {
      this.slab = Buffer.allocUnsafe(Math.max(this.slabBytes, room));
      this.used = 0;
    }
    return this.slab;
  }

  /** Where the next frame starts in {@link target}'s buffer. */
  get offset(): number {
    return this.used;
  }

  /** Hands out the `length` bytes just encoded at {@link offset}; they are never written again. */
  take(length: number): Buffer {
    const start = this.used;
    this.used = start + length;
    return this.slab.subarray(start, this.used);
  }
}
