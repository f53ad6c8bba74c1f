/**
 * PostgreSQL text cannot hold a NUL character: one in any string of a tool's input (a field, a
 * query, a path segment, a key or a nested import record) is refused with the field named, before
 * anything is parsed or stored. Walks the input once, without recursion.
 */
export function findNulByte(input: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[input, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path || '(input)';
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return at;
        stack.push([v, at]);
      }
    }
  }
  return undefined;
}
