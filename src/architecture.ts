import fs from "node:fs";
import path from "node:path";

/**
 * The house rules of `src/`, checked by `src/architecture.test.ts` on every `npm test`.
 * A "unit" is a top-level folder of `src/` (`match`, `rank`, …) or a top-level file
 * (`capgraph`, `app`, `errors`). Type-only imports count: a cycle of types is still a knot.
 */
export interface ImportEdge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every source file below `dir` (tests and bench excluded: they may reach anywhere). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e.name) && !/\.(test|suite)\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** `src/match/engine.ts` → `match`; `src/capgraph.ts` → `capgraph`. */
export function unitOf(srcDir: string, file: string): string {
  const rel = path.relative(srcDir, file).split(path.sep);
  return rel.length === 1 ? (rel[0] ?? "").replace(/\.(tsx?|jsx?)$/, "") : (rel[0] ?? "");
}

/** Relative imports between files, and bare package imports (`to` = `pkg:<name>`). */
export function importEdges(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? "";
      const from = unitOf(srcDir, file);
      if (spec.startsWith(".")) {
        const target = path.resolve(path.dirname(file), spec);
        edges.push({ from, to: unitOf(srcDir, target), file: path.relative(srcDir, file), spec });
      } else if (!spec.startsWith("node:")) {
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec);
        edges.push({ from, to: `pkg:${pkg}`, file: path.relative(srcDir, file), spec });
      }
    }
  }
  return edges;
}

/** Strongly connected sets of two or more units (Tarjan): each one is a cycle to untie. */
export function unitCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.to.startsWith("pkg:") || e.from === e.to) continue;
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)?.add(e.to);
    if (!next.has(e.to)) next.set(e.to, new Set());
  }
  let index = 0;
  const idx = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      for (;;) {
        const w = stack.pop() as string;
        on.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}
