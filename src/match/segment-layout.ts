import type { MatchIndex } from "./engine.js";

/* How a segmented index (segments.ts) lays out its slots over the base and the delta segment. */

/** Where a slot's artifact lives. */
export const BASE = 0,
  DELTA = 1,
  DEAD = 2;

/** One generation's layout: slot → segment and ordinal in it, capability ordinals per slot, base artifacts masked out. */
export interface Layout {
  /** One byte per base artifact, 0 when replaced or removed; undefined while every base artifact is live. */
  live: Uint8Array | undefined;
  seg: Uint8Array;
  ord: Uint32Array;
  /** Slot s's capabilities are the ordinals first[s]..first[s+1] (laid out slot by slot, like a catalog index). */
  first: Uint32Array;
  slotOf: Map<string, number>;
  /** Delta artifact → slot. */
  deltaSlot: Uint32Array;
}

/** First capability ordinal of each artifact of an index built artifact by artifact (length artifacts + 1). */
export function firstOrdinals(ix: MatchIndex): Uint32Array {
  const first = new Uint32Array(ix.artifacts.length + 1);
  for (const c of ix.capabilities) first[c.artifact + 1] = (first[c.artifact + 1] as number) + 1;
  for (let a = 0; a < ix.artifacts.length; a++) first[a + 1] = (first[a + 1] as number) + (first[a] as number);
  return first;
}

/** First capability ordinal of each slot (length slots + 1): a removed slot holds none. */
export function slotFirsts(
  seg: Uint8Array,
  ord: Uint32Array,
  baseFirst: Uint32Array,
  deltaFirst: Uint32Array,
): Uint32Array {
  const first = new Uint32Array(seg.length + 1);
  for (let s = 0; s < seg.length; s++) {
    const o = ord[s] as number,
      kind = seg[s] as number;
    const from = kind === BASE ? baseFirst : kind === DELTA ? deltaFirst : undefined;
    first[s + 1] = (first[s] as number) + (from ? (from[o + 1] as number) - (from[o] as number) : 0);
  }
  return first;
}
