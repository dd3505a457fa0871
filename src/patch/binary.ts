/** `GIT binary patch` payloads: base85 lines, zlib, and git's copy/insert delta format. */
import {createRequire} from 'node:module'

/** node:zlib, loaded on first use (most runs inflate nothing). */
function zlib(): typeof import('node:zlib') {
  return createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')
}

const ALPHABET =
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~'
const DIGIT = new Map<string, number>([...ALPHABET].map((char, index) => [char, index]))

/** Decode git's base85 lines (each led by a length character); undefined when corrupt. */
export function decodeBase85Lines(lines: string[]): Uint8Array | undefined {
  // at most 52 bytes a line (the length character says how many)
  const out = new Uint8Array(lines.length * 52)
  let written = 0
  for (const line of lines) {
    const lead = line.charCodeAt(0)
    let length: number
    if (lead >= 65 && lead <= 90) length = lead - 64
    else if (lead >= 97 && lead <= 122) length = lead - 96 + 26
    else return undefined
    const body = line.slice(1)
    if (body.length % 5 !== 0 || (body.length / 5) * 4 < length) return undefined
    let kept = 0
    for (let i = 0; i < body.length; i += 5) {
      let value = 0
      for (let j = 0; j < 5; j++) {
        const digit = DIGIT.get(body[i + j] as string)
        if (digit === undefined) return undefined
        value = value * 85 + digit
      }
      if (value > 0xffffffff) return undefined
      for (const byte of [value >>> 24, value >>> 16, value >>> 8, value]) {
        if (kept++ < length) out[written++] = byte & 255
      }
    }
  }
  return out.subarray(0, written)
}

/** zlib's largest ratio of inflated to deflated bytes (RFC 1951 blocks: 258 bytes per 2 bits). */
export const MAX_INFLATE_RATIO = 1032

/** The bytes base85 lines hold (each line's length character says how many). */
export function base85Length(lines: string[]): number {
  let total = 0
  for (const line of lines) {
    const lead = line.charCodeAt(0)
    if (lead >= 65 && lead <= 90) total += lead - 64
    else if (lead >= 97 && lead <= 122) total += lead - 96 + 26
  }
  return total
}

/** Inflate a payload and check its declared size; undefined when it does not inflate. */
export function inflatePayload(lines: string[], size: number): Uint8Array | undefined {
  const deflated = decodeBase85Lines(lines)
  if (!deflated) return undefined
  try {
    const inflated = zlib().inflateSync(deflated, {maxOutputLength: Math.max(size, 1)})
    return inflated.length === size ? new Uint8Array(inflated) : undefined
  } catch {
    return undefined
  }
}

function readVarint(data: Uint8Array, start: number): {value: number; next: number} | undefined {
  let value = 0
  let shift = 0
  let i = start
  for (;;) {
    const byte = data[i]
    if (byte === undefined || shift > 42) return undefined
    value += (byte & 0x7f) * 2 ** shift
    shift += 7
    i++
    if ((byte & 0x80) === 0) return {value, next: i}
  }
}

/**
 * Apply a git delta to `base`; undefined when the delta does not fit the base, `'impossible'` when
 * it declares a result larger than its commands can make (each makes at most 64 KiB), `'too
 * large'` when the result is over `limit` bytes. Nothing is allocated for a result not made.
 */
export function applyGitDelta(
  base: Uint8Array,
  delta: Uint8Array,
  limit = Number.POSITIVE_INFINITY
): Uint8Array | undefined | 'too large' | 'impossible' {
  const source = readVarint(delta, 0)
  if (!source || source.value !== base.length) return undefined
  const target = readVarint(delta, source.next)
  if (!target) return undefined
  // every command makes at most 0x10000 bytes (a copy) or as many as it carries (an insert)
  if (target.value > (delta.length - target.next) * 0x10000) return 'impossible'
  if (target.value > limit) return 'too large'
  const out = new Uint8Array(target.value)
  let written = 0
  let i = target.next
  while (i < delta.length) {
    const command = delta[i++] as number
    if (command & 0x80) {
      let offset = 0
      let size = 0
      for (let bit = 0; bit < 4; bit++) {
        if (command & (1 << bit)) offset += (delta[i++] ?? 0) * 2 ** (8 * bit)
      }
      for (let bit = 0; bit < 3; bit++) {
        if (command & (1 << (4 + bit))) size += (delta[i++] ?? 0) * 2 ** (8 * bit)
      }
      if (size === 0) size = 0x10000
      if (offset + size > base.length || written + size > out.length) return undefined
      out.set(base.subarray(offset, offset + size), written)
      written += size
    } else if (command !== 0) {
      if (i + command > delta.length || written + command > out.length) return undefined
      out.set(delta.subarray(i, i + command), written)
      written += command
      i += command
    } else {
      return undefined
    }
  }
  return written === out.length ? out : undefined
}
