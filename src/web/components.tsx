import type { EvidenceLevel } from "../core/domain.js";
import { shrinkText, type SubScore } from "../core/domain.js";

/** A 0..100 bar as inline SVG; "no data" is text, never an empty bar. */
export function ScoreBar(props: { value: number | null; label: string }) {
  if (props.value === null) return <span class="nodata">no data</span>;
  const w = Math.max(0, Math.min(100, props.value));
  return (
    <span class="score">
      <b>{props.value}</b>
      <svg width="110" height="10" viewBox="0 0 110 10" role="img" aria-label={`${props.label}: ${props.value} of 100`}>
        <rect x="0" y="0" width="110" height="10" rx="5" fill="#dfe6f0" />
        <rect
          x="0"
          y="0"
          width={(w * 1.1).toFixed(1)}
          height="10"
          rx="5"
          fill={w >= 60 ? "#0f7a5c" : w >= 35 ? "#1f5fbf" : "#9a5b00"}
        />
      </svg>
    </span>
  );
}

/** A sub-score with its provenance in an expandable list (works without JavaScript). */
export function ScoreCell(props: { sub: SubScore; label: string }) {
  const { sub } = props;
  return (
    <details class="prov">
      <summary title={sub.note}>
        <ScoreBar value={sub.value} label={props.label} /> <span class="why">why?</span>
      </summary>
      <div class="small muted">{sub.note}</div>
      {sub.raw !== null && <div class="small muted">{shrinkText(sub)}</div>}
      {sub.inputs.length > 0 && (
        <ul>
          {sub.inputs.map((i) => (
            <li>
              {i.label}: {String(i.value)} → {i.points} pts{i.detail ? ` (${i.detail})` : ""}
              {i.source ? ` · ${i.source}` : ""}
              {i.observedAt ? ` · ${i.observedAt}` : ""}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

export function EvidenceBadge(props: { level: EvidenceLevel; confidence?: number }) {
  // The meaning is in the text itself ("85% confidence"), not in a hover title that touch screens never show.
  return (
    <span class={`badge ev-${props.level}`}>
      {props.level}
      {props.confidence !== undefined ? ` · ${Math.round(props.confidence * 100)}% confidence` : ""}
    </span>
  );
}

export const KIND_LABEL: Record<string, string> = {
  model: "Model",
  repository: "Repository",
  library: "Library",
  framework: "Framework",
  api: "API",
  "mcp-server": "MCP server",
  agent: "Agent",
  product: "Product",
  webapp: "Web app",
  extension: "Extension",
  dataset: "Dataset",
  cli: "CLI",
  other: "Other",
};

export const PRICING_LABEL: Record<string, string> = {
  free: "Free",
  "open-source": "Open source",
  freemium: "Freemium",
  paid: "Paid",
  "usage-based": "Usage-based",
  unknown: "Unknown",
};

/** Wraps query terms found in `text` in <mark>, matching on word starts (stems). */
export function Highlight(props: { text: string; terms: readonly string[] }) {
  const terms = props.terms.filter((t) => t.length > 1);
  if (terms.length === 0) return <>{props.text}</>;
  // Stems drop a final "e" so "tune" also marks "tuning".
  const re = new RegExp(
    `\\b(${terms.map((t) => (t.length > 3 ? t.replace(/e$/, "") : t).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\w*`,
    "gi",
  );
  const parts: (string | { m: string })[] = [];
  let last = 0;
  for (const m of props.text.matchAll(re)) {
    parts.push(props.text.slice(last, m.index), { m: m[0] });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(props.text.slice(last));
  return <>{parts.map((p) => (typeof p === "string" ? p : <mark>{p.m}</mark>))}</>;
}

/** A labelled choice among `options` ([value, label]) for a GET form; `any` adds an empty first option (no filter). */
export function Choice(props: {
  label: string;
  name: string;
  options: readonly (readonly [string, string])[];
  selected: string | undefined;
  any?: boolean;
}) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.any ? <option value="">any</option> : null}
        {props.options.map(([v, l]) => (
          <option value={v} selected={props.selected === v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Values with their labels, in the values' order. */
export const labelled = (values: readonly string[], label: Record<string, string>): [string, string][] =>
  values.map((v) => [v, label[v] ?? v]);
