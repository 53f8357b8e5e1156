import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Capgraph } from "../capgraph.js";
import { createError } from "../errors.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { day, type Fetcher, type Importer, type Recording } from "./common.js";
import { DEFAULT_POLICY, SafeFetcher } from "./fetcher.js";
import { recordedFetcher } from "./recorded.js";

export const freshCore = (): Capgraph => new Capgraph(openSqliteStore(":memory:"));

/**
 * Answers from documents held in memory, by recording name (`{ "repo.json": {...} }`): for
 * tests of one field's mapping without a server. Strings are served as they are.
 */
export function memoryFetcher(recordings: readonly Recording[], docs: Record<string, unknown>): Fetcher {
  const body = (url: string): string => {
    const doc = docs[recordings.find((r) => r.answers.test(url))?.file ?? ""];
    if (doc === undefined) throw Object.assign(createError("UPSTREAM_STATUS", [url, 404]), { upstreamStatus: 404 });
    return typeof doc === "string" ? doc : JSON.stringify(doc);
  };
  return { json: async (url) => JSON.parse(body(url)) as unknown, bytes: async (url) => Buffer.from(body(url)) };
}

/** A recorded document, parsed, to be edited by a test. */
export function fixture<T = Record<string, unknown>>(dir: string, file: string): T {
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as T;
}

export interface ImporterContract {
  /** The importer under test, pointed at `base` (a loopback server). */
  importer: (base: string) => Importer;
  /** A folder of recorded responses under the importer's recording names, and the item they answer. */
  fixtures: string;
  good: string;
  /** A well-formed item for a word: `(w) => "owner/" + w`. */
  id: (word: string) => string;
  /** A JSON object of the wrong shape for the main document, and the error it must give. */
  wrongTypes: { body: unknown; message: string };
  now: Date;
  /** What every signal's source must name (default: the source's API). */
  signalSource?: RegExp;
}

const HOSTILE = [
  "html-doc",
  "wrong-types",
  "huge-doc",
  "not-json",
  "array-doc",
  "redirect-doc",
  "missing-doc",
  "flaky-doc",
] as const;

/**
 * The contract every network importer passes, against recorded responses served from
 * loopback: a valid and idempotent import, the same result offline, retries, and clear
 * failures that write nothing for hostile or broken answers.
 */
export function runImporterContract(name: string, c: ImporterContract): void {
  describe(`${name} importer contract`, () => {
    let hits = new Map<string, number>();
    let imp: Importer;
    let fetcher: SafeFetcher;
    const server = http.createServer((req, res) => {
      const url = req.url ?? "";
      hits.set(url, (hits.get(url) ?? 0) + 1);
      const send = (
        status: number,
        body: string | Buffer,
        type = "application/json",
        extra: Record<string, string> = {},
      ) => {
        res.writeHead(status, { "content-type": type, ...extra });
        res.end(body);
      };
      const full = `http://${req.headers.host ?? ""}${url}`;
      const main = imp.recordings[0]?.answers.test(full) ?? false;
      const file = (r: Recording | undefined) => (r ? path.join(c.fixtures, r.file) : "");
      const word = HOSTILE.find((w) => url.includes(`/${w}`));
      if (main && word === "html-doc") return send(200, "<!doctype html><h1>Sign in</h1>", "text/html");
      if (main && word === "wrong-types") return send(200, JSON.stringify(c.wrongTypes.body));
      if (main && word === "huge-doc") return send(200, JSON.stringify({ pad: "x".repeat(300_000) }));
      if (main && word === "not-json") return send(200, "{nope");
      if (main && word === "array-doc") return send(200, "[]");
      if (main && word === "redirect-doc")
        return send(302, "", "text/plain", { location: "http://elsewhere.example/steal" });
      if (main && word === "flaky-doc" && (hits.get(url) ?? 0) < 2) return send(503, "busy", "text/plain");
      const rec = imp.recordings.find((r) => r.answers.test(full));
      if (word !== "missing-doc" && rec && fs.existsSync(file(rec)))
        return send(200, fs.readFileSync(file(rec)), rec.file.endsWith(".json") ? "application/json" : "text/plain");
      return send(404, JSON.stringify({ message: "Not Found" }));
    });
    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      imp = c.importer(base);
      fetcher = new SafeFetcher({
        ...DEFAULT_POLICY,
        hosts: imp.hosts,
        allowHttp: true,
        maxBytes: 200_000,
        backoffMs: 1,
        minIntervalMs: 0,
        retries: 2,
      });
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("imports the recorded item: one valid manifest, every signal with its source and the retrieval date", async () => {
      const r = await imp.import(c.good, fetcher, freshCore(), c.now);
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.manifests).toHaveLength(1);
      expect(r.manifests[0]?.file).toBe(`${imp.prefix}:${c.good}`);
      const signals = r.manifests[0]?.manifest.signals ?? [];
      expect(signals.length).toBeGreaterThan(0);
      for (const s of signals) {
        expect(s).toMatchObject({ observedAt: day(c.now), source: expect.stringMatching(c.signalSource ?? /API/) });
        if (s.metric.endsWith("At")) expect(s.unit).toBe("unix-seconds");
      }
    });

    it("is idempotent: a second import of unchanged data changes nothing and appends no signal", async () => {
      const core = freshCore();
      const first = await imp.import(c.good, fetcher, core, c.now);
      expect(await core.add(first.manifests, first.diagnostics)).toMatchObject({
        created: [first.manifests[0]?.manifest.artifact.slug],
      });
      const again = await imp.import(c.good, fetcher, core, c.now);
      expect(await core.add(again.manifests, again.diagnostics)).toMatchObject({
        created: [],
        updated: [],
        signalsAppended: 0,
      });
    });

    it("gives the same manifest offline from the recorded folder (--from-file DIR), and works from the main document alone", async () => {
      const online = await imp.import(c.good, fetcher, freshCore(), c.now);
      // A document left out of the recordings is a gap offline as it is online; only the reason differs.
      const reasonless = (r: typeof online) =>
        JSON.parse(JSON.stringify(r).replace(/"reason":"[^"]*"/g, '"reason":""')) as unknown;
      expect(
        reasonless(await imp.import(c.good, recordedFetcher(c.fixtures, imp.recordings), freshCore(), c.now)),
      ).toEqual(reasonless(online));
      const alone = await imp.import(
        c.good,
        recordedFetcher(path.join(c.fixtures, imp.recordings[0]?.file ?? ""), imp.recordings),
        freshCore(),
        c.now,
      );
      expect(alone.manifests[0]?.manifest.signals).toEqual(online.manifests[0]?.manifest.signals);
    });

    it("retries a 503 and then succeeds", async () => {
      hits = new Map();
      const r = await imp.import(c.id("flaky-doc"), fetcher, freshCore(), c.now);
      expect(r.manifests).toHaveLength(1);
      expect(
        [...hits.entries()].find(
          ([u]) => u.includes("/flaky-doc") && imp.recordings[0]?.answers.test(`http://x${u}`),
        )?.[1],
      ).toBe(2);
    });

    it.each([
      ["html-doc", "did not answer valid JSON (it answered HTML)", "UPSTREAM_NOT_JSON", 502],
      ["wrong-types", "", "UPSTREAM_UNEXPECTED", 502],
      ["huge-doc", "larger than 200000 bytes", "UPSTREAM_TOO_LARGE", 502],
      ["not-json", "did not answer valid JSON", "UPSTREAM_NOT_JSON", 502],
      ["array-doc", "did not answer a JSON object", "UPSTREAM_UNEXPECTED", 502],
      ["redirect-doc", "not on an allowed host", "UPSTREAM_URL_REFUSED", 502],
      ["missing-doc", "answered 404", "SOURCE_NOT_FOUND", 404],
    ])("%s: a specific upstream code naming the source, and nothing written", async (word, message, code, status) => {
      const core = freshCore();
      const id = c.id(word);
      const err = await imp.import(id, fetcher, core, c.now).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code, status, message: expect.stringContaining(`${imp.prefix}:${id}: `) });
      expect((err as Error).message).toContain(message || c.wrongTypes.message);
      expect(await core.store.countArtifacts()).toBe(0);
    });

    it("refuses an item that is not written like one, before any request", async () => {
      hits = new Map();
      await expect(imp.import("../../etc/passwd", fetcher, freshCore(), c.now)).rejects.toMatchObject({
        code: "SOURCE_ID_INVALID",
        status: 400,
      });
      expect(hits.size).toBe(0);
    });
  });
}
