import type { OwnerRecord } from "../store/store.js";

/** Who controls an artifact's entry, as every surface shows it (page, API, passport). */
export interface OwnerView {
  /** The publishing namespace, or null for an entry the operator loaded. */
  namespace: string | null;
  /** The namespace proved control of the artifact's URL (claim file found at proofUrl). */
  verified: boolean;
  proofUrl: string | null;
  since: string | null;
  text: string;
}

/** The owner record of a slug (or its absence) as shown to people and agents. */
export function ownerView(o: OwnerRecord | undefined): OwnerView {
  if (!o)
    return {
      namespace: null,
      verified: false,
      proofUrl: null,
      since: null,
      text: "Catalog entry loaded by the operator; no publisher owns it.",
    };
  if (!o.verified)
    return {
      namespace: o.namespace,
      verified: false,
      proofUrl: null,
      since: o.at,
      text: `Published by namespace '${o.namespace}'; not verified: it has not proved control of this artifact's URL.`,
    };
  return {
    namespace: o.namespace,
    verified: true,
    proofUrl: o.proofUrl,
    since: o.at,
    text: `Owned by namespace '${o.namespace}', verified by the claim file at ${o.proofUrl ?? "its URL"} (${o.at.slice(0, 10)}).`,
  };
}
