import type { CompareResult } from "../../capgraph.js";
import type { Claim } from "../../core/domain.js";
import type { Profile } from "../../core/domain.js";
import { KIND_LABEL, PRICING_LABEL } from "../components.js";

type Side = CompareResult["artifacts"][number];

const DEPLOYMENT_LABEL: Record<Profile["deployment"], string> = {
  hosted: "hosted service",
  "self-hosted": "self-hosted",
  unknown: "deployment not stated",
};

const LICENCE_CLASS_LABEL: Record<Profile["licenceClass"], string> = {
  "open-source": "open source",
  "open-weights": "open weights, with use restrictions",
  proprietary: "proprietary",
  unstated: "licence not stated",
};

/** The decision block: substitutes or not, what each is for, "choose X if …", the key facts side by side, the order and what would change it. */
export function Glance(props: { r: CompareResult }) {
  const { r } = props;
  const claims = r.verdict.claims;
  const of = (k: Claim["kind"]) => claims.filter((c) => c.kind === k);
  const order = claims.find((c) => c.kind === "rank" || c.kind === "tie");
  const rest = claims.filter((c) => ["lead", "level", "no-data", "pricing", "coverage"].includes(c.kind));
  const change = of("change");
  return (
    <section class="card verdict glance" aria-labelledby="glance-h">
      <h2 id="glance-h">At a glance</h2>
      {of("substitutes").map((c) => (
        <p class="substitutes" data-substitutes={String(c.data["substitutes"])}>
          <b>{c.text}</b>
        </p>
      ))}
      {of("purpose").length > 0 && (
        <ul class="purpose">
          {of("purpose").map((c) => (
            <li data-kind="purpose">{c.text}</li>
          ))}
        </ul>
      )}
      <ul class="choose">
        {of("choose").map((c) => (
          <ChooseItem
            c={c}
            name={r.artifacts.find((x) => x.slug === c.data["artifact"])?.name ?? String(c.data["artifact"])}
          />
        ))}
      </ul>
      <div class="facts">
        {r.artifacts.map((x) => (
          <FactCard x={x} p={r.verdict.profiles.find((p) => p.slug === x.slug)} />
        ))}
      </div>
      {order && (
        <p class="order" data-kind={order.kind}>
          {order.text}
        </p>
      )}
      {change.length > 0 && (
        <details class="changes-box">
          <summary>What would change this verdict ({change.length})</summary>
          <ul class="changes">
            {change.map((c) => (
              <li>{c.text}</li>
            ))}
          </ul>
        </details>
      )}
      <details class="claims-box">
        <summary>Every claim behind the verdict ({rest.length})</summary>
        <ul class="claims">
          {rest.map((c) => (
            <li data-kind={c.kind}>{c.text}</li>
          ))}
        </ul>
      </details>
      <p class="small muted">
        Every sentence is computed from the data below. Leads count only beyond {r.verdict.margins.lead} points; CapRank
        differences of {r.verdict.margins.tie} or less are ties.{" "}
        <a href="/methodology#verdict">How the verdict is built</a>.
      </p>
    </section>
  );
}

/** "Choose X if" with each reason on its own line; an artifact nothing favours gets the claim's sentence. */
function ChooseItem(props: { c: Claim; name: string }) {
  const reasons = (props.c.data["reasons"] ?? []) as { kind: string; text: string }[];
  if (reasons.length === 0)
    return (
      <li data-kind="choose" class="none">
        {props.c.text}
      </li>
    );
  return (
    <li data-kind="choose">
      Choose <b>{props.name}</b> if
      <ul>
        {reasons.map((x, i) => (
          <li data-reason={x.kind}>
            {x.text}
            {i < reasons.length - 1 ? (i === reasons.length - 2 ? "; or" : ";") : "."}
          </li>
        ))}
      </ul>
    </li>
  );
}

function FactCard(props: { x: Side; p: Profile | undefined }) {
  const { x, p } = props;
  return (
    <div class="fact" data-slug={x.slug}>
      <h3>
        <a href={`/a/${x.slug}`}>{x.name}</a>
      </h3>
      <dl>
        <dt>What</dt>
        <dd>
          {KIND_LABEL[x.kind]}
          {p ? `, ${DEPLOYMENT_LABEL[p.deployment]}` : ""}
        </dd>
        <dt>CapRank</dt>
        <dd>
          <b>{x.capRank}</b>{" "}
          <span class="small muted">
            (range {x.capRankInterval[0]}–{x.capRankInterval[1]})
          </span>
        </dd>
        <dt>Price</dt>
        <dd>
          {x.pricing.headline ?? PRICING_LABEL[x.pricing.model]}
          {x.pricing.freeTier ? " · free tier" : ""}
        </dd>
        <dt>Licence</dt>
        <dd>
          {x.license ?? "not stated"}
          {p && p.licenceClass !== "unstated" && p.licenceClass !== x.license?.toLowerCase()
            ? ` (${LICENCE_CLASS_LABEL[p.licenceClass]})`
            : ""}
        </dd>
        <dt>Evidence</dt>
        <dd>{p ? `${p.evidenceBacked} of ${x.capabilityCount} capabilities documented or better` : "—"}</dd>
      </dl>
    </div>
  );
}
