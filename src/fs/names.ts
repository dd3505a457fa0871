/**
 * File names that are not UTF-8 (`caf\xe9.rst` written in Latin-1). Node decodes such a name to
 * U+FFFD, which names no file: the document would be listed and never read. Instead each byte
 * that is not part of valid UTF-8 is kept as a lone surrogate U+DC80–U+DCFF, as Python's
 * `surrogateescape` (and so Sphinx) does: the name stays unique, prints like Sphinx's
 * (`caf\udce9.rst` in JSON), and turns back into the same bytes for every system call.
 */
import {realpathSync} from 'node:fs'

const strict = new TextDecoder('utf-8', {fatal: true})

/** A name from the file system (bytes) as a string that maps back to the same bytes. */
export function decodeName(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes)
  } catch {
    // decoded below, byte by byte where it is not UTF-8
  }
  let out = ''
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i] as number
    const size =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0
    if (size > 0 && i + size <= bytes.length) {
      try {
        out += strict.decode(bytes.subarray(i, i + size))
        i += size
        continue
      } catch {
        // not a valid sequence: the lead byte is escaped
      }
    }
    out += String.fromCharCode(0xdc00 + lead)
    i += 1
  }
  return out
}

/** An escaped byte: a lone surrogate U+DC80–U+DCFF (with /u, a pair is one code point). */
const ESCAPED = /[\udc80-\udcff]/u

/** The path to give a system call: the bytes back when it holds escaped bytes, else itself. */
export function fsPath(name: string): string | Buffer {
  if (!ESCAPED.test(name)) return name
  const parts: Buffer[] = []
  let run = ''
  for (const ch of name) {
    if (ESCAPED.test(ch)) {
      parts.push(Buffer.from(run, 'utf8'), Buffer.from([(ch.charCodeAt(0) - 0xdc00) & 0xff]))
      run = ''
    } else run += ch
  }
  parts.push(Buffer.from(run, 'utf8'))
  return Buffer.concat(parts)
}

/** `realpathSync.native`, keeping names that are not UTF-8 (see {@link decodeName}). */
export function realpathName(name: string): string {
  return decodeName(realpathSync.native(fsPath(name), {encoding: 'buffer'}))
}
