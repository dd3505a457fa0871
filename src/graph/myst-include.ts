/**
 * MyST's `{include}` options `:relative-docs:` and `:relative-images:` (myst-parser 0.18 and 4.x,
 * `MockIncludeDirective`): while the included Markdown is rendered, links that start with the
 * `relative-docs` prefix and local image paths are rewritten from the included file's folder to
 * the including file's folder, so that they resolve from the document as every link does.
 */
import type {Include} from '../facts/types.js'
import {dirname, join, normpath} from './paths.js'

/** How the facts of one included Markdown file are rewritten. */
export interface Rebase {
  /** A Markdown link destination as the document sees it. */
  link(target: string): string
  /** An image path as the document sees it. */
  image(uri: string): string
}

/** Python's `os.path.relpath` for two absolute, normalised POSIX paths. */
function relpath(path: string, start: string): string {
  const to = path.split('/').filter((part) => part !== '')
  const from = start.split('/').filter((part) => part !== '')
  let common = 0
  while (common < to.length && common < from.length && to[common] === from[common]) common++
  const parts = [...from.slice(common).map(() => '..'), ...to.slice(common)]
  return parts.length === 0 ? '.' : parts.join('/')
}

/** Whether MyST's `is_external_url(uri, None, True)` holds: any scheme, or a fragment. */
function isExternal(uri: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) || uri.includes('#')
}

/**
 * The rewriting an `{include}` asks for, or undefined when it has neither option. `includer` and
 * `included` are paths in one tree (the file with the directive, the file it includes).
 */
export function mystIncludeRebase(
  include: Include,
  includer: string,
  included: string
): Rebase | undefined {
  const docs = include.options['relative-docs']
  const images = 'relative-images' in include.options
  if (docs === undefined && !images) return undefined
  // Absolute from a virtual root, so `..` above the tree still computes as Python's would.
  const sourceDir = normpath(`/${dirname(includer)}`)
  const includeDir = normpath(`/${dirname(included)}`)
  const imagePrefix = relpath(includeDir, sourceDir)
  return {
    link(target) {
      if (docs === undefined || !target.startsWith(docs)) return target
      return relpath(normpath(join(includeDir, normpath(target))), sourceDir)
    },
    image(uri) {
      if (!images || isExternal(uri)) return uri
      return normpath(join(imagePrefix, normpath(uri)))
    }
  }
}
