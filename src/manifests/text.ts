/** Text helpers shared by the build-file readers: decoding, offsets to points, POSIX paths. */
import type {Point, Range} from '../diagnostic.js'

const decoder = new TextDecoder('utf-8')

/** Decode a build file as UTF-8 (invalid bytes become U+FFFD; a BOM is dropped). */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes)
}

/** Offsets of the start of every line of `text`. */
export function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1)
  }
  return starts
}

/** The point (1-based line/column) of an offset, given the line starts of its text. */
export function pointAt(starts: readonly number[], offset: number): Point {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if ((starts[mid] ?? 0) <= offset) low = mid
    else high = mid - 1
  }
  return {line: low + 1, column: offset - (starts[low] ?? 0) + 1, offset}
}

/** The range `[start, end)` of one file. */
export function rangeAt(starts: readonly number[], start: number, end: number): Range {
  return {start: pointAt(starts, start), end: pointAt(starts, end)}
}

/** The folder of a POSIX path ('' for the root). */
export function dirname(file: string): string {
  const slash = file.lastIndexOf('/')
  return slash < 0 ? '' : file.slice(0, slash)
}

/** Join POSIX path parts, skipping empty ones. */
export function joinPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/')
}

/**
 * Normalise a relative POSIX path (`./`, `a/../b`, doubled slashes). Returns `undefined` when it
 * is absolute, empty or climbs out of the tree.
 */
export function normalizePath(file: string): string | undefined {
  if (file.startsWith('/') || file === '') return undefined
  const out: string[] = []
  for (const part of file.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.length === 0) return undefined
      out.pop()
      continue
    }
    out.push(part)
  }
  return out.length ? out.join('/') : undefined
}

/** `path` relative to folder `base` when it is inside it, else `undefined`. */
export function relativeTo(base: string, file: string): string | undefined {
  if (base === '') return file
  return file.startsWith(`${base}/`) ? file.slice(base.length + 1) : undefined
}

/** The extension of a file name, with its dot, lower-cased ('' when none). */
export function extension(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot).toLowerCase()
}
