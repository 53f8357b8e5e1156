/**
 * Just enough reStructuredText → Markdown for capability extraction (many PyPI READMEs are
 * rst): section titles become `#` headings, directives and literal blocks are dropped like
 * code fences, and hyperlink references become their text.
 */
export function rstToMarkdown(rst: string): string {
  const lines = rst.replace(/\r\n?/g, "\n").split("\n");
  const levels: string[] = [];
  const out: string[] = [];
  let skipping = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    // Indented content under a directive or a "::" paragraph is code or markup, not prose.
    if (skipping) {
      if (line.trim() === "" || /^\s/.test(line)) continue;
      skipping = false;
      out.push("");
    }
    if (/^\.\.\s/.test(line)) {
      skipping = true;
      continue;
    }
    const next = lines[i + 1] ?? "",
      after = lines[i + 2] ?? "";
    const heading = (style: string, title: string, skip: number) => {
      if (!levels.includes(style)) levels.push(style);
      out.push(`${"#".repeat(Math.min(levels.indexOf(style) + 1, 4))} ${inline(title)}`);
      i += skip;
    };
    // Overlined title: adornment, title, the same adornment.
    if (isAdornment(line) && next.trim() && !isAdornment(next) && after.trim() === line.trim()) {
      heading(`o${line.trim()[0]}`, next.trim(), 2);
      continue;
    }
    // Underlined title: text at the margin, then an adornment line.
    if (/^\S/.test(line) && !isAdornment(line) && isAdornment(next)) {
      heading(`u${next.trim()[0]}`, line.trim(), 1);
      continue;
    }
    if (/::\s*$/.test(line)) {
      out.push(line.replace(/::\s*$/, ":"));
      skipping = true;
      continue;
    }
    out.push(inline(line));
  }
  return out.join("\n");
}

function isAdornment(line: string): boolean {
  return /^([=\-~^"'`#*+_:.])\1{2,}\s*$/.test(line);
}

/** `text <url>`_ → text, ``code`` → `code`. */
function inline(line: string): string {
  return line
    .replace(/`([^`<]+?)\s*<[^>]*>`__?/g, "$1")
    .replace(/``([^`]+)``/g, "`$1`")
    .replace(/`([^`]+)`_\b/g, "$1");
}
