import fs from "node:fs";

/**
 * Reads a local file named on the command line, refusing what is not a regular file: a
 * device (`/dev/zero` never ends), a FIFO (blocks until a writer comes), a socket, a folder,
 * a symbolic link loop. The read is bounded by `maxBytes` whatever size the file claims
 * (files under /proc claim 0). Returns the bytes or why not, for the caller's own error code.
 */
export function readRegularFile(file: string, maxBytes: number): { bytes: Buffer } | { reason: string } {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO swapped in after a check must not block the open.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    return { reason: openFailure((e as NodeJS.ErrnoException).code) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { reason: `is not a regular file (${kindOf(st)})` };
    if (st.size > maxBytes) return { reason: `is ${st.size} bytes; the limit is ${maxBytes}` };
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let n = 0;
    for (;;) {
      if (n === buf.length) return { reason: `is larger than ${maxBytes} bytes` };
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > maxBytes) return { reason: `is larger than ${maxBytes} bytes` };
    }
    return { bytes: buf.subarray(0, n) };
  } catch (e) {
    return { reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? "read error"})` };
  } finally {
    fs.closeSync(fd);
  }
}

/** What a path is, in words, for "is not a regular file (…)". */
export function kindOf(st: fs.Stats): string {
  return st.isDirectory()
    ? "a folder"
    : st.isFIFO()
      ? "a FIFO"
      : st.isCharacterDevice() || st.isBlockDevice()
        ? "a device"
        : st.isSocket()
          ? "a socket"
          : "not a file";
}

function openFailure(code: string | undefined): string {
  switch (code) {
    case "ENOENT":
      return "does not exist; check the path";
    case "ELOOP":
      return "is a loop of symbolic links";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    case "EISDIR":
      return "is not a regular file (a folder)";
    case "ENXIO":
      return "is not a regular file (a socket or a FIFO with no writer)";
    default:
      return `cannot be opened (${code ?? "error"})`;
  }
}
