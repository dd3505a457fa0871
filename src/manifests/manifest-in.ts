/**
 * `MANIFEST.in` (setuptools' sdist template): which of the Sphinx project's files a Python
 * project ships in its source distribution. Read statically, never run: `include`,
 * `recursive-include`, `graft` and `global-include` list files (names, patterns, folders);
 * `exclude`, `recursive-exclude`, `prune` and `global-exclude` leave files out.
 */
import type {FileTree} from '../tree/types.js'
import {hasMagic} from './glob.js'
import {decodeText, dirname, joinPath, lineStarts, normalizePath, rangeAt} from './text.js'
import type {ManifestEntry} from './types.js'

/** What one `MANIFEST.in` says about the files below its folder. */
export interface ManifestInResult {
  /** The template (tree-relative). */
  file: string
  text: string
  /** Names, patterns (`glob`) and folders (`folder`, from `graft`) it includes. */
  entries: ManifestEntry[]
  /** Globs (tree-relative) of what it leaves out. */
  excludes: string[]
  /**
   * Why the template is not the whole story (setuptools-scm ships every file git tracks), or
   * undefined when it is.
   */
  partial?: string
  /** Why setuptools does not read it at all (another build backend), or undefined. */
  unused?: string
}

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]\\]/g, (char) => `\\${char}`)
}

/**
 * Read `file` (a `MANIFEST.in`) and the Python project files beside it. Words are relative to
 * its folder; `recursive-include D P` ships the files under `D` whose name matches `P`.
 */
export async function readManifestIn(tree: FileTree, file: string): Promise<ManifestInResult> {
  const base = dirname(file)
  const bytes = await tree.read(file)
  const text = bytes ? decodeText(bytes) : ''
  const starts = lineStarts(text)
  const entries: ManifestEntry[] = []
  const excludes: string[] = []
  const result: ManifestInResult = {file, text, entries, excludes}
  const word = /\S+/g
  let offset = 0
  for (const line of text.split('\n')) {
    const lineStart = offset
    offset += line.length + 1
    // Comments are whole lines (distutils strips `#` to the end of the line).
    const hash = line.indexOf('#')
    const body = hash >= 0 ? line.slice(0, hash) : line
    const words: {text: string; start: number}[] = []
    word.lastIndex = 0
    for (let match = word.exec(body); match; match = word.exec(body)) {
      words.push({text: match[0], start: lineStart + match.index})
    }
    const [command, ...rest] = words
    if (!command) continue
    const at = (
      path: string,
      item: {text: string; start: number},
      extra: Partial<ManifestEntry>
    ) => {
      const entry: ManifestEntry = {
        path,
        word: item.text,
        file,
        range: rangeAt(starts, item.start, item.start + item.text.length),
        ...extra
      }
      entries.push(entry)
    }
    // A folder word: `.` is the template's own folder.
    const folderOf = (item: {text: string} | undefined): string | undefined =>
      item === undefined
        ? undefined
        : /^\.\/*$/.test(item.text)
          ? base
          : normalizePath(joinPath(base, item.text))
    const under = (folder: string | undefined, pattern: string): string | undefined =>
      folder === undefined ? undefined : joinPath(escapeGlob(folder), '**', pattern)
    switch (command.text) {
      case 'include':
        for (const item of rest) {
          const path = normalizePath(joinPath(base, item.text))
          if (path === undefined) continue
          if (hasMagic(item.text)) at(path, item, {glob: true, optional: true})
          else at(path, item, {exact: true})
        }
        break
      case 'recursive-include': {
        const folder = folderOf(rest[0])
        for (const item of rest.slice(1)) {
          const glob = under(folder, item.text)
          if (glob !== undefined) at(glob, item, {glob: true, optional: true})
        }
        break
      }
      case 'global-include':
        for (const item of rest) {
          const glob = under(base, item.text)
          if (glob !== undefined) at(glob, item, {glob: true, optional: true})
        }
        break
      case 'graft':
        for (const item of rest) {
          const path = folderOf(item)
          if (path !== undefined) at(path, item, {folder: true})
        }
        break
      case 'exclude':
        for (const item of rest) {
          const path = normalizePath(joinPath(base, item.text))
          if (path !== undefined) excludes.push(hasMagic(item.text) ? path : escapeGlob(path))
        }
        break
      case 'recursive-exclude': {
        const folder = folderOf(rest[0])
        for (const item of rest.slice(1)) {
          const glob = under(folder, item.text)
          if (glob !== undefined) excludes.push(glob)
        }
        break
      }
      case 'global-exclude':
        for (const item of rest) {
          const glob = under(base, item.text)
          if (glob !== undefined) excludes.push(glob)
        }
        break
      case 'prune':
        for (const item of rest) {
          const path = folderOf(item)
          if (path !== undefined) excludes.push(joinPath(escapeGlob(path), '**'))
        }
        break
      default:
        break
    }
  }
  const project = async (name: string): Promise<string> => {
    const read = await tree.read(joinPath(base, name))
    return read ? decodeText(read) : ''
  }
  const pyproject = await project('pyproject.toml')
  const backend = /^\s*build-backend\s*=\s*["']([^"']+)["']/m.exec(pyproject)?.[1]
  if (backend !== undefined && !backend.startsWith('setuptools')) {
    result.unused = `the build backend is \`${backend}\`, which does not read MANIFEST.in`
  }
  const setup = `${pyproject}\n${await project('setup.py')}\n${await project('setup.cfg')}`
  if (/setuptools[_-]scm/i.test(setup)) {
    result.partial = 'setuptools-scm also ships every file git tracks'
  }
  return result
}
