import fs from "node:fs";

/** CPU seconds and resident memory of a process and all its descendants (Linux /proc). */
export interface TreeUsage {
  cpuS: number;
  rssMb: number;
}

const TICKS = 100; // USER_HZ on Linux
const PAGE = 4096;

function statOf(pid: number): { ppid: number; cpu: number; rss: number } | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS, rss: Number(f[21]) * PAGE };
  } catch {
    return undefined;
  }
}

/** Sums CPU time and RSS over `root` and every process below it. */
export function treeUsage(root: number): TreeUsage {
  const all = new Map<number, { ppid: number; cpu: number; rss: number }>();
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = statOf(pid);
    if (s) all.set(pid, s);
  }
  const inTree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of all)
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let cpuS = 0,
    rss = 0;
  for (const pid of inTree) {
    const s = all.get(pid);
    if (s) {
      cpuS += s.cpu;
      rss += s.rss;
    }
  }
  return { cpuS, rssMb: rss / 1024 / 1024 };
}

/** Samples a process tree's RSS every `ms` until stopped; returns the peak in MB. */
export function peakRss(root: number, ms = 250): { stop: () => number } {
  let peak = treeUsage(root).rssMb;
  const t = setInterval(() => {
    peak = Math.max(peak, treeUsage(root).rssMb);
  }, ms);
  return {
    stop: () => {
      clearInterval(t);
      return Math.max(peak, treeUsage(root).rssMb);
    },
  };
}
