import { Tag } from '../constants';
import { PartyRoleClientId } from '../enums';
import type { FixField } from '../fix-field';
import type { FixFieldReader } from '../fix-message';

/** Parties in the only order TrueX accepts: 453 first, then 448, 452 per entry ("Invalid tag (448)" otherwise). */
export function pushParties(out: FixField[], partyIds: ReadonlyArray<string>): void {
  if (partyIds.length === 0) return;
  out.push([Tag.NoPartyIDs, String(partyIds.length)]);
  for (const id of partyIds) {
    out.push([Tag.PartyID, id]);
    out.push([Tag.PartyRole, PartyRoleClientId]);
  }
}

export function readPartyIds(m: FixFieldReader): string[] {
  const ids: string[] = [];
  for (const entry of m.group(Tag.NoPartyIDs)) {
    const id = entry.get(Tag.PartyID);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}
