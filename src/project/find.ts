/**
 * Where a Sphinx project's conf.py is below a folder. Apart from loading the project (load.ts) so
 * that deciding what to check does not load the conf.py reader.
 */
import type {FileTree} from '../tree/types.js'

/** Where conf.py may be below a folder, in the order tried. */
export const SOURCE_DIR_CANDIDATES = ['', 'source', 'doc', 'docs', 'doc/source', 'docs/source']

/** Two POSIX path parts joined, either of which may be empty. */
export function join(dir: string, name: string): string {
  return dir === '' ? name : name === '' ? dir : `${dir}/${name}`
}

/** A folder without `./` in front or slashes behind ('' for the root). */
export function cleanDir(dir: string): string {
  let clean = dir.replace(/(?<!\/)\/+$/, '')
  while (clean.startsWith('./')) clean = clean.slice(2)
  return clean === '.' ? '' : clean
}

/** The folder holding conf.py: `dir` itself, or `source`, `doc`, `docs` (and their `source`) below. */
export async function findSourceDir(tree: FileTree, dir: string): Promise<string | undefined> {
  const base = cleanDir(dir)
  for (const sub of SOURCE_DIR_CANDIDATES) {
    const candidate = join(base, sub)
    if (await tree.exists(join(candidate, 'conf.py'))) return candidate
  }
  return undefined
}
