import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';

export interface RegexSite { file: string; line: number; source: string; flags: string }

/** The project's TypeScript sources as git lists them (tracked and new, never node_modules or builds). */
export function projectSources(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter((f) => f && !f.endsWith('.d.ts'));
}

/** Every regular-expression literal in a file, found by the TypeScript parser (not by a regex). */
export function regexLiterals(root: string, file: string): RegexSite[] {
  const text = readFileSync(`${root}/${file}`, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const sites: RegexSite[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = (node as ts.RegularExpressionLiteral).text;
      const end = literal.lastIndexOf('/');
      sites.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, source: literal.slice(1, end), flags: literal.slice(end + 1) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}
