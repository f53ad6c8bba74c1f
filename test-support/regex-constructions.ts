import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';

/** A place in the sources where an expression is built at run time (`new RegExp(…)` or `RegExp(…)`). */
export interface ConstructionSite { file: string; line: number }

/** An expression the product built while it ran, with the site that built it. */
export interface Construction extends ConstructionSite { source: string; flags: string }

/** Every `new RegExp(…)` and `RegExp(…)` call in a file, found by the TypeScript parser. */
export function constructionSites(root: string, file: string): ConstructionSite[] {
  const text = readFileSync(`${root}/${file}`, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const sites: ConstructionSite[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      sites.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

const FRAME = /\((?:file:\/\/)?([^()]+?):(\d+):\d+\)$|at (?:file:\/\/)?([^\s()]+?):(\d+):\d+$/;

/**
 * Records every expression built through the global RegExp while `run` runs, with the project file and
 * line that built it (the first stack frame inside `root`, outside node_modules and test support).
 * The constructor is swapped for a proxy only for that time; literals never pass through it.
 */
export async function recordConstructions(root: string, run: () => Promise<void>): Promise<Construction[]> {
  const original = globalThis.RegExp;
  const seen: Construction[] = [];
  const record = (args: unknown[]) => {
    const [pattern, flags] = args as [string | RegExp, string | undefined];
    const source = pattern instanceof original ? pattern.source : String(pattern ?? '(?:)');
    const site = callerIn(root, new Error().stack ?? '');
    if (site) seen.push({ ...site, source, flags: flags ?? (pattern instanceof original ? pattern.flags : '') });
  };
  globalThis.RegExp = new Proxy(original, {
    construct(target, args, newTarget) { record(args); return Reflect.construct(target, args, newTarget === globalThis.RegExp ? target : newTarget); },
    apply(target, thisArg, args) { record(args); return Reflect.apply(target, thisArg, args); },
  });
  try { await run(); } finally { globalThis.RegExp = original; }
  return seen;
}

/** The code that called the constructor: a project file, or null for a library's own expressions. */
function callerIn(root: string, stack: string): ConstructionSite | null {
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    const path = m?.[1] ?? m?.[3];
    if (!path || path.endsWith('test-support/regex-constructions.ts')) continue;
    if (!path.startsWith(root) || path.includes('/node_modules/')) return null;
    return { file: relative(root, path), line: Number(m?.[2] ?? m?.[4]) };
  }
  return null;
}
