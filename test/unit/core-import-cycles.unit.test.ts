/**
 * No import cycle anywhere in src/: the HTTP layer sits below the endpoint client, the endpoint
 * client's interface does not import its implementation. Type-only imports count too (a cycle of types
 * is still a tangle). A tiny static walk of relative imports; it fails naming one cycle's files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/repo-root';


const IMPORT = /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]|(?:^|[\s;(])import\s+['"](\.{1,2}\/[^'"]+)['"]|\brequire\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports of every .ts file under dir, resolved to files. */
export function importGraph(dir: string): Map<string, string[]> {
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const deps: string[] = [];
    for (const m of source.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      const base = path.resolve(path.dirname(file), spec);
      const target = [`${base}.ts`, base.replace(/\.js$/, '.ts'), path.join(base, 'index.ts')].find((c) => c.endsWith('.ts') && fs.existsSync(c));
      if (target) deps.push(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** One cycle (as a path that ends where it starts), or undefined. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}

describe('imports', () => {
  const root = repoRoot();

  it('src/ has no import cycle', () => {
    const graph = importGraph(path.join(root, 'src'));
    assert.ok(graph.size > 50, `expected the source tree, found ${graph.size} files`);
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${(cycle ?? []).map((f) => path.relative(root, f)).join(' → ')}`);
  });

  it('the walk sees imports of every form, and finds a cycle when there is one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-cycle-check-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "export { c } from './c';\nexport type B = number;\n");
      fs.writeFileSync(path.join(dir, 'c.ts'), "// import { x } from './d';\nexport const c = () => require('./a') as unknown;\n");
      fs.writeFileSync(path.join(dir, 'd.ts'), "export const d = 1;\n");
      const graph = importGraph(dir);
      assert.deepEqual(graph.get(path.join(dir, 'c.ts')), [path.join(dir, 'a.ts')], 'a commented-out import does not count');
      assert.deepEqual(findCycle(graph)?.map((f) => path.basename(f)), ['a.ts', 'b.ts', 'c.ts', 'a.ts']);
      fs.writeFileSync(path.join(dir, 'c.ts'), 'export const c = 1;\n');
      assert.equal(findCycle(importGraph(dir)), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
