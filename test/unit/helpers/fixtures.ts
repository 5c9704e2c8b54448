/** Locates the project's fixture copy (test/fixtures) from the compiled test's folder, and lists it. */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'test', 'fixtures')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`test/fixtures not found above ${__dirname}`);
}

export const FIXTURES_DIR = path.join(findRoot(), 'test', 'fixtures');

/** Every fixture body (relative paths with `/`), INDEX.md and other Markdown excluded, sorted. */
export function listFixtures(): string[] {
  if (!fs.existsSync(FIXTURES_DIR)) return [];
  return fs.readdirSync(FIXTURES_DIR, { recursive: true })
    .map(String)
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => fs.statSync(path.join(FIXTURES_DIR, f)).isFile() && !f.endsWith('.md'))
    .sort();
}

export function readFixture(rel: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES_DIR, rel)));
}

export function readFixtureText(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, rel), 'utf8');
}

/** The HTTP status a fixture stands for: `<case>.<status>.<ext>`, else `error-<status>` in the name, else 200. */
export function statusOf(rel: string): number {
  const base = path.posix.basename(rel);
  const dotted = /\.(\d{3})\.[a-z]+$/.exec(base);
  if (dotted) return Number(dotted[1]);
  const named = /error-(\d{3})/.exec(base);
  if (named) return Number(named[1]);
  return 200;
}
