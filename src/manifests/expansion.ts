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

/** A string plus one origin per UTF-16 unit. */
export class OriginText {
  text = ''
  file: number[] = []
  offset: number[] = []
  depth: number[] = []
  variable: number[] = []
  condition: number[] = []
  synthetic: boolean[] = []

  get length(): number {
    return this.text.length
  }

  /** Append one character with an explicit origin. */
  pushChar(char: string, origin: CharOrigin): void {
    this.text += char
    this.file.push(origin.file)
    this.offset.push(origin.offset)
    this.depth.push(origin.depth)
    this.variable.push(origin.variable)
    this.condition.push(origin.condition)
    this.synthetic.push(origin.synthetic)
  }

  /** The origin of character `index`. */
  origin(index: number): CharOrigin {
    return {
      file: this.file[index] ?? -1,
      offset: this.offset[index] ?? 0,
      depth: this.depth[index] ?? 0,
      variable: this.variable[index] ?? -1,
      condition: this.condition[index] ?? 0,
      synthetic: this.synthetic[index] ?? true
    }
  }

  /** Append `[start, end)` of `other`, adding `depthShift` to each character's depth. */
  append(other: OriginText, start = 0, end = other.length, depthShift = 0): void {
    this.text += other.text.slice(start, end)
    for (let i = start; i < end; i++) {
      this.file.push(other.file[i] ?? -1)
      this.offset.push(other.offset[i] ?? 0)
      this.depth.push((other.depth[i] ?? 0) + depthShift)
      this.variable.push(other.variable[i] ?? -1)
      this.condition.push(other.condition[i] ?? 0)
      this.synthetic.push(other.synthetic[i] ?? true)
    }
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

  /** A copy of `[start, end)` (native array copies: this is the expander's hot path). */
  slice(start: number, end: number): OriginText {
    const out = new OriginText()
    out.text = this.text.slice(start, end)
    out.file = this.file.slice(start, end)
    out.offset = this.offset.slice(start, end)
    out.depth = this.depth.slice(start, end)
    out.variable = this.variable.slice(start, end)
    out.condition = this.condition.slice(start, end)
    out.synthetic = this.synthetic.slice(start, end)
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
  out.text = text
  for (let i = 0; i < text.length; i++) {
    out.file.push(file)
    out.offset.push(offsets[i] ?? 0)
    out.depth.push(0)
    out.variable.push(variable)
    out.condition.push(condition)
    out.synthetic.push(false)
  }
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
  let i = start
  while (i < end) {
    const file = text.file[i] ?? -1
    const depth = text.depth[i] ?? 0
    let j = i + 1
    while (j < end && text.file[j] === file && text.depth[j] === depth) j++
    if (file >= 0 && (best === undefined || depth >= best.depth))
      best = {file, depth, from: i, to: j}
    i = j
  }
  if (!best) return undefined
  let low = Infinity
  let high = -Infinity
  let synthetic = false
  for (let k = best.from; k < best.to; k++) {
    const offset = text.offset[k] ?? 0
    low = Math.min(low, offset)
    high = Math.max(high, offset)
    if (text.synthetic[k]) synthetic = true
  }
  return {
    file: best.file,
    start: low,
    end: high + 1,
    variable: text.variable[best.to - 1] ?? -1,
    condition: text.condition[best.to - 1] ?? 0,
    synthetic,
    // The run is the whole word: nothing was pasted around it from elsewhere.
    whole: best.from === start && best.to === end
  }
}
