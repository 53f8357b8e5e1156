/**
 * The first key repeated within one object of a JSON text, or undefined. JSON.parse keeps
 * the last of two equal keys, so a signed document could carry a second, different value
 * that some readers see and the signature check does not. The text must be valid JSON.
 */
export function repeatedKey(text: string): string | undefined {
  const stack: (Set<string> | null)[] = []; // one Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string; // decodes escapes: "\u0061" is "a"
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === "[") {
      stack.push(null);
      expectKey = false;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      expectKey = false;
    } else if (ch === ",") expectKey = (stack[stack.length - 1] ?? null) !== null;
  }
  return undefined;
}
