import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { demoCore } from "../helpers.js";
import { createApp } from "../../src/app.js";
import type { Capgraph } from "../../src/capgraph.js";

export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
export const IN_CI = process.env["CI"] === "true";

/** Where a browser is missing: fail in CI, and say loudly what to install elsewhere. */
export function chromiumMissingMessage(): string {
  return `Chromium not found at ${CHROMIUM}: browser tests cannot run. Install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`;
}

/** A block of browser tests: without Chromium it fails in CI and elsewhere says loudly what to install. */
export function describeInBrowser(name: string, body: () => void): void {
  describe(name, () => {
    if (!HAVE_CHROMIUM) {
      it.runIf(IN_CI)("has a browser to run in", () => {
        throw new Error(chromiumMissingMessage());
      });
      it.skipIf(IN_CI)(`SKIPPED: ${chromiumMissingMessage()}`, () => {});
      return;
    }
    body();
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Serves the app on a free loopback port. */
export async function startServer(core: Capgraph): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp(core, { logError: () => {} });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The demo catalog served on a free loopback port and one Chromium, opened before a block's tests and closed after them. */
export function useDemoBrowser(): {
  core: Capgraph;
  server: { url: string; close: () => Promise<void> };
  browser: Browser;
} {
  const env = {} as { core: Capgraph; server: { url: string; close: () => Promise<void> }; browser: Browser };
  beforeAll(async () => {
    env.core = await demoCore();
    env.server = await startServer(env.core);
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
