import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts", "bench/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // In CI also write a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters:
      process.env["CI"] === "true" ? ["default", ["json", { outputFile: "test-results/vitest.json" }]] : ["default"],
  },
});
