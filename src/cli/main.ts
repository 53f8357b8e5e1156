#!/usr/bin/env node
import { run } from "./run.js";

// Output piped into `head` (or any reader that stops early) closes the pipe: that is the
// reader saying "enough", not a failure, so end quietly instead of with an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await run(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
});
if (code !== 0) process.exitCode = code;
