import { QUICK_TAGS } from './frame-layout';
import { compileGroups, type FixGroupDefinition, type GroupTable } from './group-definitions';

/** A pre-compiled group set for decodeFix's `groups` option (and FixDecoder's). */
export class CompiledGroups {
  /** @internal */
  readonly table: ReadonlyMap<number, GroupTable>;
  /** @internal 1 where a small tag opens a top-level group: most fields are rejected with one byte read. */
  readonly opens = new Uint8Array(QUICK_TAGS);

  constructor(definitions: ReadonlyArray<FixGroupDefinition>) {
    this.table = compileGroups(definitions);
    for (const tag of this.table.keys()) if (tag < QUICK_TAGS) this.opens[tag] = 1;
  }

  /** @internal Whether `tag` opens a top-level group. */
  opensGroup(tag: number): boolean {
    return tag < QUICK_TAGS ? this.opens[tag] === 1 : this.table.has(tag);
  }
}
