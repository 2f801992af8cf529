import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');

/** Every folder under src/, as paths relative to src/ ("datasources/kaleyra/errors"). */
function folders(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      return [rel, ...folders(path.join(dir, e.name), rel)];
    });
}

describe('README', () => {
  it('lists every folder under src/ in its tree, nested as on disk', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const tree = /```\nsrc\/\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(tree).toBeDefined();
    // The tree's folder lines as paths: "  datasources/" then "    kaleyra/" → "datasources/kaleyra".
    const listed: string[] = [];
    const stack: string[] = [];
    for (const line of tree!.split('\n')) {
      if (/^\S/.test(line)) break; // the first top-level entry after src/ (db/, docs/, ...)
      const m = /^( +)([\w.-]+)\//.exec(line);
      if (!m) continue;
      stack.length = m[1]!.length / 2 - 1;
      stack.push(m[2]!);
      listed.push(stack.join('/'));
    }
    expect(listed.sort()).toEqual(folders(path.join(root, 'src')).sort());
  });
});
