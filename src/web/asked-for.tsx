import type { LearnedIntentSummary } from "../core/domain.js";
import { MIN_REPORTERS } from "../core/domain.js";

/**
 * "People asked for this": intents that reported outcomes tied to this artifact, with the
 * number of distinct people who reported each and the latest date. Shown only once the
 * artifact has learned something (MIN_REPORTERS distinct reporters), so it never shows noise.
 */
export function PeopleAskedFor(props: { intents: readonly LearnedIntentSummary[] }) {
  if (props.intents.length === 0) return null;
  return (
    <section class="card" aria-labelledby="asked-h">
      <h2 id="asked-h" style="margin-top:0">
        People asked for this
      </h2>
      <p class="small muted">
        Intents whose searches returned this artifact and that people reported as answered. Search learns from them once{" "}
        {MIN_REPORTERS} or more distinct people have reported.
      </p>
      <ul>
        {props.intents.map((x) => (
          <li>
            “{x.intent}”{" "}
            <span class="small muted">
              — {x.people} {x.people === 1 ? "person" : "people"}, last {x.lastAt.slice(0, 10)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
