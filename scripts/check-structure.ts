/**
 * `npm run check:structure`: fails on an import cycle between source files and on a source file over the size
 * limit. Type-only imports count: a cycle of types is still two files that cannot be read one before the other.
 * Translation dictionaries are exempt from the size limit; `allowedOversize` lists files known to be too large,
 * each waiting for its split (the list only ever shrinks).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDirs = ['server', 'common', 'client/src', 'tests', 'bench', 'scripts'];
const MAX_LINES = 400;
const exemptFromSize = [/^client\/src\/i18n\/(fr|en)(\/.*)?\.ts$/];
/** Files over the limit today, to be split; a listed file that shrank below the limit must leave the list. */
export const allowedOversize: readonly string[] = [];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') files.push(...(await sourceFiles(rel)));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(rel);
    }
  }
  return files;
}

const importPattern =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of a file, resolved to project paths. */
export function importsOf(file: string, text: string, known: Set<string>): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(importPattern)) {
    const spec = match[1] ?? match[2];
    if (!spec?.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    const candidates = [target, `${target}.ts`, `${target}.tsx`, `${target}/index.ts`];
    const resolved = candidates.find((c) => known.has(c));
    if (resolved) found.push(resolved);
  }
  return found;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indexes.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexes.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexes.get(next)!));
      }
    }
    if (low.get(node) === indexes.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexes.has(node)) visit(node);
  return cycles;
}

async function main() {
  const files = (await Promise.all(sourceDirs.map(sourceFiles))).flat().sort();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(root, file), 'utf8');
    graph.set(file, importsOf(file, text, known));
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const exempt = exemptFromSize.some((pattern) => pattern.test(file));
    const allowed = allowedOversize.includes(file);
    if (lines > MAX_LINES && !exempt && !allowed) {
      problems.push(`${file}: ${lines} lines (limit ${MAX_LINES}): split it into files that do one thing`);
    }
    if (allowed && lines <= MAX_LINES) {
      problems.push(`${file}: ${lines} lines, now within the limit: remove it from allowedOversize`);
    }
  }
  for (const listed of allowedOversize) {
    if (!known.has(listed)) problems.push(`${listed}: listed in allowedOversize but gone: remove it`);
  }
  for (const cycle of cyclesOf(graph)) problems.push(`import cycle: ${cycle.join(' ⇄ ')}`);
  if (problems.length) {
    console.error(`check:structure found ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const waiting = allowedOversize.length ? ` but the ${allowedOversize.length} listed to split` : '';
  console.log(
    `check:structure: ${files.length} files, no import cycle, none over ${MAX_LINES} lines${waiting}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
