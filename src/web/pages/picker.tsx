import { LIMITS } from "../../capgraph.js";
import { KIND_LABEL } from "../components.js";
import { Layout } from "../layout.js";

export interface PickerOption {
  slug: string;
  name: string;
  kind: string;
}

const ORDINAL = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth"];

/** Quick starts that show what a comparison looks like; only pairs present in the catalog are offered. */
const EXAMPLES: string[][] = [
  ["gpt-5-4-pro", "dreambooth-stable-diffusion"],
  ["whisper", "gpt-4o"],
  ["claude-code", "aider", "cursor"],
  ["qdrant", "pinecone", "pgvector"],
];

/**
 * The comparison picker: up to six slots with type-ahead from the browser's own datalist,
 * so it works without JavaScript. Nothing is preselected: two slots defaulting to the same
 * artifact was how people ended up comparing a thing with itself.
 */
export function ComparePickerPage(props: { options: readonly PickerOption[]; picked: string[]; problems: string[] }) {
  const slots = Array.from({ length: LIMITS.maxCompare }, (_, i) => props.picked[i] ?? "");
  const known = new Map(props.options.map((o) => [o.slug, o]));
  const examples = EXAMPLES.filter((e) => e.every((s) => known.has(s)));
  return (
    <Layout
      title="Compare"
      description="Compare 2 to 6 AI artifacts side by side: scores with provenance, prices, capabilities and a verdict computed from data."
    >
      <h1>Compare artifacts</h1>
      <p class="lead">Pick 2 to {LIMITS.maxCompare} artifacts. Start typing a name; the list narrows as you type.</p>
      {props.problems.length > 0 && (
        <div class="card problem" role="alert">
          <b>That comparison could not be made:</b>
          <ul>
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <form class="picker card" action="/compare" method="get">
        <input type="hidden" name="go" value="1" />
        <div class="slots">
          {slots.map((v, i) => (
            <label class="slot">
              <span>
                {ORDINAL[i]}
                {i >= 2 && <span class="muted small"> (optional)</span>}
              </span>
              <input
                name="s"
                list="artifact-options"
                value={v}
                autocomplete="off"
                placeholder={i < 2 ? "Type a name, e.g. Whisper" : "Add another…"}
              />
            </label>
          ))}
        </div>
        <datalist id="artifact-options">
          {props.options.map((o) => (
            <option
              value={o.slug}
              label={`${o.name} (${KIND_LABEL[o.kind] ?? o.kind})`}
            >{`${o.name} (${KIND_LABEL[o.kind] ?? o.kind})`}</option>
          ))}
        </datalist>
        <button type="submit">Compare</button>
      </form>
      {examples.length > 0 && (
        <>
          <h2>Or start from one of these</h2>
          <ul class="examples">
            {examples.map((e) => (
              <li>
                <a href={`/compare/${e.join("-vs-")}`}>{e.map((s) => known.get(s)?.name ?? s).join(" vs ")}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
