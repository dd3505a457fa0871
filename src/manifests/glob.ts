/**
 * Glob matching for `$(wildcard)` (Make/glob(3) semantics: `*`, `?`, `[...]` within one path
 * segment, no leading-dot matches) and for the `covers`/`ignore` globs (the same plus `**`).
 * Segment-wise matching keeps it linear in practice: no regex spans a `/`.
 */

const cache = new Map<string, RegExp>()

function segmentRegExp(segment: string): RegExp {
  let cached = cache.get(segment)
  if (cached) return cached
  let source = '^'
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i] ?? ''
    if (char === '*') {
      // Collapse runs of stars: `a**b` inside a segment means the same as `a*b`.
      while (segment[i + 1] === '*') i++
      source += '[^/]*'
    } else if (char === '?') {
      source += '[^/]'
    } else if (char === '[') {
      const close = segment.indexOf(']', i + 2)
      if (close < 0) {
        source += '\\['
        continue
      }
      let body = segment.slice(i + 1, close)
      let negate = false
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true
        body = body.slice(1)
      }
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (c) => `\\${c}`)}]`
      i = close
    } else if (char === '\\' && i + 1 < segment.length) {
      i++
      source += (segment[i] ?? '').replace(/[.*+?^${}()|[\]\\/-]/g, (c) => `\\${c}`)
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/-]/g, (c) => `\\${c}`)
    }
  }
  try {
    cached = new RegExp(`${source}$`, 'u')
  } catch {
    cached = /(?!)/
  }
  if (cache.size > 5000) cache.clear()
  cache.set(segment, cached)
  return cached
}

/** Whether a glob segment has any magic characters. */
export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern)
}

function matchSegment(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false
  if (!hasMagic(pattern)) return pattern.replace(/\\(.)/g, '$1') === name
  return segmentRegExp(pattern).test(name)
}

/** Whether POSIX `file` matches `glob` (`**` spans folders; `*` never matches a leading dot). */
export function matchGlob(glob: string, file: string): boolean {
  const patterns = glob.split('/').filter((part) => part !== '')
  const names = file.split('/').filter((part) => part !== '')
  const memo = new Map<number, boolean>()
  const match = (pi: number, ni: number): boolean => {
    const key = pi * (names.length + 1) + ni
    const known = memo.get(key)
    if (known !== undefined) return known
    let result: boolean
    const pattern = patterns[pi]
    if (pattern === undefined) {
      result = ni === names.length
    } else if (pattern === '**') {
      result = match(pi + 1, ni)
      for (let k = ni; !result && k < names.length; k++) {
        if ((names[k] ?? '').startsWith('.')) break
        result = match(pi + 1, k + 1)
      }
    } else {
      const name = names[ni]
      result = name !== undefined && matchSegment(pattern, name) && match(pi + 1, ni + 1)
    }
    memo.set(key, result)
    return result
  }
  return match(0, 0)
}

/** Whether `file` matches any of `globs`. */
export function matchAny(globs: readonly string[], file: string): boolean {
  return globs.some((glob) => matchGlob(glob, file))
}

/** The folder part of a glob before its first magic segment ('' for the root). */
export function globBase(glob: string): string {
  const parts = glob.split('/').filter((part) => part !== '')
  const base: string[] = []
  for (const part of parts.slice(0, -1)) {
    if (hasMagic(part) || part === '**') break
    base.push(part)
  }
  return base.join('/')
}
