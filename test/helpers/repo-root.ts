/** The repository's root, found from a compiled test file (out/test/…) or a source one. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src', 'core'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`repository root not found above ${from}`);
  }
}
