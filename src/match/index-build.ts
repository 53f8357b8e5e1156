import { analyze } from "../text/analyze.js";
import type { IndexArtifact, IndexCapability } from "./index-data.js";
import { FIELD_NAMES, type FieldName, type MatchParams } from "./params.js";
import { postingsSteps, Vocabulary, type Postings } from "./postings.js";
import { StemFamilies } from "./stem-family.js";
import { STEP_ITEMS, type Steps } from "./steps.js";
import { TypoIndex } from "./typo.js";

/** "OpenAI: " in "OpenAI: Whisper": a vendor prefix, which people leave out when they name the artifact. */
const VENDOR_PREFIX = /^[^:]{1,40}:\s+/;

/** Everything a match index computes from its records before it can answer a query (see IndexData for each field's meaning). */
export interface IndexParts {
  vocabulary: Vocabulary;
  post: Postings;
  capOrdinal: Uint32Array;
  capInternal: Uint32Array;
  capArtifact: Uint32Array;
  artStart: Uint32Array;
  capNode: Int32Array;
  nodeUris: string[];
  nodeCaps: Uint32Array[];
  typoIndex: TypoIndex;
  stemFamilies: StemFamilies | undefined;
  nameTerms: Map<string, number[]>;
  vendorTerms: Map<string, number[]>;
  nameLength: Uint16Array;
  shortNameLength: Uint16Array;
  maxImpact: Float32Array;
}

/**
 * Builds an index's parts as steps (match/steps.ts): the synchronous build runs them at once,
 * a serving process in slices. `avgLength`: a delta segment's base average length.
 */
export function* indexParts(
  artifacts: readonly IndexArtifact[],
  caps: readonly IndexCapability[],
  p: MatchParams,
  avgLength: number | undefined,
): Steps<IndexParts> {
  const names = yield* nameParts(artifacts);
  const ids = numbering(artifacts.length, caps);
  yield;
  const nodes = yield* nodeParts(caps, ids.capOrdinal);
  const vocabulary = new Vocabulary();
  const post = yield* postingsSteps(
    {
      size: caps.length,
      weights: FIELD_NAMES.map((f) => p.fieldWeights[f]),
      k1: p.k1,
      b: p.b,
      field: (i, f) => (caps[ids.capOrdinal[i] as number] as IndexCapability).fields[FIELD_NAMES[f] as FieldName],
      ...(avgLength !== undefined ? { avgLength } : {}),
      kernel: p.kernel,
    },
    vocabulary,
  );
  const typoIndex = yield* TypoIndex.steps(vocabulary.terms, p.typoMinLength - 1);
  // Built with the index, not on first use: stemming a million-capability vocabulary takes seconds.
  const stemFamilies = p.stemWeight > 0 ? yield* StemFamilies.steps(vocabulary.terms) : undefined;
  const maxImpact = yield* maxImpacts(post);
  return { ...names, ...ids, ...nodes, vocabulary, post, typoIndex, stemFamilies, maxImpact };
}

/** Name word → artifacts (words only in a "Vendor: " prefix apart), and each name's length in words. */
function* nameParts(artifacts: readonly IndexArtifact[]) {
  const nameTerms = new Map<string, number[]>(),
    vendorTerms = new Map<string, number[]>();
  const nameLength = new Uint16Array(artifacts.length),
    shortNameLength = new Uint16Array(artifacts.length);
  for (let i = 0; i < artifacts.length; i++) {
    const a = artifacts[i] as IndexArtifact;
    const slugWords = a.slug.replace(/-/g, " ");
    const all = new Set(analyze(`${a.name} ${slugWords}`));
    const short = new Set(analyze(`${a.name.replace(VENDOR_PREFIX, "")} ${slugWords}`));
    nameLength[i] = all.size;
    shortNameLength[i] = short.size || all.size;
    for (const t of all) {
      const map = short.has(t) || short.size === 0 ? nameTerms : vendorTerms;
      const l = map.get(t);
      if (l) l.push(i);
      else map.set(t, [i]);
    }
    if (i % STEP_ITEMS === STEP_ITEMS - 1) yield;
  }
  return { nameTerms, vendorTerms, nameLength, shortNameLength };
}

/** Internal ids: a stable counting sort of the capabilities by artifact (a few ms at 1M: no yield). */
function numbering(artifactCount: number, caps: readonly IndexCapability[]) {
  const n = caps.length;
  const capOrdinal = new Uint32Array(n),
    capInternal = new Uint32Array(n),
    capArtifact = new Uint32Array(n),
    start = new Uint32Array(artifactCount + 1);
  for (const c of caps) start[c.artifact + 1] = (start[c.artifact + 1] as number) + 1;
  for (let a = 0; a < artifactCount; a++) start[a + 1] = (start[a + 1] as number) + (start[a] as number);
  const fill = start.slice(0, artifactCount);
  for (let o = 0; o < n; o++) {
    const a = (caps[o] as IndexCapability).artifact;
    const i = fill[a] as number;
    fill[a] = i + 1;
    capOrdinal[i] = o;
    capInternal[o] = i;
    capArtifact[i] = a;
  }
  return { capOrdinal, capInternal, capArtifact, artStart: start };
}

/** Each capability's taxonomy node (by internal id), and each node's capabilities. */
function* nodeParts(caps: readonly IndexCapability[], capOrdinal: Uint32Array) {
  const capNode = new Int32Array(caps.length).fill(-1);
  const nodeUris: string[] = [];
  const nodeIds = new Map<string, number>();
  const nodeLists: number[][] = [];
  for (let i = 0; i < caps.length; i++) {
    if (i % (STEP_ITEMS * 8) === STEP_ITEMS * 8 - 1) yield;
    const node = (caps[capOrdinal[i] as number] as IndexCapability).node;
    if (!node) continue;
    let id = nodeIds.get(node);
    if (id === undefined) {
      id = nodeUris.push(node) - 1;
      nodeIds.set(node, id);
      nodeLists.push([]);
    }
    capNode[i] = id;
    nodeLists[id]?.push(i);
  }
  return { capNode, nodeUris, nodeCaps: nodeLists.map((l) => Uint32Array.from(l)) };
}

/** Each term's largest impact (one pass over the postings). */
function* maxImpacts(post: Postings): Steps<Float32Array> {
  const out = new Float32Array(post.start.length - 1),
    imps = post.impacts;
  for (let t = 0; t < out.length; t++) {
    let m = 0;
    for (let p = post.start[t] as number, end = post.start[t + 1] as number; p < end; p++)
      if ((imps[2 * p + 1] as number) > m) m = imps[2 * p + 1] as number;
    out[t] = m;
    if (t % STEP_ITEMS === STEP_ITEMS - 1) yield;
  }
  return out;
}
