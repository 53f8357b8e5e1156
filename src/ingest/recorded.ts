import fs from "node:fs";
import path from "node:path";
import { createError } from "../errors.js";
import type { Fetcher, Recording } from "./common.js";
import { DEFAULT_POLICY } from "./fetcher.js";
import { readRegularFile } from "../files.js";

/**
 * Answers an importer's requests from recorded responses instead of the network
 * (`--from-file PATH`). PATH is a folder holding the source's recordings under their names
 * (github: repo.json, readme.json), or one file that stands for the main document; any other
 * request then fails like a missing page, and importers go on without optional documents.
 */
export function recordedFetcher(where: string, recordings: readonly Recording[]): Fetcher {
  let dir: boolean;
  try {
    dir = fs.statSync(where).isDirectory();
  } catch {
    throw createError("INPUT_UNREADABLE", [where, "no such file or folder", "--from-file"]);
  }
  const fileFor = (url: string): string => {
    const i = recordings.findIndex((r) => r.answers.test(url));
    const rec = recordings[i];
    if (!rec || (!dir && i > 0)) throw createError("RECORDING_MISSING", [url]);
    return dir ? path.join(where, rec.file) : where;
  };
  const read = (url: string): Uint8Array => {
    const file = fileFor(url);
    const read = readRegularFile(file, DEFAULT_POLICY.maxBytes);
    if ("reason" in read) throw createError("RECORDING_UNREADABLE", [file, read.reason, url]);
    return read.bytes;
  };
  return {
    json: async (url) => {
      const t = new TextDecoder().decode(read(url));
      try {
        return JSON.parse(t) as unknown;
      } catch {
        throw createError("RECORDING_UNREADABLE", [fileFor(url), "is not valid JSON", url]);
      }
    },
    bytes: async (url) => read(url),
  };
}
