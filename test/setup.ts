// Stray console output hides real problems: any test that logs fails.
for (const m of ["log", "info", "warn", "error", "debug"] as const) {
  console[m] = (...args: unknown[]) => {
    throw new Error(`stray console.${m} in a test: ${args.map(String).join(" ").slice(0, 200)}`);
  };
}
