/**
 * Text that remembers where each character came from, so a word produced by Make expansion
 * (`$(addprefix Documentation/ref/,$(RST_MANPAGES))`) can point back at the word as written.
 */

/** Where one character of expanded text came from. */
export interface CharOrigin {
  /** Index of the build file (-1: synthesised, no source). */
  file: number
  /** Offset in that file. */
  offset: number
  /**
   * How specific the character is: each variable expansion and each list argument of a function
   * adds one. A word's location is its most specific run (the word in `RST_MANPAGES`, not the
   * `Documentation/ref/` prefix pasted in front of it).
   */
  depth: number
  /** Index of the variable whose value the character was written in (-1: none). */
  variable: number
  /** Index of the condition set (`if`/`else` branches) it was written under. */
  condition: number
  /** Stretched over a replaced word (patsubst, wildcard): the text at the origin differs. */
  synthetic: boolean
}

/** Fields per character in `OriginText.data`: file, offset, depth, variable, condition, synthetic. */
const STRIDE = 6
const FILE = 0
const OFFSET = 1
const DEPTH = 2
const VARIABLE = 3
const CONDITION = 4
const SYNTHETIC = 5
const EMPTY = new Int32Array(0)

/** `Array.prototype.slice` bounds: negative counts from the end, then clamped to `[0, length]`. */
function sliceBound(value: number, length: number): number {
  const whole = Math.trunc(value) || 0
  return whole < 0 ? Math.max(length + whole, 0) : Math.min(whole, length)
}

/**
 * A string plus one origin per UTF-16 unit. Origins live in one growable Int32Array (STRIDE
 * fields a character) rather than six boxed arrays: expansion copies them a lot, and the garbage
 * of per-character arrays dominated reading.
 */
export class OriginText {
  text = ''
  /** STRIDE fields per character; only the first `size * STRIDE` are meaningful. */
  data: Int32Array = EMPTY
  /** Characters with an origin (equals `text.length`). */
  size = 0

  get length(): number {
    return this.text.length
  }

  /** Room for `extra` more characters. */
  private reserve(extra: number): void {
    const needed = (this.size + extra) * STRIDE
    if (needed <= this.data.length) return
    const grown = new Int32Array(Math.max(needed, this.data.length * 2, 16 * STRIDE))
    grown.set(this.data.subarray(0, this.size * STRIDE))
    this.data = grown
  }

  /** Append one character with an explicit origin. */
  pushChar(char: string, origin: CharOrigin): void {
    this.text += char
    this.reserve(1)
    const at = this.size * STRIDE
    const data = this.data
    data[at + FILE] = origin.file
    data[at + OFFSET] = origin.offset
    data[at + DEPTH] = origin.depth
    data[at + VARIABLE] = origin.variable
    data[at + CONDITION] = origin.condition
    data[at + SYNTHETIC] = origin.synthetic ? 1 : 0
    this.size++
  }

  /** The origin of character `index`. */
  origin(index: number): CharOrigin {
    if (!(index >= 0 && index < this.size)) {
      return {file: -1, offset: 0, depth: 0, variable: -1, condition: 0, synthetic: true}
    }
    const at = index * STRIDE
    const data = this.data
    return {
      file: data[at + FILE] ?? -1,
      offset: data[at + OFFSET] ?? 0,
      depth: data[at + DEPTH] ?? 0,
      variable: data[at + VARIABLE] ?? -1,
      condition: data[at + CONDITION] ?? 0,
      synthetic: data[at + SYNTHETIC] !== 0
    }
  }

  /** Append `[start, end)` of `other`, adding `depthShift` to each character's depth. */
  append(other: OriginText, start = 0, end = other.length, depthShift = 0): void {
    this.text += other.text.slice(start, end)
    if (end <= start) return
    if (start < 0 || end > other.size || !Number.isInteger(start) || !Number.isInteger(end)) {
      // Out of range: characters without an origin get the defaults, one by one.
      for (let i = start; i < end; i++) {
        const origin = other.origin(i)
        this.pushChar('', {...origin, depth: origin.depth + depthShift})
      }
      return
    }
    const count = end - start
    this.reserve(count)
    const at = this.size * STRIDE
    this.data.set(other.data.subarray(start * STRIDE, end * STRIDE), at)
    if (depthShift !== 0) {
      const data = this.data
      for (let k = at + DEPTH, stop = at + count * STRIDE; k < stop; k += STRIDE) {
        data[k] = (data[k] ?? 0) + depthShift
      }
    }
    this.size += count
  }

  /** Append a synthesised separator (a space between words). */
  pushSpace(): void {
    this.pushChar(' ', {
      file: -1,
      offset: 0,
      depth: -1,
      variable: -1,
      condition: 0,
      synthetic: true
    })
  }

  /** A copy of `[start, end)` (one native copy: this is the expander's hot path). */
  slice(start: number, end: number): OriginText {
    const out = new OriginText()
    out.text = this.text.slice(start, end)
    const from = sliceBound(start, this.size)
    const to = sliceBound(end, this.size)
    if (to > from) {
      out.data = this.data.slice(from * STRIDE, to * STRIDE)
      out.size = to - from
    }
    return out
  }

  /**
   * Append `replacement` as a word standing for `source[start, end)`: characters keep their
   * origin where the text is unchanged (a shared prefix/suffix), the rest are stretched over the
   * source word and marked synthetic.
   */
  appendReplacement(source: OriginText, start: number, end: number, replacement: string): void {
    const original = source.text.slice(start, end)
    if (original === replacement) {
      this.append(source, start, end)
      return
    }
    const length = end - start
    for (let i = 0; i < replacement.length; i++) {
      const at = length === 0 ? start : start + Math.floor((i * length) / replacement.length)
      const last = i === replacement.length - 1 && length > 0 ? end - 1 : at
      const origin = source.origin(Math.min(last, Math.max(start, end - 1)))
      this.pushChar(replacement[i] ?? '', {...origin, synthetic: true})
    }
  }
}

/** Build an OriginText of literal source text: `offsets[i]` is the file offset of `text[i]`. */
export function sourceText(
  text: string,
  offsets: readonly number[],
  file: number,
  variable: number,
  condition: number
): OriginText {
  const out = new OriginText()
  const length = text.length
  out.text = text
  out.size = length
  const data = new Int32Array(length * STRIDE)
  for (let i = 0, at = 0; i < length; i++, at += STRIDE) {
    data[at + FILE] = file
    data[at + OFFSET] = offsets[i] ?? 0
    data[at + VARIABLE] = variable
    data[at + CONDITION] = condition
  }
  out.data = data
  return out
}

/** `[start, end)` index pairs of the whitespace-separated words of a text. */
export function wordSpans(text: string): [number, number][] {
  const spans: [number, number][] = []
  let i = 0
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
    if (i >= text.length) break
    const start = i
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++
    spans.push([start, i])
  }
  return spans
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12
}

/** The most specific run of a word: its characters of greatest depth, last run on ties. */
export function wordLocation(
  text: OriginText,
  start: number,
  end: number
):
  | {
      file: number
      start: number
      end: number
      variable: number
      condition: number
      synthetic: boolean
      whole: boolean
    }
  | undefined {
  let best: {file: number; depth: number; from: number; to: number} | undefined
  const data = text.data
  const fieldAt = (index: number, field: number): number | undefined =>
    index >= 0 && index < text.size ? data[index * STRIDE + field] : undefined
  let i = start
  while (i < end) {
    const file = fieldAt(i, FILE) ?? -1
    const depth = fieldAt(i, DEPTH) ?? 0
    let j = i + 1
    while (j < end && fieldAt(j, FILE) === file && fieldAt(j, DEPTH) === depth) j++
    if (file >= 0 && (best === undefined || depth >= best.depth))
      best = {file, depth, from: i, to: j}
    i = j
  }
  if (!best) return undefined
  let low = Infinity
  let high = -Infinity
  let synthetic = false
  for (let k = best.from; k < best.to; k++) {
    const offset = fieldAt(k, OFFSET) ?? 0
    low = Math.min(low, offset)
    high = Math.max(high, offset)
    if ((fieldAt(k, SYNTHETIC) ?? 0) !== 0) synthetic = true
  }
  return {
    file: best.file,
    start: low,
    end: high + 1,
    variable: fieldAt(best.to - 1, VARIABLE) ?? -1,
    condition: fieldAt(best.to - 1, CONDITION) ?? 0,
    synthetic,
    // The run is the whole word: nothing was pasted around it from elsewhere.
    whole: best.from === start && best.to === end
  }
}
