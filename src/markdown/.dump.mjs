// ../../tmp/dump.ts
import {readFileSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'

// src/markdown/facts.ts
import {parseDocument as parseDocument2} from 'yaml'

// src/facts/types.ts
function emptyFacts() {
  return {
    hasLocalToc: false,
    metadata: {},
    toctrees: [],
    xrefs: [],
    labels: [],
    includes: [],
    images: [],
    terms: [],
    linkRefs: [],
    linkTargets: [],
    suppressions: [],
    problems: []
  }
}

// src/facts/inline-text.ts
function inlineText(nodes) {
  let text = ''
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'inlineLiteral':
        text += node.value
        break
      case 'emphasis':
      case 'strong':
        text += inlineText(node.children)
        break
      case 'role':
        text += roleDisplayText(node.value)
        break
      case 'reference':
        text += node.text
        break
      case 'inlineTarget':
        text += node.text
        break
      case 'footnoteReference':
      case 'citationReference':
        text += node.label
        break
      case 'substitutionReference':
        text += node.name
        break
    }
  }
  return text
}
function roleDisplayText(value) {
  const match = /^([\s\S]+?)\s*<([\s\S]*?)>$/.exec(value)
  return unescapeRst(match?.[1] ?? value)
}
function unescapeRst(text) {
  return text.replace(/\\([\s\S])/g, (_whole, char) => (/\s/.test(char) ? '' : char))
}
function normalizeName(name) {
  return name.toLowerCase().replace(/\s+/g, ' ').trim()
}

// src/facts/term-text.ts
function plainTermText(source) {
  let text = source
  text = text.replace(
    /``([\s\S]+?)``/g,
    (_whole, inner) => `${inner.replace(/[*`:\\]/g, (c) => `${c.charCodeAt(0)}`)}`
  )
  text = text.replace(/:[A-Za-z0-9_.+:-]+:`([^`]+)`/g, (_whole, inner) => roleDisplay(inner))
  text = text.replace(/`([^`]+)`(?::[A-Za-z0-9_.+:-]+:)?/g, (_whole, inner) => roleDisplay(inner))
  text = text.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\*([^*]+)\*/g, '$1')
  text = text.replace(/\\([\s\S])/g, (_whole, char) => (/\s/.test(char) ? '' : char))
  text = text.replace(/\u0002(\d+)\u0003/g, (_whole, code) => String.fromCharCode(Number(code)))
  return text.replace(/\u0001/g, '').trim()
}
function roleDisplay(inner) {
  const match = /^([\s\S]+?)\s*<([\s\S]*?)>$/.exec(inner)
  return match?.[1] ?? inner
}

// src/rst/directives.ts
var admonitions = [
  'attention',
  'caution',
  'danger',
  'error',
  'hint',
  'important',
  'note',
  'tip',
  'warning',
  'seealso',
  'todo'
]
var literalNames = [
  'code-block',
  'code',
  'sourcecode',
  'highlight',
  'raw',
  'math',
  'literalinclude',
  'graphviz',
  'digraph',
  'graph',
  'productionlist',
  'doctest',
  'testcode',
  'testoutput',
  'testsetup',
  'testcleanup',
  'ipython',
  'jupyter-execute',
  'mermaid',
  'plantuml',
  'csv-table',
  'toctree',
  'index',
  'tabularcolumns',
  'meta'
]
var directiveTable = (() => {
  const t = {}
  for (const name of literalNames) t[name] = {body: 'literal', argument: true}
  for (const name of admonitions) t[name] = {body: 'rst', argument: false}
  for (const name of [
    'toctree',
    'productionlist',
    'meta',
    'compound',
    'epigraph',
    'highlights',
    'pull-quote',
    'line-block',
    'glossary',
    'hlist',
    'tabs',
    'acks'
  ]) {
    t[name] = {body: t[name]?.body ?? 'rst', argument: false}
  }
  t['productionlist'] = {body: 'literal', argument: true}
  t['parsed-literal'] = {body: 'inline', argument: false}
  t['replace'] = {body: 'inline', argument: false}
  for (const name of [
    'admonition',
    'topic',
    'sidebar',
    'rubric',
    'centered',
    'table',
    'list-table'
  ]) {
    t[name] = {body: 'rst', argument: true, inlineArgument: 'all'}
  }
  t['csv-table'] = {body: 'literal', argument: true, inlineArgument: 'all'}
  for (const name of ['versionadded', 'versionchanged', 'deprecated', 'versionremoved']) {
    t[name] = {body: 'rst', argument: true, inlineArgument: 'rest'}
  }
  return t
})()
function directiveSpec(name, literalExtra, rstExtra) {
  const base = directiveTable[name]
  if (rstExtra.has(name)) return {body: 'rst', argument: base?.argument ?? true}
  if (literalExtra.has(name)) return {body: 'literal', argument: base?.argument ?? true}
  if (base) return base
  if (name.startsWith('auto') || /^[a-z0-9]+:auto/.test(name))
    return {body: 'literal', argument: true}
  return {body: 'rst', argument: true}
}

// src/rst/punctuation-tables.ts
var openers = [
  34, 34, 39, 39, 40, 40, 60, 60, 91, 91, 123, 123, 3898, 3898, 3900, 3900, 5787, 5787, 8261, 8261,
  8317, 8317, 8333, 8333, 9001, 9001, 10088, 10088, 10090, 10090, 10092, 10092, 10094, 10094, 10096,
  10096, 10098, 10098, 10100, 10100, 10181, 10181, 10214, 10214, 10216, 10216, 10218, 10218, 10220,
  10220, 10222, 10222, 10627, 10627, 10629, 10629, 10631, 10631, 10633, 10633, 10635, 10635, 10637,
  10637, 10639, 10639, 10641, 10641, 10643, 10643, 10645, 10645, 10647, 10647, 10712, 10712, 10714,
  10714, 10748, 10748, 11810, 11810, 11812, 11812, 11814, 11814, 11816, 11816, 12296, 12296, 12298,
  12298, 12300, 12300, 12302, 12302, 12304, 12304, 12308, 12308, 12310, 12310, 12312, 12312, 12314,
  12314, 12317, 12317, 12317, 12317, 64830, 64830, 65047, 65047, 65077, 65077, 65079, 65079, 65081,
  65081, 65083, 65083, 65085, 65085, 65087, 65087, 65089, 65089, 65091, 65091, 65095, 65095, 65113,
  65113, 65115, 65115, 65117, 65117, 65288, 65288, 65339, 65339, 65371, 65371, 65375, 65375, 65378,
  65378, 171, 171, 8216, 8216, 8220, 8220, 8249, 8249, 11778, 11778, 11780, 11780, 11785, 11785,
  11788, 11788, 11804, 11804, 11808, 11808, 8218, 8218, 8222, 8222, 187, 187, 8217, 8217, 8221,
  8221, 8250, 8250, 11779, 11779, 11781, 11781, 11786, 11786, 11789, 11789, 11805, 11805, 11809,
  11809, 8219, 8219, 8223, 8223
]
var closers = [
  34, 34, 39, 39, 41, 41, 62, 62, 93, 93, 125, 125, 3899, 3899, 3901, 3901, 5788, 5788, 8262, 8262,
  8318, 8318, 8334, 8334, 9002, 9002, 10089, 10089, 10091, 10091, 10093, 10093, 10095, 10095, 10097,
  10097, 10099, 10099, 10101, 10101, 10182, 10182, 10215, 10215, 10217, 10217, 10219, 10219, 10221,
  10221, 10223, 10223, 10628, 10628, 10630, 10630, 10632, 10632, 10634, 10634, 10636, 10636, 10638,
  10638, 10640, 10640, 10642, 10642, 10644, 10644, 10646, 10646, 10648, 10648, 10713, 10713, 10715,
  10715, 10749, 10749, 11811, 11811, 11813, 11813, 11815, 11815, 11817, 11817, 12297, 12297, 12299,
  12299, 12301, 12301, 12303, 12303, 12305, 12305, 12309, 12309, 12311, 12311, 12313, 12313, 12315,
  12315, 12318, 12318, 12319, 12319, 64831, 64831, 65048, 65048, 65078, 65078, 65080, 65080, 65082,
  65082, 65084, 65084, 65086, 65086, 65088, 65088, 65090, 65090, 65092, 65092, 65096, 65096, 65114,
  65114, 65116, 65116, 65118, 65118, 65289, 65289, 65341, 65341, 65373, 65373, 65376, 65376, 65379,
  65379, 187, 187, 8217, 8217, 8221, 8221, 8250, 8250, 11779, 11779, 11781, 11781, 11786, 11786,
  11789, 11789, 11805, 11805, 11809, 11809, 8219, 8219, 8223, 8223, 171, 171, 8216, 8216, 8220,
  8220, 8249, 8249, 11778, 11778, 11780, 11780, 11785, 11785, 11788, 11788, 11804, 11804, 11808,
  11808, 8218, 8218, 8222, 8222
]
var delimiters = [
  45, 45, 47, 47, 58, 58, 1418, 1418, 161, 161, 183, 183, 191, 191, 894, 894, 903, 903, 1370, 1375,
  1417, 1417, 1470, 1470, 1472, 1472, 1475, 1475, 1478, 1478, 1523, 1523, 1524, 1524, 1545, 1545,
  1546, 1546, 1548, 1548, 1549, 1549, 1563, 1563, 1566, 1566, 1567, 1567, 1642, 1645, 1748, 1748,
  1792, 1805, 2039, 2041, 2096, 2110, 2404, 2404, 2405, 2405, 2416, 2416, 3572, 3572, 3663, 3663,
  3674, 3674, 3675, 3675, 3844, 3858, 3973, 3973, 4048, 4052, 4170, 4175, 4347, 4347, 4961, 4968,
  5120, 5120, 5741, 5741, 5742, 5742, 5867, 5869, 5941, 5941, 5942, 5942, 6100, 6102, 6104, 6106,
  6144, 6154, 6468, 6468, 6469, 6469, 6622, 6622, 6623, 6623, 6686, 6686, 6687, 6687, 6816, 6822,
  6824, 6829, 7002, 7008, 7227, 7231, 7294, 7294, 7295, 7295, 7379, 7379, 8208, 8215, 8224, 8231,
  8240, 8248, 8251, 8254, 8257, 8259, 8263, 8273, 8275, 8275, 8277, 8286, 11513, 11516, 11518,
  11518, 11519, 11519, 11776, 11776, 11777, 11777, 11782, 11784, 11787, 11787, 11790, 11803, 11806,
  11806, 11807, 11807, 11818, 11822, 11824, 11824, 11825, 11825, 12289, 12291, 12316, 12316, 12336,
  12336, 12349, 12349, 12448, 12448, 12539, 12539, 42238, 42238, 42239, 42239, 42509, 42511, 42611,
  42611, 42622, 42622, 42738, 42743, 43124, 43127, 43214, 43214, 43215, 43215, 43256, 43258, 43310,
  43310, 43311, 43311, 43359, 43359, 43457, 43469, 43486, 43486, 43487, 43487, 43612, 43615, 43742,
  43742, 43743, 43743, 44011, 44011, 65040, 65046, 65049, 65049, 65072, 65074, 65093, 65093, 65094,
  65094, 65097, 65100, 65104, 65106, 65108, 65112, 65119, 65121, 65123, 65123, 65128, 65128, 65130,
  65130, 65131, 65131, 65281, 65283, 65285, 65287, 65290, 65290, 65292, 65295, 65306, 65306, 65307,
  65307, 65311, 65311, 65312, 65312, 65340, 65340, 65377, 65377, 65380, 65380, 65381, 65381
]
var closingDelimiters = [92, 92, 46, 46, 44, 44, 59, 59, 33, 33, 63, 63]
var openersString = `"'(<\\[{\u0F3A\u0F3C\u169B\u2045\u207D\u208D\u2329\u2768\u276A\u276C\u276E\u2770\u2772\u2774\u27C5\u27E6\u27E8\u27EA\u27EC\u27EE\u2983\u2985\u2987\u2989\u298B\u298D\u298F\u2991\u2993\u2995\u2997\u29D8\u29DA\u29FC\u2E22\u2E24\u2E26\u2E28\u3008\u300A\u300C\u300E\u3010\u3014\u3016\u3018\u301A\u301D\u301D\uFD3E\uFE17\uFE35\uFE37\uFE39\uFE3B\uFE3D\uFE3F\uFE41\uFE43\uFE47\uFE59\uFE5B\uFE5D\uFF08\uFF3B\uFF5B\uFF5F\uFF62\xAB\u2018\u201C\u2039\u2E02\u2E04\u2E09\u2E0C\u2E1C\u2E20\u201A\u201E\xBB\u2019\u201D\u203A\u2E03\u2E05\u2E0A\u2E0D\u2E1D\u2E21\u201B\u201F`
var closersString = `"')>\\]}\u0F3B\u0F3D\u169C\u2046\u207E\u208E\u232A\u2769\u276B\u276D\u276F\u2771\u2773\u2775\u27C6\u27E7\u27E9\u27EB\u27ED\u27EF\u2984\u2986\u2988\u298A\u298C\u298E\u2990\u2992\u2994\u2996\u2998\u29D9\u29DB\u29FD\u2E23\u2E25\u2E27\u2E29\u3009\u300B\u300D\u300F\u3011\u3015\u3017\u3019\u301B\u301E\u301F\uFD3F\uFE18\uFE36\uFE38\uFE3A\uFE3C\uFE3E\uFE40\uFE42\uFE44\uFE48\uFE5A\uFE5C\uFE5E\uFF09\uFF3D\uFF5D\uFF60\uFF63\xBB\u2019\u201D\u203A\u2E03\u2E05\u2E0A\u2E0D\u2E1D\u2E21\u201B\u201F\xAB\u2018\u201C\u2039\u2E02\u2E04\u2E09\u2E0C\u2E1C\u2E20\u201A\u201E`

// src/rst/chars.ts
var OPENER = 1
var CLOSER = 2
var DELIM = 4
var CLOSING_DELIM = 8
var table = new Uint8Array(65536)
function fill(ranges, flag) {
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const from = ranges[i] ?? 0
    const to = ranges[i + 1] ?? -1
    for (let c = from; c <= to; c++) table[c] = (table[c] ?? 0) | flag
  }
}
fill(openers, OPENER)
fill(closers, CLOSER)
fill(delimiters, DELIM)
fill(closingDelimiters, CLOSING_DELIM)
function isSpace(c) {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)
  return (
    c === 133 ||
    c === 160 ||
    c === 5760 ||
    (c >= 8192 && c <= 8202) ||
    c === 8232 ||
    c === 8233 ||
    c === 8239 ||
    c === 8287 ||
    c === 12288
  )
}
var wordRe = /[\p{L}\p{N}\p{Mn}\p{Mc}_]/u
function isWord(c) {
  if (c < 128) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
  }
  if (c >= 55296 && c <= 57343) return true
  return wordRe.test(String.fromCharCode(c))
}
function isStartPrefix(c) {
  return isSpace(c) || ((table[c] ?? 0) & (OPENER | DELIM)) !== 0
}
function isEndSuffix(c) {
  return c === 0 || isSpace(c) || ((table[c] ?? 0) & (CLOSING_DELIM | DELIM | CLOSER)) !== 0
}
var quotePairs = {
  '\xBB': '\xBB',
  '\u2018': '\u201A',
  '\u2019': '\u2019',
  '\u201A': '\u2018\u2019',
  '\u201C': '\u201E',
  '\u201E': '\u201C\u201D',
  '\u201D': '\u201D',
  '\u203A': '\u203A'
}
function matchChars(c1, c2) {
  const i = openersString.indexOf(c1)
  if (i < 0) return false
  return c2 === closersString[i] || (quotePairs[c1] ?? '').includes(c2)
}

// src/rst/inline.ts
var STAR = 42
var BACKQUOTE = 96
var UNDERSCORE = 95
var PIPE = 124
var LBRACKET = 91
var COLON = 58
var HASH = 35
var LT = 60
var GT = 62
function joinLines(lines) {
  const starts = []
  const offsets = []
  const parts = []
  let at = 0
  for (const l of lines) {
    starts.push(at)
    offsets.push(l.o)
    parts.push(l.t)
    at += l.t.length + 1
  }
  return {text: parts.join('\n'), starts, offsets}
}
function isSimplenameSep(c) {
  return c === 45 || c === 46 || c === 95 || c === 43 || c === 58
}
function simplenameEnd(e, i, n) {
  let j = i
  let last = -1
  while (j < n) {
    const c = e.charCodeAt(j)
    if (c !== UNDERSCORE && isWord(c)) {
      j++
      last = j
      continue
    }
    if (isSimplenameSep(c) && last === j) {
      const d = e.charCodeAt(j + 1)
      if (j + 1 < n && d !== UNDERSCORE && isWord(d)) {
        j++
        continue
      }
    }
    break
  }
  return last < 0 ? i : last
}
function normalizeName2(s) {
  return s.trim().split(/\s+/).join(' ').toLowerCase()
}
function unescapeRaw(t, from, to, esc) {
  if (!esc) return t.slice(from, to)
  let out = ''
  let s = from
  for (let i = from; i < to; i++) {
    if (esc[i] === 1) {
      out += t.slice(s, i)
      const nx = t.charCodeAt(i + 1)
      s = i + 1 < to && (nx === 32 || nx === 10) ? i + 2 : i + 1
      if (s > i + 1) i++
    }
  }
  return out + t.slice(s, to)
}
var EndSearch = class {
  constructor(find) {
    this.find = find
  }
  find
  from = -1
  found = -1
  /** First match at index >= from (real look-behind everywhere). */
  next(from) {
    if (this.from >= 0 && from >= this.from && (this.found < 0 || this.found >= from)) {
      return this.found
    }
    this.from = from
    this.found = this.find(from)
    return this.found
  }
}
var triggers = /[*`|_[:\\]/
var ASCII_OTHER = 0
var ASCII_TRIGGER = 1
var ASCII_WORD = 2
var asciiClass = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  if ('*`_|[:'.includes(String.fromCharCode(c))) asciiClass[c] = ASCII_TRIGGER
  else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))
    asciiClass[c] = ASCII_WORD
  else asciiClass[c] = ASCII_OTHER
}
function parseInline(input, ctx) {
  const t = input.text
  const n = t.length
  const src = ctx.src
  if (n === 0) return []
  if (!triggers.test(t)) {
    const last = input.starts.length - 1
    const end = (input.offsets[last] ?? 0) + (n - (input.starts[last] ?? 0))
    return [{type: 'text', value: t, position: src.pos(input.offsets[0] ?? 0, end)}]
  }
  const hasUnderscore = t.includes('_')
  let e = t
  let esc
  if (t.includes('\\')) {
    esc = new Uint8Array(n)
    const parts = []
    let s = 0
    let i = t.indexOf('\\')
    while (i >= 0) {
      parts.push(t.slice(s, i), '\0')
      esc[i] = 1
      s = i + 1
      i = i + 2 < n ? t.indexOf('\\', i + 2) : -1
    }
    parts.push(t.slice(s))
    e = parts.join('')
  }
  const starts = input.starts
  const offs = input.offsets
  let seg = 0
  const off = (i) => {
    if (seg >= starts.length || (starts[seg] ?? 0) > i) {
      let lo = 0
      let hi = starts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if ((starts[mid] ?? 0) <= i) lo = mid
        else hi = mid - 1
      }
      seg = lo
    }
    while (seg + 1 < starts.length && (starts[seg + 1] ?? 0) <= i) seg++
    return (offs[seg] ?? 0) + (i - (starts[seg] ?? 0))
  }
  const pos = (a, b) => {
    const s = off(a)
    let en = s
    if (b > a) en = t.charCodeAt(b - 1) === 10 ? off(b - 1) : off(b - 1) + 1
    return src.pos(s, en)
  }
  const at = (i) => (i < n ? e.charCodeAt(i) : -1)
  const suffixOk = (i) => i >= n || isEndSuffix(e.charCodeAt(i))
  const problem = (msg, a, b) => {
    src.problem(2, msg, off(a), off(Math.max(a, b - 1)) + 1)
  }
  const emphasisEnd = new EndSearch((from) => {
    for (let i = e.indexOf('*', from); i >= 0; i = e.indexOf('*', i + 1)) {
      const p2 = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p2) || p2 === 0)) continue
      if (suffixOk(i + 1)) return i
    }
    return -1
  })
  const strongEnd = new EndSearch((from) => {
    for (let i = e.indexOf('**', from); i >= 0; i = e.indexOf('**', i + 1)) {
      const p2 = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p2) || p2 === 0)) continue
      if (suffixOk(i + 2)) return i
    }
    return -1
  })
  const literalEnd = new EndSearch((from) => {
    for (let i = e.indexOf('``', from); i >= 0; i = e.indexOf('``', i + 1)) {
      if (i > 0 && isSpace(e.charCodeAt(i - 1))) continue
      if (suffixOk(i + 2)) return i
    }
    return -1
  })
  const targetEnd = new EndSearch((from) => {
    for (let i = e.indexOf('`', from); i >= 0; i = e.indexOf('`', i + 1)) {
      const p2 = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p2) || p2 === 0)) continue
      if (suffixOk(i + 1)) return i
    }
    return -1
  })
  let subLen = 1
  const subEndLen = (i) => {
    if (at(i + 1) === UNDERSCORE && at(i + 2) === UNDERSCORE && suffixOk(i + 3)) return 3
    if (at(i + 1) === UNDERSCORE && suffixOk(i + 2)) return 2
    if (suffixOk(i + 1)) return 1
    return 0
  }
  const subEnd = new EndSearch((from) => {
    for (let i = e.indexOf('|', from); i >= 0; i = e.indexOf('|', i + 1)) {
      const p2 = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p2) || p2 === 0)) continue
      if (subEndLen(i) > 0) return i
    }
    return -1
  })
  let interpSuffixEnd = 0
  let interpRole = ''
  const interpTail = (i) => {
    interpRole = ''
    const j = i + 1
    if (at(j) === COLON) {
      const se = simplenameEnd(e, j + 1, n)
      if (se > j + 1 && at(se) === COLON && suffixOk(se + 1)) {
        interpRole = e.slice(j + 1, se)
        return se + 1
      }
    }
    if (at(j) === UNDERSCORE) {
      if (at(j + 1) === UNDERSCORE && suffixOk(j + 2)) return j + 2
      if (suffixOk(j + 1)) return j + 1
    }
    if (suffixOk(j)) return j
    return -1
  }
  const interpEnd = new EndSearch((from) => {
    for (let i = e.indexOf('`', from); i >= 0; i = e.indexOf('`', i + 1)) {
      if (i > 0) {
        const p2 = e.charCodeAt(i - 1)
        if ((isSpace(p2) || p2 === 0) && !(i > 1 && e.charCodeAt(i - 2) === 0)) continue
      }
      if (interpTail(i) >= 0) return i
    }
    return -1
  })
  const searchEnd = (s, from, atStart) => {
    if (atStart(from)) return from
    return s.next(from + 1)
  }
  const out = []
  let pending = 0
  const emitText = (a, b) => {
    if (b <= a) return
    implicit(a, b)
  }
  const pushText = (a, b) => {
    if (b <= a) return
    const value = unescapeRaw(t, a, b, esc)
    const last = out[out.length - 1]
    if (last && last.type === 'text' && last.position.end.offset === off(a) && b > a) {
      last.value += value
      last.position = src.pos(last.position.start.offset ?? 0, pos(a, b).end.offset ?? 0)
      return
    }
    const node = {type: 'text', value, position: pos(a, b)}
    out.push(node)
  }
  const implicit = (a, b) => {
    let s = a
    let i = e.indexOf(':', a)
    while (i >= 0 && i < b) {
      const m = matchUri(e, i, a, b)
      if (m) {
        pushText(s, m[0])
        const uriText = unescapeRaw(t, m[0], m[1], esc)
        const ref = {
          type: 'reference',
          text: uriText,
          refuri: uriText,
          standalone: true,
          position: pos(m[0], m[1])
        }
        out.push(ref)
        s = m[1]
        i = e.indexOf(':', s)
      } else {
        i = e.indexOf(':', i + 1)
      }
    }
    pushText(s, b)
  }
  let segStart = 0
  let p = 0
  let refFail = -1
  while (p < n) {
    const c = e.charCodeAt(p)
    if (c < 128) {
      const k = asciiClass[c]
      if (k === ASCII_OTHER || (k === ASCII_WORD && (!hasUnderscore || p < refFail))) {
        p++
        continue
      }
    } else if (!hasUnderscore || p < refFail || !isWord(c)) {
      p++
      continue
    }
    if (p !== segStart && !isStartPrefix(e.charCodeAt(p - 1))) {
      p++
      continue
    }
    const quoted = (endOfStart) => {
      if (p === segStart) return false
      if (endOfStart >= n) return true
      return matchChars(e.charAt(p - 1), e.charAt(endOfStart))
    }
    const nonWsAfter = (i) => i >= n || !isSpace(e.charCodeAt(i))
    let startLen = 0
    let kind = ''
    if (c === STAR && at(p + 1) === STAR && nonWsAfter(p + 2)) {
      startLen = 2
      kind = 'strong'
    } else if (c === STAR && at(p + 1) !== STAR && nonWsAfter(p + 1)) {
      startLen = 1
      kind = 'emphasis'
    } else if (c === BACKQUOTE && at(p + 1) === BACKQUOTE && nonWsAfter(p + 2)) {
      startLen = 2
      kind = 'literal'
    } else if (c === UNDERSCORE && at(p + 1) === BACKQUOTE && nonWsAfter(p + 2)) {
      startLen = 2
      kind = 'target'
    } else if (c === PIPE && at(p + 1) !== PIPE && nonWsAfter(p + 1)) {
      startLen = 1
      kind = 'substitution'
    }
    if (kind !== '') {
      const ms2 = p + startLen
      if (quoted(ms2)) {
        p = ms2
        segStart = ms2
        continue
      }
      let endAt2 = -1
      let endLen = startLen
      if (kind === 'strong') {
        endAt2 = searchEnd(strongEnd, ms2, (i) => e.startsWith('**', i) && suffixOk(i + 2))
      } else if (kind === 'emphasis') {
        endAt2 = searchEnd(emphasisEnd, ms2, (i) => at(i) === STAR && suffixOk(i + 1))
      } else if (kind === 'literal') {
        endAt2 = searchEnd(literalEnd, ms2, (i) => e.startsWith('``', i) && suffixOk(i + 2))
      } else if (kind === 'target') {
        endAt2 = searchEnd(targetEnd, ms2, (i) => at(i) === BACKQUOTE && suffixOk(i + 1))
        endLen = 1
      } else {
        endAt2 = searchEnd(subEnd, ms2, (i) => at(i) === PIPE && subEndLen(i) > 0)
        subLen = endAt2 >= 0 ? subEndLen(endAt2) : 1
        endLen = subLen
      }
      if (endAt2 > ms2) {
        emitText(pending, p)
        const te = endAt2 + endLen
        const position = pos(p, te)
        if (kind === 'strong' || kind === 'emphasis') {
          const child = {
            type: 'text',
            value: unescapeRaw(t, ms2, endAt2, esc),
            position: pos(ms2, endAt2)
          }
          out.push({type: kind, children: [child], position})
        } else if (kind === 'literal') {
          out.push({type: 'inlineLiteral', value: t.slice(ms2, endAt2), position})
        } else if (kind === 'target') {
          const text = unescapeRaw(t, ms2, endAt2, esc)
          out.push({type: 'inlineTarget', name: normalizeName2(text), text, position})
        } else {
          const name = unescapeRaw(t, ms2, endAt2, esc)
          const node = {type: 'substitutionReference', name, position}
          if (endLen === 2) node.reference = 'named'
          else if (endLen === 3) node.reference = 'anonymous'
          out.push(node)
        }
        pending = te
        segStart = te
        p = te
        continue
      }
      const what =
        kind === 'strong'
          ? 'strong'
          : kind === 'emphasis'
            ? 'emphasis'
            : kind === 'literal'
              ? 'literal'
              : kind === 'target'
                ? 'target'
                : 'substitution_reference'
      problem(`Inline ${what} start-string without end-string.`, p, ms2)
      p = ms2
      segStart = ms2
      continue
    }
    if (c !== UNDERSCORE && c > 47 && isWord(c) && p >= refFail) {
      const m = matchRefname(p)
      if (m) {
        emitText(pending, p)
        const name = unescapeRaw(t, p, m[0], esc)
        const ref = {
          type: 'reference',
          text: name,
          refname: normalizeName2(name),
          position: pos(p, m[1])
        }
        if (m[1] - m[0] === 2) ref.anonymous = true
        out.push(ref)
        pending = m[1]
        segStart = m[1]
        p = m[1]
        continue
      }
    }
    if (c === LBRACKET) {
      const m = matchFootnote(p)
      if (m) {
        emitText(pending, p)
        const label = e.slice(p + 1, m[0])
        out.push(
          m[2]
            ? {type: 'citationReference', label, position: pos(p, m[1])}
            : {type: 'footnoteReference', label, position: pos(p, m[1])}
        )
        pending = m[1]
        segStart = m[1]
        p = m[1]
        continue
      }
    }
    let roleStart = -1
    let role = ''
    let bq = -1
    if (c === COLON) {
      const se = simplenameEnd(e, p + 1, n)
      if (
        se > p + 1 &&
        at(se) === COLON &&
        at(se + 1) === BACKQUOTE &&
        at(se + 2) !== BACKQUOTE &&
        nonWsAfter(se + 2)
      ) {
        roleStart = p
        role = e.slice(p + 1, se)
        bq = se + 1
      }
    } else if (c === BACKQUOTE && at(p + 1) !== BACKQUOTE && nonWsAfter(p + 1)) {
      roleStart = p
      bq = p
    }
    if (bq < 0) {
      p++
      continue
    }
    const me = bq + 1
    if (role === '' && quoted(me)) {
      p = me
      segStart = me
      continue
    }
    const endAt = searchEnd(interpEnd, me, (i) => at(i) === BACKQUOTE && interpTail(i) >= 0)
    if (endAt > me) {
      const textEnd = interpTail(endAt)
      interpSuffixEnd = textEnd
      const suffixRole = interpRole
      let position = role ? 'prefix' : ''
      if (suffixRole) {
        if (role) {
          problem(
            'Multiple roles in interpreted text (both prefix and suffix present; only one allowed).',
            roleStart,
            textEnd
          )
          emitText(pending, roleStart)
          pushText(roleStart, textEnd)
          pending = textEnd
          segStart = textEnd
          p = textEnd
          continue
        }
        role = suffixRole
        position = 'suffix'
      }
      emitText(pending, roleStart)
      if (at(textEnd - 1) === UNDERSCORE && textEnd - 1 > endAt) {
        if (role) {
          problem(
            `Mismatch: both interpreted text role ${position} and reference suffix.`,
            roleStart,
            textEnd
          )
          pushText(roleStart, textEnd)
        } else {
          out.push(phraseRef(bq, me, endAt, textEnd))
        }
      } else {
        const node = {
          type: 'role',
          name: (role || ctx.defaultRole).toLowerCase(),
          value: t.slice(me, endAt),
          valuePosition: pos(me, endAt),
          position: pos(roleStart, textEnd)
        }
        if (!role) node.implicit = true
        out.push(node)
      }
      pending = textEnd
      segStart = textEnd
      p = textEnd
      continue
    }
    problem('Inline interpreted text or phrase reference start-string without end-string.', bq, me)
    p = me
    segStart = me
  }
  void interpSuffixEnd
  emitText(pending, n)
  return out
  function matchRefname(s) {
    let j = s
    while (j < n) {
      const c = e.charCodeAt(j)
      if (isWord(c) || isSimplenameSep(c)) j++
      else break
    }
    for (let k = j; k > s; k--) {
      if (e.charCodeAt(k) !== UNDERSCORE) continue
      const last = e.charCodeAt(k - 1)
      if (last === UNDERSCORE || !isWord(last)) continue
      if (simplenameEnd(e, s, k) !== k) continue
      if (at(k + 1) === UNDERSCORE && suffixOk(k + 2)) return [k, k + 2]
      if (suffixOk(k + 1)) return [k, k + 1]
    }
    refFail = j
    return void 0
  }
  function matchFootnote(s) {
    const close = e.indexOf(']', s + 1)
    if (close < 0 || at(close + 1) !== UNDERSCORE || !suffixOk(close + 2)) return void 0
    const label = e.slice(s + 1, close)
    if (label.length === 0) return void 0
    if (/^[0-9]+$/.test(label) || label === '*') return [close, close + 2, false]
    if (label.charCodeAt(0) === HASH) {
      if (label.length === 1 || simplenameEnd(label, 1, label.length) === label.length) {
        return [close, close + 2, false]
      }
      return void 0
    }
    if (simplenameEnd(label, 0, label.length) === label.length) return [close, close + 2, true]
    return void 0
  }
  function phraseRef(bqAt, ms2, endAt, textEnd) {
    const anonymous = textEnd - endAt === 3
    const position = pos(bqAt, textEnd)
    if (
      at(endAt - 1) === GT &&
      !(endAt - 2 >= ms2 && (isSpace(at(endAt - 2)) || at(endAt - 2) === 0))
    ) {
      let k = endAt - 2
      let lt = -1
      while (k >= ms2) {
        const ch = e.charCodeAt(k)
        if (ch === LT || ch === GT) {
          if (k > ms2 && e.charCodeAt(k - 1) === 0) {
            k -= 2
            continue
          }
          if (ch === LT) lt = k
          break
        }
        k--
      }
      if (lt >= ms2 && lt + 1 < endAt - 1 && !isSpace(at(lt + 1))) {
        let ts = lt
        while (ts > ms2 && (at(ts - 1) === 32 || at(ts - 1) === 10)) ts--
        if (ts < lt || lt === ms2) {
          const text2 = unescapeRaw(t, ms2, ts, esc)
          const inner = e.slice(lt + 1, endAt - 1)
          const rawInner = t.slice(lt + 1, endAt - 1)
          const ref2 = {type: 'reference', text: text2, position}
          if (
            inner.endsWith('_') &&
            !rawInner.endsWith('\\_') &&
            !/^[a-zA-Z][a-zA-Z0-9.+-]*:/.test(inner)
          ) {
            const alias = normalizeName2(unescapeRaw(t, lt + 1, endAt - 2, esc))
            ref2.refname = alias
            ref2.embedded = 'alias'
            if (!text2) ref2.text = alias
          } else {
            const uri = unescapeRaw(t, lt + 1, endAt - 1, esc)
              .split(/\s+/)
              .join('')
            ref2.refuri = uri
            ref2.embedded = 'uri'
            if (!text2) ref2.text = uri
          }
          if (anonymous) ref2.anonymous = true
          return ref2
        }
      }
    }
    const text = unescapeRaw(t, ms2, endAt, esc)
    const ref = {type: 'reference', text, refname: normalizeName2(text), position}
    if (anonymous) ref.anonymous = true
    return ref
  }
}
var uriSchemes = /* @__PURE__ */ new Set([
  'http',
  'https',
  'ftp',
  'ftps',
  'sftp',
  'mailto',
  'file',
  'git',
  'ssh',
  'svn',
  'irc',
  'news',
  'nntp',
  'telnet',
  'gopher',
  'ldap',
  'tel',
  'urn',
  'data',
  'xmpp',
  'rsync',
  'ws',
  'wss'
])
function isUric(c) {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 0 ||
    "-_.!~*'()[];/:@&=+$,%".includes(String.fromCharCode(c))
  )
}
function isUriLast(c) {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    '_~*/=+'.includes(String.fromCharCode(c))
  )
}
function matchUri(e, colon, a, b) {
  let s = colon
  while (s > a) {
    const c = e.charCodeAt(s - 1)
    if (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 45 ||
      c === 46
    )
      s--
    else break
  }
  while (s < colon) {
    const c = e.charCodeAt(s)
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) break
    s++
  }
  if (s >= colon) return void 0
  if (!uriSchemes.has(e.slice(s, colon).toLowerCase())) return void 0
  if (s > a && !isStartPrefix(e.charCodeAt(s - 1))) return void 0
  let j = colon + 1
  while (j < b && (isUric(e.charCodeAt(j)) || e.charCodeAt(j) === HASH || e.charCodeAt(j) === 63))
    j++
  while (j > colon + 1) {
    const last = e.charCodeAt(j - 1)
    const okLast = isUriLast(last) || (e.charCodeAt(j) === GT && isUric(last))
    if (okLast && (j >= b || isEndSuffix(e.charCodeAt(j)))) return [s, j]
    j--
  }
  return void 0
}

// src/rst/source.ts
var Source = class {
  text
  /** Offset of the first character of each line. */
  lineStarts
  problems = []
  tabWidth
  lastLine = 0
  constructor(text, tabWidth) {
    this.text = text
    this.tabWidth = tabWidth > 0 ? tabWidth : 8
    const starts = [0]
    const n = text.length
    let i = 0
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 10) {
        starts.push(i + 1)
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++
        starts.push(i + 1)
      }
      i++
    }
    this.lineStarts = starts
  }
  /** The body lines of the whole document (BOM skipped, terminators removed). */
  lines() {
    const out = []
    const starts = this.lineStarts
    const text = this.text
    for (let k = 0; k < starts.length; k++) {
      let s = starts[k] ?? 0
      let e = k + 1 < starts.length ? (starts[k + 1] ?? text.length) : text.length
      if (k + 1 < starts.length) {
        if (text.charCodeAt(e - 1) === 10) e--
        if (text.charCodeAt(e - 1) === 13) e--
      }
      if (k === 0 && text.charCodeAt(0) === 65279) s = 1
      if (k + 1 === starts.length && s === e && k > 0) break
      out.push({t: text.slice(s, e), o: s, v: 0})
    }
    return out
  }
  /** 0-based line index containing `offset`. */
  lineIndex(offset) {
    const starts = this.lineStarts
    let k = this.lastLine
    if ((starts[k] ?? 0) <= offset) {
      if (k + 1 >= starts.length || (starts[k + 1] ?? 0) > offset) return k
      if (k + 2 >= starts.length || (starts[k + 2] ?? 0) > offset) {
        this.lastLine = k + 1
        return k + 1
      }
    }
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    this.lastLine = lo
    k = lo
    return k
  }
  /** unist point of an offset. */
  point(offset) {
    const k = this.lineIndex(offset)
    return {line: k + 1, column: offset - (this.lineStarts[k] ?? 0) + 1, offset}
  }
  /** unist position of an offset range. */
  pos(start, end) {
    return {start: this.point(start), end: this.point(end < start ? start : end)}
  }
  /** Record a problem at an offset range. */
  problem(level, message, start, end) {
    const position = this.pos(start, end ?? start)
    this.problems.push({level, message, line: position.start.line, position})
  }
}
function indentOf(l, tabWidth) {
  const t = l.t
  let i = 0
  let col = l.v
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c === 32) col++
    else if (c === 9) col += tabWidth - (col % tabWidth)
    else if (c === 12 || c === 11) col++
    else break
  }
  if (i === t.length) return -1
  return col - l.v
}
function isBlank(l) {
  const t = l.t
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c !== 32 && c !== 9 && c !== 12 && c !== 11) return false
  }
  return true
}
function stripIndent(l, n, tabWidth) {
  if (n <= 0) return l
  const t = l.t
  let i = 0
  let col = l.v
  const target = l.v + n
  while (i < t.length && col < target) {
    const c = t.charCodeAt(i)
    if (c === 32 || c === 12 || c === 11) col++
    else if (c === 9) col += tabWidth - (col % tabWidth)
    else break
    i++
  }
  return {t: t.slice(i), o: l.o + i, v: col}
}
function dropChars(l, n, tabWidth) {
  const t = l.t
  let col = l.v
  const k = Math.min(n, t.length)
  for (let i = 0; i < k; i++) {
    if (t.charCodeAt(i) === 9) col += tabWidth - (col % tabWidth)
    else col++
  }
  return {t: t.slice(k), o: l.o + k, v: col}
}
function lineEnd(l) {
  return l.o + l.t.length
}

// src/rst/tables.ts
function rtrimLen(s) {
  let e = s.length
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--
  return e
}
function block2D(lines, left, right) {
  let indent = right
  const cut = lines.map((l) => {
    const s = l.t.slice(left, right)
    const t = s.slice(0, rtrimLen(s))
    return {t, o: l.o + left, v: l.v + left}
  })
  for (const c of cut) {
    if (c.t.length === 0) continue
    let k = 0
    while (k < c.t.length && c.t.charCodeAt(k) === 32) k++
    indent = Math.min(indent, k)
  }
  const out =
    indent > 0 && indent < right
      ? cut.map((c) => ({
          t: c.t.slice(Math.min(indent, c.t.length)),
          o: c.o + Math.min(indent, c.t.length),
          v: c.v + indent
        }))
      : cut
  let a = 0
  let b = out.length
  while (a < b && isBlank(out[a])) a++
  while (b > a && isBlank(out[b - 1])) b--
  return out.slice(a, b)
}
function parseGridTable(block, src, _tw, nest) {
  const first = block[0]
  if (!first) return void 0
  const rows = []
  const width = rtrimLen(first.t)
  for (const l of block) {
    const t = l.t.slice(0, rtrimLen(l.t))
    if (t.charAt(0) !== '+' && t.charAt(0) !== '|') break
    rows.push({t, o: l.o, v: l.v})
  }
  const top = /^\+-[-+]+-\+ *$/
  while (rows.length > 1 && !top.test(rows[rows.length - 1].t)) rows.pop()
  const malformed = (msg = 'Malformed table.') => {
    src.problem(3, msg, first.o, lineEnd(block[block.length - 1]))
    return void 0
  }
  if (rows.length < 2) return malformed()
  for (const r of rows) {
    if (r.t.length !== width || !'+|'.includes(r.t.charAt(width - 1))) return malformed()
  }
  let headSep = -1
  const grid = rows.map((r, k) => {
    if (k > 0 && /^\+=[=+]+=\+ *$/.test(r.t)) {
      if (headSep < 0) headSep = k
      return r.t.replace(/=/g, '-')
    }
    return r.t
  })
  const bottom = grid.length - 1
  const right = width - 1
  const done = new Array(width).fill(-1)
  const cells = []
  const rowSeps = /* @__PURE__ */ new Set([0])
  const colSeps = /* @__PURE__ */ new Set([0])
  const ch = (r, c) => grid[r]?.charAt(c) ?? ''
  const scanCell = (t02, l0) => {
    for (let i = l0 + 1; i <= right; i++) {
      const c = ch(t02, i)
      if (c === '+') {
        for (let j = t02 + 1; j <= bottom; j++) {
          const d = ch(j, i)
          if (d === '+') {
            let ok = true
            for (let k = i - 1; k > l0; k--) {
              const e = ch(j, k)
              if (e !== '+' && e !== '-') {
                ok = false
                break
              }
            }
            if (ok && ch(j, l0) === '+') {
              for (let k = j - 1; k > t02; k--) {
                const e = ch(k, l0)
                if (e !== '+' && e !== '|') {
                  ok = false
                  break
                }
              }
              if (ok) return [j, i]
            }
          } else if (d !== '|') break
        }
      } else if (c !== '-') return void 0
    }
    return void 0
  }
  const corners = [[0, 0]]
  let guard = 0
  while (corners.length > 0 && guard++ < 1e6) {
    const [t02, l0] = corners.shift()
    if (t02 === bottom || l0 === right || t02 <= (done[l0] ?? 0)) continue
    const r = scanCell(t02, l0)
    if (!r) continue
    const [b0, r0] = r
    rowSeps.add(t02).add(b0)
    colSeps.add(l0).add(r0)
    for (let c = l0; c < r0; c++) done[c] = b0 - 1
    cells.push([t02, l0, b0, r0])
    corners.push([t02, r0], [b0, l0])
    corners.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  }
  for (let c = 0; c < right; c++)
    if (done[c] !== bottom - 1) return malformed('Malformed table; parse incomplete.')
  const rowIndex = new Map([...rowSeps].sort((a, b) => a - b).map((v, k) => [v, k]))
  const colIndex = new Map([...colSeps].sort((a, b) => a - b).map((v, k) => [v, k]))
  const table2 = {
    type: 'table',
    format: 'grid',
    children: [],
    position: src.pos(first.o, lineEnd(rows[bottom]))
  }
  const byRow = /* @__PURE__ */ new Map()
  cells.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  for (const [t02, l0, b0, r0] of cells) {
    let row = byRow.get(t02)
    if (!row) {
      row = {
        type: 'tableRow',
        header: headSep > 0 && t02 < headSep,
        children: [],
        position: src.pos(rows[t02].o, lineEnd(rows[b0]))
      }
      byRow.set(t02, row)
      table2.children.push(row)
    }
    const cellLines = block2D(rows.slice(t02 + 1, b0), l0 + 1, r0)
    const cell = {
      type: 'tableCell',
      children: [],
      position: src.pos(rows[t02].o + l0, rows[b0].o + r0 + 1)
    }
    const rs = (rowIndex.get(b0) ?? 0) - (rowIndex.get(t02) ?? 0)
    const cs = (colIndex.get(r0) ?? 0) - (colIndex.get(l0) ?? 0)
    if (rs > 1) cell.rowspan = rs
    if (cs > 1) cell.colspan = cs
    row.children.push(cell)
    if (row.position.end.offset !== void 0 && rows[b0].o + r0 + 1 > row.position.end.offset) {
      row.position = src.pos(row.position.start.offset ?? 0, lineEnd(rows[b0]))
    }
    nest(cellLines, cell.children)
  }
  return table2
}
function parseSimpleTable(lines, i, src, _tw, nest) {
  const border = /^=+( +=+)+ *$/
  const topLine = lines[i]
  const topLen = topLine.t.trim().length
  let end = -1
  let found = 0
  let k = i + 1
  for (; k < lines.length; k++) {
    const l = lines[k]
    if (border.test(l.t)) {
      if (l.t.trim().length !== topLen) {
        src.problem(
          3,
          'Malformed table.\nBottom/header table border does not match top border.',
          topLine.o,
          lineEnd(l)
        )
        return {end: k + 1}
      }
      found++
      const nx = lines[k + 1]
      if (found === 2 || !nx || isBlank(nx)) {
        end = k
        break
      }
    }
  }
  if (end < 0) {
    src.problem(
      3,
      'Malformed table.\nNo bottom table border found.',
      topLine.o,
      lineEnd(lines[lines.length - 1])
    )
    return {end: lines.length}
  }
  const block = lines.slice(i, end + 1).map((l) => ({...l}))
  const parseColumns = (t) => {
    const cols = []
    let e = 0
    for (;;) {
      const b = t.indexOf('-', e)
      if (b < 0) break
      e = t.indexOf(' ', b)
      if (e < 0) e = t.length
      cols.push([b, e])
    }
    return cols
  }
  const dashes = (t) => t.replace(/=/g, '-')
  const columns = parseColumns(dashes(block[0].t.slice(0, rtrimLen(block[0].t))))
  if (columns.length === 0) return {end: end + 1}
  const borderEnd = columns[columns.length - 1][1]
  let headSep = -1
  for (let h = 1; h < block.length - 1; h++) {
    if (/^=[ =]*$/.test(block[h].t)) {
      headSep = h
      break
    }
  }
  const table2 = {
    type: 'table',
    format: 'simple',
    children: [],
    position: src.pos(topLine.o, lineEnd(lines[end]))
  }
  const spanPat = /^-[ -]*$/
  const isSpan = (h) => {
    const t = h === headSep || h === block.length - 1 ? dashes(block[h].t) : block[h].t
    return spanPat.test(t.slice(0, rtrimLen(t)))
  }
  const [firstStart, firstEnd] = columns[0]
  let start = 1
  let textFound = false
  const parseRow = (a, b, spanLine) => {
    if (b <= a && spanLine === void 0) return true
    let cols = columns.map((c) => [c[0], c[1]])
    if (spanLine !== void 0) {
      const t =
        spanLine === headSep || spanLine === block.length - 1
          ? dashes(block[spanLine].t)
          : block[spanLine].t
      cols = parseColumns(t.slice(0, rtrimLen(t)))
      if (cols.length === 0 || cols[cols.length - 1][1] !== borderEnd) {
        src.problem(
          3,
          `Malformed table.
Column span incomplete in table line ${spanLine + 1}.`,
          topLine.o,
          lineEnd(lines[end])
        )
        return false
      }
      cols[cols.length - 1] = [cols[cols.length - 1][0], columns[columns.length - 1][1]]
    }
    const rowLines = block.slice(a, b)
    for (let c = 0; c < cols.length; c++) {
      const [, ce] = cols[c]
      const nextStart = c + 1 < cols.length ? cols[c + 1][0] : Infinity
      for (const l of rowLines) {
        if (c === cols.length - 1) {
          if (l.t.slice(ce).trim()) cols[c] = [cols[c][0], Math.max(ce, rtrimLen(l.t))]
        } else if (l.t.slice(ce, nextStart).trim()) {
          src.problem(
            3,
            `Malformed table.
Text in column margin in table line ${a + 1}.`,
            topLine.o,
            lineEnd(lines[end])
          )
          return false
        }
      }
    }
    const row = {
      type: 'tableRow',
      header: headSep > 0 && a < headSep,
      children: [],
      position:
        rowLines.length > 0
          ? src.pos(rowLines[0].o, lineEnd(rowLines[rowLines.length - 1]))
          : table2.position
    }
    let ci = 0
    for (const [cs, ce] of cols) {
      let more = 0
      while (ci < columns.length && ce !== columns[ci][1] && c0(ci) < ce) {
        ci++
        more++
      }
      ci++
      const cellLines = block2D(rowLines, cs, ce)
      const cell = {
        type: 'tableCell',
        children: [],
        position:
          rowLines.length > 0
            ? src.pos(
                rowLines[0].o + cs,
                rowLines[rowLines.length - 1].o +
                  Math.min(ce, rowLines[rowLines.length - 1].t.length)
              )
            : table2.position
      }
      if (more > 0) cell.colspan = more + 1
      row.children.push(cell)
      nest(cellLines, cell.children)
    }
    table2.children.push(row)
    return true
  }
  const c0 = (ci) => columns[ci][0]
  for (let off = 1; off < block.length; off++) {
    const l = block[off]
    if (isSpan(off)) {
      if (!parseRow(start, off, off)) return {end: end + 1}
      start = off + 1
      textFound = false
    } else if (l.t.slice(firstStart, firstEnd).trim()) {
      if (textFound && off !== start) {
        if (!parseRow(start, off)) return {end: end + 1}
      }
      start = off
      textFound = true
    } else if (!textFound) {
      start = off + 1
    }
  }
  void firstEnd
  return {table: table2, end: end + 1}
}

// src/rst/block.ts
var BULLETS = '-+*\u2022\u2023\u2043'
var QUOTE_CHARS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
function isAdornmentChar(c) {
  return (
    (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)
  )
}
function adornment(t) {
  const c = t.charCodeAt(0)
  if (!isAdornmentChar(c)) return void 0
  let i = 1
  while (i < t.length && t.charCodeAt(i) === c) i++
  let j = i
  while (j < t.length && t.charCodeAt(j) === 32) j++
  if (j !== t.length) return void 0
  return t.slice(0, i)
}
function columnWidth(s) {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (c >= 768 && c <= 879) continue
    if (
      (c >= 4352 && c <= 4447) ||
      (c >= 11904 && c <= 42191) ||
      (c >= 44032 && c <= 55203) ||
      (c >= 63744 && c <= 64255) ||
      (c >= 65072 && c <= 65103) ||
      (c >= 65280 && c <= 65376) ||
      (c >= 65504 && c <= 65510) ||
      (c >= 131072 && c <= 262141)
    )
      w += 2
    else w += 1
  }
  return w
}
function rtrim(s) {
  let e = s.length
  while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--
  return s.slice(0, e)
}
function spacesAfter(t, i) {
  let j = i
  while (j < t.length && t.charCodeAt(j) === 32) j++
  return j
}
var romanValues = [
  ['m', 1e3],
  ['cm', 900],
  ['d', 500],
  ['cd', 400],
  ['c', 100],
  ['xc', 90],
  ['l', 50],
  ['xl', 40],
  ['x', 10],
  ['ix', 9],
  ['v', 5],
  ['iv', 4],
  ['i', 1]
]
function toRoman(n) {
  let out = ''
  for (const [s, v] of romanValues) {
    while (n >= v) {
      out += s
      n -= v
    }
  }
  return out
}
function fromRoman(s) {
  const lower = s.toLowerCase()
  let n = 0
  let i = 0
  for (const [sym, v] of romanValues) {
    while (lower.startsWith(sym, i)) {
      n += v
      i += sym.length
    }
  }
  if (i !== lower.length || n <= 0 || n >= 5e3 || toRoman(n) !== lower) return void 0
  return n
}
function matchSeq(text, seq) {
  switch (seq) {
    case 'arabic':
      return /^[0-9]+$/.test(text)
    case 'loweralpha':
      return /^[a-z]$/.test(text)
    case 'upperalpha':
      return /^[A-Z]$/.test(text)
    case 'lowerroman':
      return /^[ivxlcdm]+$/.test(text)
    case 'upperroman':
      return /^[IVXLCDM]+$/.test(text)
    default:
      return text === '#'
  }
}
function parseEnumerator(t, expected) {
  let i = 0
  let format = 'period'
  if (t.charCodeAt(0) === 40) {
    format = 'parens'
    i = 1
  }
  const s = i
  while (i < t.length && i - s < 12 && /[0-9A-Za-z#]/.test(t.charAt(i))) i++
  const text = t.slice(s, i)
  if (!text) return void 0
  const close = t.charAt(i)
  if (format === 'parens') {
    if (close !== ')') return void 0
  } else if (close === ')') format = 'rparen'
  else if (close !== '.') return void 0
  i++
  if (i < t.length && t.charCodeAt(i) !== 32) return void 0
  const end = spacesAfter(t, i)
  if (!/^(?:[0-9]+|[a-z]|[A-Z]|[ivxlcdm]+|[IVXLCDM]+|#)$/.test(text)) return void 0
  let seq
  if (text === '#') seq = '#'
  else if (expected && expected !== '#' && matchSeq(text, expected)) seq = expected
  if (!seq) {
    if (text === 'i') seq = 'lowerroman'
    else if (text === 'I') seq = 'upperroman'
  }
  if (!seq) {
    for (const q of ['arabic', 'loweralpha', 'upperalpha', 'lowerroman', 'upperroman']) {
      if (matchSeq(text, q)) {
        seq = q
        break
      }
    }
  }
  if (!seq) return void 0
  let ordinal = 1
  if (seq === 'arabic') ordinal = Number.parseInt(text, 10)
  else if (seq === 'loweralpha' || seq === 'upperalpha')
    ordinal = text.toLowerCase().charCodeAt(0) - 96
  else if (seq === 'lowerroman' || seq === 'upperroman') {
    const r = fromRoman(text)
    if (r === void 0) return void 0
    ordinal = r
  }
  return {format, seq, ordinal, end, text}
}
function makeEnumerator(ordinal, seq, format) {
  let text = ''
  if (seq === '#') text = '#'
  else if (seq === 'arabic') text = String(ordinal)
  else if (seq === 'loweralpha' || seq === 'upperalpha') {
    if (ordinal > 26) return ['\0', '\0']
    text = String.fromCharCode(96 + ordinal)
    if (seq === 'upperalpha') text = text.toUpperCase()
  } else {
    text = toRoman(ordinal)
    if (seq === 'upperroman') text = text.toUpperCase()
  }
  const wrap = (x) => (format === 'parens' ? `(${x}) ` : format === 'rparen' ? `${x}) ` : `${x}. `)
  return [wrap(text), wrap('#')]
}
function fieldMarker(t) {
  if (t.charCodeAt(0) !== 58) return void 0
  const c1 = t.charCodeAt(1)
  if (t.length < 2 || c1 === 58 || c1 === 32) return void 0
  let i = 1
  while (i < t.length) {
    const c = t.charCodeAt(i)
    if (c === 92) {
      i += 2
      continue
    }
    if (c === 58) {
      const nx = t.charCodeAt(i + 1)
      if (i + 1 >= t.length || nx === 32 || nx === 96) {
        if (nx === 96) return void 0
        if (t.charCodeAt(i - 1) === 32) return void 0
        return [spacesAfter(t, i + 1), i]
      }
    }
    i++
  }
  return void 0
}
var optArg = /^(?:<[^<>]+>|[a-zA-Z][a-zA-Z0-9_-]*)/
function optionMarker(t) {
  let i = 0
  for (;;) {
    const c = t.charAt(i)
    let j = i
    if (t.startsWith('--', i)) {
      j = i + 2
      const m = /^[a-zA-Z0-9][a-zA-Z0-9_-]*/.exec(t.slice(j, j + 200))
      if (!m) return void 0
      j += m[0].length
    } else if (c === '-' || c === '+') {
      if (!/[a-zA-Z0-9]/.test(t.charAt(i + 1))) return void 0
      j = i + 2
    } else if (c === '/') {
      const m = /^[a-zA-Z0-9][a-zA-Z0-9_-]*/.exec(t.slice(i + 1, i + 200))
      if (!m) return void 0
      j = i + 1 + m[0].length
    } else return void 0
    const sep = t.charAt(j)
    if (sep === '=' || (sep === ' ' && t.charAt(j + 1) !== ' ')) {
      const m = optArg.exec(t.slice(j + 1, j + 300))
      if (m) j += 1 + m[0].length
    } else if (c !== '-' || t.startsWith('--', i)) {
    } else {
      const m = /^<[^<>]+>/.exec(t.slice(j, j + 300))
      if (m) j += m[0].length
    }
    if (t.startsWith(', ', j)) {
      i = j + 2
      continue
    }
    if (j >= t.length) return [j, j]
    if (t.startsWith('  ', j)) return [j, spacesAfter(t, j)]
    if (t.charAt(j) === ' ' && spacesAfter(t, j) === t.length) return [j, t.length]
    return void 0
  }
}
function isBulletLine(t) {
  return BULLETS.includes(t.charAt(0)) && (t.length === 1 || t.charCodeAt(1) === 32)
}
function isGridTop(t) {
  return /^\+-[-+]+-\+ *$/.test(t)
}
function isSimpleTop(t) {
  return /^=+( +=+)+ *$/.test(t)
}
function isExplicit(t) {
  return t.startsWith('..') && (t.length === 2 || t.charCodeAt(2) === 32)
}
var BlockParser = class {
  constructor(src, literalExtra, rstExtra) {
    this.src = src
    this.tw = src.tabWidth
    this.literalExtra = new Set(literalExtra.map((s) => s.toLowerCase()))
    this.rstExtra = new Set(rstExtra.map((s) => s.toLowerCase()))
  }
  src
  pending = []
  /** True once a `default-role` directive was seen (inline parsing must then follow document order). */
  defaultRoleSeen = false
  tasks = []
  styles = []
  tw
  literalExtra
  rstExtra
  /** Parse the whole document body into `into`. */
  run(lines, into) {
    this.tasks.push({lines, into, titles: true})
    let task = this.tasks.pop()
    while (task) {
      this.body(task)
      if (task.after) task.into.push(...task.after)
      task = this.tasks.pop()
    }
  }
  ind(l) {
    return l ? indentOf(l, this.tw) : -1
  }
  inline(node, lines) {
    this.pending.push({node, input: joinLines(lines)})
  }
  nested(lines, into) {
    if (lines.length > 0) this.tasks.push({lines, into, titles: false})
  }
  /** docutils `get_indented` family. */
  indented(lines, start, firstIndent, blockIndent, untilBlank = false, strip = true) {
    let end = start
    if (firstIndent !== void 0) end++
    let indent = -1
    let blankFinish = true
    while (end < lines.length) {
      const l = lines[end]
      if (!l) break
      const ind = indentOf(l, this.tw)
      if (ind === -1) {
        if (untilBlank) {
          blankFinish = true
          break
        }
        end++
        continue
      }
      if (ind === 0 || (blockIndent !== void 0 && ind < blockIndent)) {
        blankFinish = end > start && isBlank(lines[end - 1] ?? {t: 'x', o: 0, v: 0})
        break
      }
      if (blockIndent === void 0) indent = indent < 0 ? ind : Math.min(indent, ind)
      end++
    }
    if (blockIndent !== void 0) indent = blockIndent
    const block = []
    for (let k = start; k < end; k++) {
      const l = lines[k]
      if (!l) continue
      if (k === start && firstIndent !== void 0) block.push(dropChars(l, firstIndent, this.tw))
      else block.push(strip && indent > 0 ? stripIndent(l, indent, this.tw) : l)
    }
    while (block.length > 0 && isBlank(block[block.length - 1] ?? block[0])) block.pop()
    return {block, end, blankFinish, indent: Math.max(indent, 0)}
  }
  pos(first, last) {
    return this.src.pos(first.o, lineEnd(last))
  }
  lastNonBlank(block, fallback) {
    for (let k = block.length - 1; k >= 0; k--) {
      const l = block[k]
      if (l && !isBlank(l)) return l
    }
    return fallback
  }
  // ---------------------------------------------------------------- body
  body(task) {
    const lines = task.lines
    const n = lines.length
    const stack = [{depth: 0, into: task.into}]
    const out = () => stack[stack.length - 1].into
    const extendSections = (l) => {
      for (let k = 1; k < stack.length; k++) {
        const s = stack[k].node
        if (s) s.position.end = this.src.point(lineEnd(l))
      }
    }
    let i = 0
    while (i < n) {
      const l = lines[i]
      const ind = this.ind(l)
      if (ind < 0) {
        i++
        continue
      }
      const before = i
      const into = out()
      if (ind > 0) {
        i = this.blockQuote(lines, i, into)
      } else {
        const r = this.construct(lines, i, into, task.titles)
        if (typeof r === 'number') {
          i = r
        } else {
          const [title, next, style, start] = r
          let level = this.styles.indexOf(style) + 1
          const myLevel = stack.length - 1
          if (level === 0) {
            if (this.styles.length === myLevel) {
              this.styles.push(style)
              level = this.styles.length
            }
          }
          if (level === 0 || level > myLevel + 1) {
            this.src.problem(4, 'Title level inconsistent:', start, lineEnd(lines[next - 1] ?? l))
            i = next
            continue
          }
          while (stack.length - 1 >= level) stack.pop()
          const underline = style.slice(-1)
          const section = {
            type: 'section',
            depth: level,
            adornment: style.length === 2 ? {underline, overline: style.charAt(0)} : {underline},
            children: [title],
            position: this.src.pos(start, lineEnd(lines[next - 1] ?? l))
          }
          out().push(section)
          stack.push({depth: level, into: section.children, node: section})
          i = next
        }
      }
      if (i <= before) i = before + 1
      if (stack.length > 1) {
        let k = i - 1
        while (k > before && isBlank(lines[k])) k--
        extendSections(lines[k])
      }
    }
  }
  blockQuote(lines, i, into) {
    const {block, end} = this.indented(lines, i, void 0, void 0)
    let quote = block
    let attribution
    for (let k = block.length - 1; k > 0; k--) {
      const l = block[k]
      if (isBlank(l)) {
        const a = block[k + 1]
        if (a && this.ind(a) === 0) {
          const m = /^(---?(?!-)|\u2014) *(?=[^ \n])/.exec(a.t)
          if (m) {
            const rest = block.slice(k + 2)
            const aind = rest.length > 0 ? this.ind(rest[0]) : 0
            if (rest.every((r) => !isBlank(r) && this.ind(r) === aind)) {
              quote = block.slice(0, k)
              attribution = [
                dropChars(a, m[0].length, this.tw),
                ...rest.map((r) => stripIndent(r, aind, this.tw))
              ]
            }
          }
        }
        break
      }
    }
    const first = block[0] ?? lines[i]
    const bq = {
      type: 'blockQuote',
      children: [],
      position: this.pos(first, this.lastNonBlank(block, first))
    }
    into.push(bq)
    if (attribution && attribution[0]) {
      const at = {
        type: 'attribution',
        children: [],
        position: this.pos(attribution[0], attribution[attribution.length - 1])
      }
      this.inline(at, attribution)
      this.tasks.push({lines: quote, into: bq.children, titles: false, after: [at]})
    } else {
      this.nested(quote, bq.children)
    }
    return end
  }
  /** Try each Body construct at line i (indent 0). Returns next index, or a section title. */
  construct(lines, i, into, titles) {
    const l = lines[i]
    const t = l.t
    const c = t.charCodeAt(0)
    if (isBulletLine(t)) return this.bulletList(lines, i, into)
    if (
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 40 ||
      c === 35
    ) {
      const r = this.enumList(lines, i, into)
      if (r >= 0) return r
    }
    if (c === 58 && fieldMarker(t)) return this.fieldList(lines, i, into)
    if ((c === 45 || c === 43 || c === 47) && optionMarker(t))
      return this.optionList(lines, i, into)
    if (c === 62 && /^>>>( |$)/.test(t)) return this.doctest(lines, i, into)
    if (c === 124 && (t.length === 1 || t.charCodeAt(1) === 32))
      return this.lineBlock(lines, i, into)
    if (c === 43 && isGridTop(t)) return this.gridTable(lines, i, into)
    if (c === 61 && isSimpleTop(t)) return this.simpleTable(lines, i, into)
    if (c === 46 && isExplicit(t)) return this.explicitList(lines, i, into)
    if (c === 95 && /^__( |$)/.test(t)) return this.explicitList(lines, i, into)
    const adorn = adornment(t)
    if (adorn !== void 0 && t.trim() !== '::') {
      const r = this.line(lines, i, into, titles, adorn)
      if (r !== void 0) return r
    }
    return this.text(lines, i, into, titles)
  }
  // ---------------------------------------------------------------- lists
  listItem(lines, i, indent) {
    const l = lines[i]
    const rest = l.t.length > indent && !isBlank(dropChars(l, indent, this.tw))
    const r = rest
      ? this.indented(lines, i, indent, indent)
      : this.indented(lines, i, indent, void 0)
    let b = 0
    while (b < r.block.length && isBlank(r.block[b])) b++
    const block = r.block.slice(b)
    const item = {
      type: 'listItem',
      children: [],
      position: this.pos(l, this.lastNonBlank(block, l))
    }
    this.nested(block, item.children)
    return {...r, block, item}
  }
  endWarning(what, lines, next, blankFinish) {
    const l = lines[next]
    if (!blankFinish && l && !isBlank(l)) {
      this.src.problem(2, `${what} ends without a blank line; unexpected unindent.`, l.o, l.o)
    }
  }
  skipBlank(lines, i) {
    while (i < lines.length && isBlank(lines[i])) i++
    return i
  }
  bulletList(lines, i, into) {
    const bullet = lines[i].t.charAt(0)
    const list = {
      type: 'bulletList',
      bullet,
      children: [],
      position: this.src.pos(0, 0)
    }
    into.push(list)
    for (;;) {
      const l = lines[i]
      const r = this.listItem(lines, i, spacesAfter(l.t, 1))
      list.children.push(r.item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      if (
        nx &&
        this.ind(nx) === 0 &&
        nx.t.charAt(0) === bullet &&
        isBulletLine(nx.t) &&
        (r.blankFinish || k === r.end)
      ) {
        i = k
        continue
      }
      this.endWarning('Bullet list', lines, r.end, r.blankFinish)
      list.position = this.src.pos(
        list.children[0].position.start.offset ?? 0,
        r.item.position.end.offset ?? 0
      )
      return r.end
    }
  }
  enumList(lines, i, into) {
    const first = parseEnumerator(lines[i].t)
    if (!first || !this.isEnumItem(lines, i, first)) return -1
    const seq = first.seq === '#' ? 'arabic' : first.seq
    const list = {
      type: 'enumeratedList',
      enumtype: seq,
      start: first.ordinal,
      prefix: first.format === 'parens' ? '(' : '',
      suffix: first.format === 'period' ? '.' : ')',
      children: [],
      position: this.src.pos(0, 0)
    }
    if (first.ordinal !== 1 && first.seq !== '#') {
      this.src.problem(
        1,
        `Enumerated list start value not ordinal-1: "${first.text}" (ordinal ${first.ordinal})`,
        lines[i].o
      )
    }
    into.push(list)
    let cur = first
    const auto = first.seq === '#'
    for (;;) {
      const r = this.listItem(lines, i, cur.end)
      list.children.push(r.item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      const e = nx && this.ind(nx) === 0 ? parseEnumerator(nx.t, list.enumtype) : void 0
      const ok =
        e !== void 0 &&
        (r.blankFinish || k === r.end) &&
        e.format === cur.format &&
        (e.seq === '#' || (e.seq === list.enumtype && !auto && e.ordinal === cur.ordinal + 1)) &&
        this.isEnumItem(lines, k, e)
      if (ok && e) {
        cur = {...e, ordinal: e.seq === '#' ? cur.ordinal + 1 : e.ordinal}
        i = k
        continue
      }
      this.endWarning('Enumerated list', lines, r.end, r.blankFinish)
      list.position = this.src.pos(
        list.children[0].position.start.offset ?? 0,
        r.item.position.end.offset ?? 0
      )
      return r.end
    }
  }
  isEnumItem(lines, i, e) {
    const nx = lines[i + 1]
    if (!nx || isBlank(nx) || this.ind(nx) > 0) return true
    const [a, b] = makeEnumerator(e.ordinal + 1, e.seq, e.format)
    return nx.t.startsWith(a) || nx.t.startsWith(b)
  }
  fieldList(lines, i, into) {
    const list = {type: 'fieldList', children: [], position: this.src.pos(0, 0)}
    into.push(list)
    for (;;) {
      const l = lines[i]
      const [end, nameEnd] = fieldMarker(l.t)
      const r = this.indented(lines, i, end, void 0)
      let b = 0
      while (b < r.block.length && isBlank(r.block[b])) b++
      const block = r.block.slice(b)
      const last = this.lastNonBlank(block, l)
      const nameLine = {t: l.t.slice(1, nameEnd), o: l.o + 1, v: l.v + 1}
      const field = {
        type: 'field',
        name: nameLine.t,
        children: [
          {
            type: 'fieldName',
            children: [],
            position: this.src.pos(nameLine.o, nameLine.o + nameLine.t.length)
          },
          {
            type: 'fieldBody',
            children: [],
            position:
              block.length > 0 ? this.pos(block[0], last) : this.src.pos(l.o + end, l.o + end)
          }
        ],
        position: this.pos(l, last)
      }
      this.inline(field.children[0], [nameLine])
      this.nested(block, field.children[1].children)
      list.children.push(field)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      if (nx && this.ind(nx) === 0 && fieldMarker(nx.t) && (r.blankFinish || k === r.end)) {
        i = k
        continue
      }
      this.endWarning('Field list', lines, r.end, r.blankFinish)
      list.position = this.src.pos(
        list.children[0].position.start.offset ?? 0,
        field.position.end.offset ?? 0
      )
      return r.end
    }
  }
  optionList(lines, i, into) {
    const list = {
      type: 'optionList',
      children: [],
      position: this.src.pos(0, 0)
    }
    into.push(list)
    for (;;) {
      const l = lines[i]
      const [groupEnd, end] = optionMarker(l.t)
      const r = this.indented(lines, i, end, void 0)
      let b = 0
      while (b < r.block.length && isBlank(r.block[b])) b++
      const block = r.block.slice(b)
      const item = {
        type: 'optionListItem',
        options: l.t.slice(0, groupEnd),
        children: [],
        position: this.pos(l, this.lastNonBlank(block, l))
      }
      this.nested(block, item.children)
      list.children.push(item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      if (nx && this.ind(nx) === 0 && optionMarker(nx.t) && (r.blankFinish || k === r.end)) {
        i = k
        continue
      }
      this.endWarning('Option list', lines, r.end, r.blankFinish)
      list.position = this.src.pos(
        list.children[0].position.start.offset ?? 0,
        item.position.end.offset ?? 0
      )
      return r.end
    }
  }
  textBlock(lines, i) {
    let k = i
    while (k < lines.length && !isBlank(lines[k])) k++
    return k
  }
  doctest(lines, i, into) {
    const end = this.textBlock(lines, i)
    const block = lines.slice(i, end)
    into.push({
      type: 'doctestBlock',
      value: block.map((x) => x.t).join('\n'),
      position: this.pos(block[0], block[block.length - 1])
    })
    return end
  }
  lineBlock(lines, i, into) {
    const root2 = {type: 'lineBlock', children: [], position: this.src.pos(0, 0)}
    into.push(root2)
    const stack = [{indent: 0, node: root2}]
    let k = i
    let last = lines[i]
    while (k < lines.length) {
      const l = lines[k]
      if (isBlank(l) || this.ind(l) !== 0 || !(l.t === '|' || l.t.startsWith('| '))) break
      const textStart = spacesAfter(l.t, 1)
      const textIndent = textStart - 2
      let e = k + 1
      while (e < lines.length && !isBlank(lines[e]) && this.ind(lines[e]) > 0) e++
      const parts = [dropChars(l, textStart, this.tw)]
      for (let m = k + 1; m < e; m++) parts.push(stripIndent(lines[m], this.ind(lines[m]), this.tw))
      last = lines[e - 1]
      const node = {type: 'line', children: [], position: this.pos(l, last)}
      if (parts[0].t.length > 0) {
        node.position = this.pos(parts[0], last)
        this.inline(node, parts)
      }
      if (textIndent > 0 && parts[0].t.length > 0) {
        while (stack.length > 1 && stack[stack.length - 1].indent > textIndent) stack.pop()
        if (stack[stack.length - 1].indent < textIndent) {
          const child = {type: 'lineBlock', children: [], position: node.position}
          stack[stack.length - 1].node.children.push(child)
          stack.push({indent: textIndent, node: child})
        }
      } else if (parts[0].t.length > 0) {
        stack.length = 1
      }
      const target = stack[stack.length - 1].node
      target.children.push(node)
      for (const s of stack) s.node.position.end = node.position.end
      k = e
    }
    root2.position = this.pos(lines[i], last)
    const nx = lines[k]
    if (nx && !isBlank(nx)) this.src.problem(2, 'Line block ends without a blank line.', nx.o)
    return k
  }
  // ---------------------------------------------------------------- tables
  gridTable(lines, i, into) {
    const end = this.textBlock(lines, i)
    const block = lines.slice(i, end)
    const table2 = parseGridTable(block, this.src, this.tw, (cellLines, cell) =>
      this.nested(cellLines, cell)
    )
    if (table2) into.push(table2)
    else this.malformed(block, into)
    return end
  }
  simpleTable(lines, i, into) {
    const r = parseSimpleTable(lines, i, this.src, this.tw, (cellLines, cell) =>
      this.nested(cellLines, cell)
    )
    if (r.table) into.push(r.table)
    else this.malformed(lines.slice(i, r.end), into)
    return r.end
  }
  malformed(block, into) {
    void block
    void into
  }
  // ---------------------------------------------------------------- explicit markup
  explicitList(lines, i, into) {
    for (;;) {
      const r = this.explicit(lines, i, into)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      if (
        nx &&
        this.ind(nx) === 0 &&
        (isExplicit(nx.t) || /^__( |$)/.test(nx.t)) &&
        (r.blankFinish || k === r.end)
      ) {
        i = k
        continue
      }
      if (!r.blankFinish && nx && k === r.end && !isBlank(nx)) {
        this.src.problem(2, 'Explicit markup ends without a blank line; unexpected unindent.', nx.o)
      }
      return r.end
    }
  }
  explicit(lines, i, into) {
    const l = lines[i]
    const t = l.t
    if (t.startsWith('__')) {
      const r2 = this.indented(lines, i, spacesAfter(t, 2), void 0, true, false)
      const text = r2.block.map((x) => x.t.trim()).join('')
      const target = {
        type: 'target',
        anonymous: true,
        position: this.pos(l, this.lastNonBlank(r2.block, l))
      }
      this.targetRef(target, text)
      into.push(target)
      return r2
    }
    const ms2 = spacesAfter(t, 2)
    const rest = t.slice(ms2)
    if (ms2 > 2 || t.length === 2) {
      if (rest.charCodeAt(0) === 91) {
        const close = rest.indexOf(']')
        if (close > 1) {
          const label = rest.slice(1, close)
          const after = ms2 + close + 1
          if (after >= t.length || t.charCodeAt(after) === 32) {
            const isFoot =
              /^(?:[0-9]+|#|\*)$/.test(label) ||
              (label.startsWith('#') && isSimplename(label.slice(1)))
            if (isFoot || isSimplename(label)) {
              const r2 = this.indented(lines, i, spacesAfter(t, after), void 0)
              let b2 = 0
              while (b2 < r2.block.length && isBlank(r2.block[b2])) b2++
              const block2 = r2.block.slice(b2)
              const node = {
                type: isFoot ? 'footnote' : 'citation',
                label,
                children: [],
                position: this.pos(l, this.lastNonBlank(block2, l))
              }
              this.nested(block2, node.children)
              into.push(node)
              return r2
            }
          }
        }
      }
      if (rest.charCodeAt(0) === 95 && rest.length > 1 && rest.charCodeAt(1) !== 32) {
        const r2 = this.hyperlinkTarget(lines, i, ms2 + 1)
        if (r2) {
          into.push(r2.node)
          return r2
        }
      }
      if (rest.charCodeAt(0) === 124 && rest.length > 1 && rest.charCodeAt(1) !== 32) {
        const r2 = this.substitution(lines, i, ms2)
        if (r2) {
          into.push(r2.node)
          return r2
        }
      }
      const dm = /^((?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*) ?::( +|$)/u.exec(
        rest.length > 400 ? rest.slice(0, 400) : rest
      )
      if (dm) {
        const r2 = this.directive(lines, i, ms2, dm[1] ?? '', ms2 + dm[0].length, l.o)
        if (!r2.failed) into.push(r2.node)
        return r2
      }
    }
    const next = lines[i + 1]
    if ((!next || isBlank(next)) && t.slice(2).trim() === '') {
      into.push({type: 'comment', value: '', position: this.pos(l, l)})
      return {end: i + 1, blankFinish: true}
    }
    const r = this.indented(lines, i, Math.min(t.length, ms2), void 0)
    let b = 0
    while (b < r.block.length && isBlank(r.block[b])) b++
    const block = r.block.slice(b)
    into.push({
      type: 'comment',
      value: block.map((x) => x.t).join('\n'),
      position: this.pos(l, this.lastNonBlank(block, l))
    })
    return r
  }
  targetRef(target, text) {
    if (!text) return
    if (text.endsWith('_') && !text.endsWith('\\_') && !/\s/.test(text)) {
      let name = text.slice(0, -1)
      if (name.startsWith('`') && name.endsWith('`') && name.length > 1) name = name.slice(1, -1)
      target.refname = normalizeName2(unescape(name))
    } else {
      target.refuri = unescape(text.split(/\s+/).join(''))
    }
  }
  hyperlinkTarget(lines, i, nameStart) {
    const l = lines[i]
    const r = this.indented(lines, i, nameStart, void 0, true, false)
    const joined = r.block.map((x) => x.t.trim())
    let text = ''
    let k = 0
    let nameEnd = -1
    let quoted = false
    for (; k < joined.length; k++) {
      text += (k > 0 ? ' ' : '') + joined[k]
      quoted = text.startsWith('`')
      nameEnd = findTargetNameEnd(text, quoted)
      if (nameEnd >= 0) break
    }
    if (nameEnd < 0) return void 0
    let rawName = quoted ? text.slice(1, nameEnd - 1) : text.slice(0, nameEnd)
    const rest = text.slice(nameEnd + 1).trim() + joined.slice(k + 1).join('')
    const node = {type: 'target', position: this.pos(l, this.lastNonBlank(r.block, l))}
    if (rawName === '_' && !quoted) {
      node.anonymous = true
    } else {
      rawName = unescape(rawName)
      node.rawName = rawName
      node.name = normalizeName2(rawName)
    }
    this.targetRef(node, rest.trim())
    return {node, end: r.end, blankFinish: r.blankFinish}
  }
  substitution(lines, i, ms2) {
    const l = lines[i]
    const t = l.t
    let k = ms2 + 1
    let close = -1
    while (k < t.length) {
      const c = t.charCodeAt(k)
      if (c === 92) {
        k += 2
        continue
      }
      if (
        c === 124 &&
        t.charCodeAt(k - 1) !== 32 &&
        (k + 1 >= t.length || t.charCodeAt(k + 1) === 32)
      ) {
        close = k
        break
      }
      k++
    }
    if (close < 0) return void 0
    const name = unescape(t.slice(ms2 + 1, close))
    const after = spacesAfter(t, close + 1)
    const rest = t.slice(after)
    const dm = /^((?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*) ?::( +|$)/u.exec(
      rest.length > 400 ? rest.slice(0, 400) : rest
    )
    if (!dm) {
      const r2 = this.indented(lines, i, after, void 0)
      this.src.problem(
        3,
        'Substitution definition empty or invalid.',
        l.o,
        lineEnd(this.lastNonBlank(r2.block, l))
      )
      const node2 = {
        type: 'substitutionDefinition',
        name,
        children: [],
        position: this.pos(l, this.lastNonBlank(r2.block, l))
      }
      return {node: node2, end: r2.end, blankFinish: r2.blankFinish}
    }
    const r = this.directive(lines, i, after, dm[1] ?? '', after + dm[0].length, l.o)
    const node = {
      type: 'substitutionDefinition',
      name,
      children: r.failed ? [] : [r.node],
      position: r.node.position
    }
    return {node, end: r.end, blankFinish: r.blankFinish}
  }
  directive(lines, i, nameStart, rawName, argStart, markerOffset) {
    const l = lines[i]
    const name = rawName.toLowerCase()
    if (name === 'default-role') this.defaultRoleSeen = true
    const spec = directiveSpec(name, this.literalExtra, this.rstExtra)
    const r = this.indented(lines, i, argStart, void 0)
    let block = r.block
    if (block.length > 0 && isBlank(block[0])) block = block.slice(1)
    const node = {
      type: 'directive',
      name,
      argument: '',
      options: {},
      optionPositions: {},
      content: '',
      contentLines: [],
      literal: spec.body === 'literal',
      children: [],
      position: this.src.pos(markerOffset, lineEnd(this.lastNonBlank(r.block, l)))
    }
    void nameStart
    let blank = block.findIndex((x) => isBlank(x))
    if (blank < 0) blank = block.length
    let argBlock = block.slice(0, blank)
    let content = block.slice(blank + 1)
    const optAt = argBlock.findIndex((x) => fieldMarker(x.t) !== void 0)
    if (optAt >= 0) {
      const optLines = argBlock.slice(optAt)
      argBlock = argBlock.slice(0, optAt)
      let k = 0
      while (k < optLines.length) {
        const ol = optLines[k]
        const fm = fieldMarker(ol.t)
        if (!fm) {
          this.src.problem(
            3,
            `Error in "${name}" directive:
invalid option block.`,
            l.o,
            lineEnd(this.lastNonBlank(r.block, l))
          )
          return {node, end: r.end, blankFinish: r.blankFinish, failed: true}
        }
        let e = k + 1
        while (e < optLines.length && this.ind(optLines[e]) > 0) e++
        const optName = ol.t.slice(1, fm[1]).toLowerCase()
        const parts = [ol.t.slice(fm[0])]
        for (let m = k + 1; m < e; m++) parts.push(optLines[m].t.trim())
        node.options[optName] = parts.join('\n').trim()
        node.optionPositions[optName] = this.pos(ol, optLines[e - 1])
        k = e
      }
    }
    if (!spec.argument && argBlock.length > 0) {
      content = blank < block.length ? [...argBlock, ...block.slice(blank)] : argBlock
      argBlock = []
    }
    while (content.length > 0 && isBlank(content[0])) content = content.slice(1)
    if (argBlock.length > 0) {
      node.argument = argBlock
        .map((x) => x.t)
        .join('\n')
        .trim()
      const lastArg = argBlock[argBlock.length - 1]
      node.argumentPosition = this.src.pos(argBlock[0].o, lineEnd(lastArg))
      if (spec.inlineArgument) this.inlineArgument(node, argBlock, spec.inlineArgument)
    }
    if (content.length > 0) {
      node.content = content.map((x) => x.t).join('\n')
      const lastC = this.lastNonBlank(content, content[0])
      node.contentPosition = this.pos(content[0], lastC)
      for (const c of content) {
        const p = this.src.point(c.o)
        node.contentLines.push({text: c.t, line: p.line, column: p.column, offset: c.o})
      }
      if (spec.body === 'rst') this.nested(content, node.children)
      else if (spec.body === 'inline') {
        const para = {type: 'paragraph', children: [], position: node.contentPosition}
        node.children.push(para)
        this.inline(para, content)
      }
    }
    return {node, end: r.end, blankFinish: r.blankFinish}
  }
  inlineArgument(node, argBlock, mode) {
    let parts = argBlock
    if (mode === 'rest') {
      const first = argBlock[0]
      const m = /^\s*\S+\s*/.exec(first.t)
      const cut = m ? m[0].length : 0
      parts = [dropChars(first, cut, this.tw), ...argBlock.slice(1)]
      if (parts[0].t.length === 0) parts = parts.slice(1)
      if (parts.length === 0) return
    }
    const holder = {children: []}
    node.argumentChildren = holder.children
    this.inline(holder, parts)
  }
  // ---------------------------------------------------------------- line / title / text
  line(lines, i, into, titles, adorn) {
    const l = lines[i]
    const marker = rtrim(l.t)
    if (!titles) {
      if (marker.length < 4) return void 0
      const nx2 = lines[i + 1]
      this.src.problem(4, 'Unexpected section title or transition.', l.o, lineEnd(l))
      void nx2
      return i + 1
    }
    const nx = lines[i + 1]
    if (!nx || isBlank(nx)) {
      if (marker.length < 4) return void 0
      into.push({type: 'transition', position: this.pos(l, l)})
      return i + 1
    }
    const nxAdorn = this.ind(nx) === 0 ? adornment(nx.t) : void 0
    if (nxAdorn !== void 0) {
      if (marker.length < 4) return void 0
      this.src.problem(3, 'Invalid section title or transition marker.', l.o, lineEnd(nx))
      return i + 2
    }
    const under = lines[i + 2]
    const underAdorn = under && this.ind(under) === 0 ? adornment(under.t) : void 0
    const overline = marker
    const underline = under ? rtrim(under.t) : ''
    if (underAdorn === void 0 || overline !== underline) {
      if (overline.length < 4) return void 0
      const msg =
        underAdorn === void 0
          ? 'Missing matching underline for section title overline.'
          : 'Title overline & underline mismatch.'
      this.src.problem(4, msg, l.o, lineEnd(under ?? nx))
      return under ? i + 3 : i + 2
    }
    const titleText = rtrim(nx.t)
    if (columnWidth(titleText) > overline.length) {
      if (overline.length < 4) return void 0
      this.src.problem(2, 'Title overline too short.', l.o, lineEnd(under))
    }
    const stripped = stripIndent(nx, this.ind(nx), this.tw)
    const tl = {t: rtrim(stripped.t), o: stripped.o, v: stripped.v}
    const title = {type: 'title', children: [], position: this.pos(tl, tl)}
    this.inline(title, [tl])
    void adorn
    return [title, i + 3, overline.charAt(0) + underline.charAt(0), l.o]
  }
  text(lines, i, into, titles) {
    const l = lines[i]
    const nx = lines[i + 1]
    if (nx && !isBlank(nx)) {
      const nind = this.ind(nx)
      if (nind === 0) {
        const u = adornment(nx.t)
        if (u !== void 0) {
          const title = rtrim(l.t)
          const underline = rtrim(nx.t)
          let ok = true
          if (columnWidth(title) > underline.length) {
            if (underline.length < 4) ok = false
            else this.src.problem(2, 'Title underline too short.', l.o, lineEnd(nx))
          }
          if (ok) {
            if (!titles) {
              this.src.problem(4, 'Unexpected section title.', l.o, lineEnd(nx))
              return i + 2
            }
            const tl = {t: title, o: l.o, v: l.v}
            const node = {type: 'title', children: [], position: this.pos(tl, tl)}
            this.inline(node, [tl])
            return [node, i + 2, underline.charAt(0), l.o]
          }
        }
      } else {
        return this.definitionList(lines, i, into)
      }
    }
    return this.paragraph(lines, i, into)
  }
  paragraph(lines, i, into) {
    let k = i + 1
    let unexpected = false
    while (k < lines.length) {
      const l = lines[k]
      const ind = this.ind(l)
      if (ind < 0) break
      if (ind > 0) {
        unexpected = true
        break
      }
      k++
    }
    const block = lines.slice(i, k)
    const lastLine = block[block.length - 1]
    const data = rtrim(lastLine.t)
    let literalNext = false
    let textLines = block
    if (data.endsWith('::')) {
      literalNext = true
      let cut = data.length - 1
      if (block.length === 1 && data.trim() === '::') {
        textLines = []
      } else {
        const before = data.charAt(data.length - 3)
        if (data.length === 2) {
          cut = 0
        } else if (before === ' ') {
          cut = rtrim(data.slice(0, -2)).length
        }
        textLines = [...block.slice(0, -1), {t: data.slice(0, cut), o: lastLine.o, v: lastLine.v}]
        while (textLines.length > 0 && textLines[textLines.length - 1].t.trim() === '')
          textLines.pop()
      }
    }
    if (textLines.length > 0) {
      const first = textLines[0]
      const last = textLines[textLines.length - 1]
      const para = {
        type: 'paragraph',
        children: [],
        position: this.src.pos(first.o, lineEnd(last))
      }
      into.push(para)
      this.inline(para, textLines)
    }
    if (unexpected) this.src.problem(3, 'Unexpected indentation.', lines[k].o)
    if (literalNext) return this.literalBlock(lines, k, into)
    return k
  }
  literalBlock(lines, i, into) {
    const k = this.skipBlank(lines, i)
    const l = lines[k]
    if (!l) {
      this.src.problem(2, 'Literal block expected; none found.', lines[Math.max(0, k - 1)]?.o ?? 0)
      return k
    }
    if (this.ind(l) > 0) {
      const r = this.indented(lines, k, void 0, void 0)
      into.push({
        type: 'literalBlock',
        value: r.block.map((x) => x.t).join('\n'),
        position: this.pos(r.block[0], r.block[r.block.length - 1])
      })
      return r.end
    }
    const q = l.t.charAt(0)
    if (QUOTE_CHARS.includes(q) && k > i) {
      let e = k
      while (e < lines.length && !isBlank(lines[e]) && lines[e].t.charAt(0) === q) e++
      const block = lines.slice(k, e)
      into.push({
        type: 'literalBlock',
        value: block.map((x) => x.t).join('\n'),
        quoted: true,
        position: this.pos(block[0], block[block.length - 1])
      })
      if (e < lines.length && !isBlank(lines[e])) {
        this.src.problem(3, 'Inconsistent literal block quoting.', lines[e].o)
      }
      return e
    }
    this.src.problem(2, 'Literal block expected; none found.', l.o)
    return k
  }
  definitionList(lines, i, into) {
    const list = {
      type: 'definitionList',
      children: [],
      position: this.src.pos(0, 0)
    }
    into.push(list)
    for (;;) {
      const l = lines[i]
      const r = this.indented(lines, i + 1, void 0, void 0)
      const last = this.lastNonBlank(r.block, l)
      const term = {
        type: 'term',
        children: [],
        position: this.pos(l, {t: rtrim(l.t), o: l.o, v: l.v})
      }
      const definition = {
        type: 'definition',
        children: [],
        position: r.block.length > 0 ? this.pos(r.block[0], last) : this.pos(l, l)
      }
      const item = {
        type: 'definitionListItem',
        children: [term, definition],
        position: this.pos(l, last)
      }
      if (rtrim(l.t).endsWith('::')) {
        this.src.problem(
          1,
          'Blank line missing before literal block (after the "::")? Interpreted as a definition list item.',
          l.o
        )
      }
      this.pending.push({
        node: term,
        input: joinLines([{t: rtrim(l.t), o: l.o}]),
        classifiers: item
      })
      this.nested(r.block, definition.children)
      list.children.push(item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      const nx2 = lines[k + 1]
      if (
        nx &&
        nx2 &&
        this.ind(nx) === 0 &&
        this.ind(nx2) > 0 &&
        (r.blankFinish || k === r.end) &&
        this.isPlainText(nx.t)
      ) {
        i = k
        continue
      }
      this.endWarning('Definition list', lines, r.end, r.blankFinish)
      list.position = this.src.pos(
        list.children[0].position.start.offset ?? 0,
        item.position.end.offset ?? 0
      )
      return r.end
    }
  }
  /** True when a line would reach docutils' `text` transition (no other construct matches). */
  isPlainText(t) {
    const c = t.charCodeAt(0)
    if (isBulletLine(t)) return false
    if (parseEnumerator(t)) return false
    if (c === 58 && fieldMarker(t)) return false
    if ((c === 45 || c === 43 || c === 47) && optionMarker(t)) return false
    if (/^>>>( |$)/.test(t)) return false
    if (c === 124 && (t.length === 1 || t.charCodeAt(1) === 32)) return false
    if (isGridTop(t) || isSimpleTop(t) || isExplicit(t) || /^__( |$)/.test(t)) return false
    if (adornment(t) !== void 0) return false
    return true
  }
}
function isSimplename(s) {
  return /^(?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*$/u.test(s)
}
function unescape(s) {
  if (!s.includes('\\')) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i)
    if (c === '\\') {
      const nx = s.charAt(i + 1)
      if (nx === ' ' || nx === '\n') {
        i++
        continue
      }
      if (i + 1 < s.length) {
        out += nx
        i++
      }
      continue
    }
    out += c
  }
  return out
}
function findTargetNameEnd(text, quoted) {
  let i = quoted ? 1 : 0
  if (quoted) {
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 92) {
        i += 2
        continue
      }
      if (c === 96) {
        if (
          text.charCodeAt(i + 1) === 58 &&
          (i + 2 >= text.length || text.charCodeAt(i + 2) === 32)
        )
          return i + 1
        return -1
      }
      i++
    }
    return -1
  }
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 92) {
      i += 2
      continue
    }
    if (c === 58) {
      if (i > 0 && (i + 1 >= text.length || text.charCodeAt(i + 1) === 32)) return i
    }
    i++
  }
  return -1
}

// src/rst/parse.ts
var preBibliographicDirectives = /* @__PURE__ */ new Set([
  'raw',
  'meta',
  'header',
  'footer',
  'index',
  'default-role',
  'role',
  'sectionauthor',
  'moduleauthor',
  'codeauthor',
  'title'
])
function parse(text, options = {}) {
  const input = typeof text === 'string' ? text : String(text)
  const src = new Source(input, options.tabWidth ?? 8)
  const root2 = {
    type: 'root',
    children: [],
    problems: src.problems,
    position: src.pos(0, input.length)
  }
  try {
    const blocks = new BlockParser(
      src,
      options.literalDirectives ?? [],
      options.rstDirectives ?? []
    )
    blocks.run(src.lines(), root2.children)
    inlinePass(
      root2,
      blocks.pending,
      src,
      options.defaultRole ?? 'title-reference',
      blocks.defaultRoleSeen
    )
    docinfo(root2)
  } catch (error) {
    root2.children = []
    const message = error instanceof Error ? error.message : String(error)
    src.problems.push({level: 4, message: `Internal parser error: ${message}`, line: 1})
  }
  return root2
}
function inlinePass(root2, pending, src, initialRole, ordered) {
  if (!ordered) {
    const ctx2 = {src, defaultRole: initialRole}
    for (const p of pending) {
      const nodes = parseInline(p.input, ctx2)
      for (const x of nodes) p.node.children.push(x)
      if (p.classifiers) splitClassifiers(p.node, p.classifiers.children, src)
    }
    return
  }
  const byNode = /* @__PURE__ */ new Map()
  const byChildren = /* @__PURE__ */ new Map()
  for (const p of pending) {
    byNode.set(p.node, p)
    byChildren.set(p.node.children, p)
  }
  const ctx = {src, defaultRole: initialRole}
  const stack = [root2]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node.type === 'directive') {
      const d = node
      const h = d.argumentChildren ? byChildren.get(d.argumentChildren) : void 0
      if (h) h.node.children.push(...parseInline(h.input, ctx))
      if (d.name === 'default-role')
        ctx.defaultRole = d.argument.trim().toLowerCase() || 'title-reference'
    } else {
      const p = byNode.get(node)
      if (p) {
        p.node.children.push(...parseInline(p.input, ctx))
        if (p.classifiers) splitClassifiers(p.node, p.classifiers.children, src)
      }
    }
    const children = node.children
    if (children) {
      for (let k = children.length - 1; k >= 0; k--) {
        const c = children[k]
        if (c && typeof c === 'object' && 'type' in c) stack.push(c)
      }
    }
  }
}
function splitClassifiers(term, itemChildren, src) {
  const re = / +: +/
  if (!term.children.some((c) => c.type === 'text' && re.test(c.value))) return
  const parts = [{children: []}]
  for (const c of term.children) {
    if (c.type !== 'text' || !re.test(c.value)) {
      parts[parts.length - 1].children.push(c)
      continue
    }
    const start = c.position.start.offset ?? 0
    const raw = src.text.slice(start, c.position.end.offset ?? start)
    const exact = raw === c.value
    let rest = c.value
    let at = start
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      const head = rest.slice(0, m.index)
      if (head) parts[parts.length - 1].children.push(textNode(head, at, exact, src, c))
      at += m.index + m[0].length
      rest = rest.slice(m.index + m[0].length)
      parts.push({children: []})
    }
    if (rest) parts[parts.length - 1].children.push(textNode(rest, at, exact, src, c))
  }
  term.children = parts[0].children
  const fix = (n) => {
    const first = n.children[0]
    const last = n.children[n.children.length - 1]
    if (first && last) n.position = {start: first.position.start, end: last.position.end}
  }
  fix(term)
  const classifiers = parts.slice(1).map((p) => {
    const cl = {type: 'classifier', children: p.children, position: term.position}
    fix(cl)
    return cl
  })
  itemChildren.splice(1, 0, ...classifiers)
}
function textNode(value, at, exact, src, from) {
  return {
    type: 'text',
    value,
    position: exact ? src.pos(at, at + value.length) : from.position
  }
}
function docinfo(root2) {
  for (const child of root2.children) {
    if (
      child.type === 'comment' ||
      child.type === 'substitutionDefinition' ||
      child.type === 'target'
    )
      continue
    if (child.type === 'directive' && preBibliographicDirectives.has(child.name)) continue
    if (child.type === 'fieldList') child.type = 'docinfo'
    return
  }
}

// src/facts/rst.ts
var XREF_ROLES = {
  doc: 'doc',
  'std:doc': 'doc',
  ref: 'ref',
  'std:ref': 'ref',
  numref: 'numref',
  'std:numref': 'numref',
  term: 'term',
  'std:term': 'term',
  download: 'download',
  any: 'any',
  keyword: 'keyword',
  'std:keyword': 'keyword',
  option: 'option',
  'std:option': 'option'
}
var TOCTREE_OPTIONS = {
  maxdepth: 'int',
  name: 'text',
  class: 'text',
  caption: 'required',
  glob: 'flag',
  hidden: 'flag',
  includehidden: 'flag',
  numbered: 'intOrEmpty',
  titlesonly: 'flag',
  reversed: 'flag'
}
var CODE_DIRECTIVES = /* @__PURE__ */ new Set([
  'code-block',
  'sourcecode',
  'code',
  'literalinclude'
])
var TABLE_DIRECTIVES = /* @__PURE__ */ new Set(['table', 'list-table', 'csv-table'])
var INVISIBLE_DIRECTIVES = /* @__PURE__ */ new Set(['index', 'meta'])
var EMPTY_DIRECTIVES = /* @__PURE__ */ new Set([
  'default-role',
  'role',
  'sectionauthor',
  'codeauthor',
  'moduleauthor',
  'currentmodule',
  'default-domain',
  'highlight'
])
var PREBIBLIOGRAPHIC_DIRECTIVES = /* @__PURE__ */ new Set([
  'raw',
  'meta',
  'header',
  'footer',
  'index',
  'default-role',
  'role',
  'sectionauthor'
])
var TOCTREE_EXPLICIT = /^(.+?)\s*(?<!\x00)<([^<]*?)>$/s
var ROLE_EXPLICIT = /^(.+?)\s*(?<!\x00)<(.*?)>$/s
var SUPPRESSION = /^doclint-disable-next-line(?:\s+([\s\S]*))?$/
function extractRstFacts(root2, text, options = {}) {
  const facts = emptyFacts()
  const lines = text.split(/\r\n|\r|\n/)
  const lineStarts = [0]
  for (const match of text.matchAll(/\r\n|\r|\n/g)) lineStarts.push(match.index + match[0].length)
  const walk2 = {options, facts, text, lines, lineStarts, labels: []}
  for (const problem of root2.problems) {
    facts.problems.push({
      level: problem.level,
      message: problem.message,
      line: problem.line,
      ...(problem.position ? {range: toRange(problem.position)} : {})
    })
  }
  readDocinfo(root2, walk2)
  walkBlocks(root2.children, [], walk2, {blockLine: 1})
  facts.labels = walk2.labels
  markDuplicateLabels(facts.labels)
  const firstSection = findFirstSection(root2.children)
  if (firstSection) {
    facts.title = {
      text: inlineText(firstSection.children[0].children),
      range: toRange(firstSection.children[0].position)
    }
  }
  facts.hasLocalToc =
    root2.children.some(
      (node) =>
        node.type === 'section' ||
        (node.type === 'directive' && node.name === 'only' && hasSectionTitle(node))
    ) || facts.toctrees.some((toctree) => toctree.valid)
  return facts
}
var ADORNMENT = /^([!-/:-@[-`{-~])\1*\s*$/
function hasSectionTitle(node) {
  if (node.children.some((child) => child.type === 'section')) return true
  const lines = node.contentLines
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1]
    const current = lines[i]
    if (!previous || !current || current.line !== previous.line + 1) continue
    if (previous.text.trim() !== '' && !/^\s/.test(previous.text) && ADORNMENT.test(current.text)) {
      if (!ADORNMENT.test(previous.text)) return true
    }
  }
  return false
}
function markDuplicateLabels(labels) {
  const counts = /* @__PURE__ */ new Map()
  for (const label of labels) counts.set(label.name, (counts.get(label.name) ?? 0) + 1)
  for (const label of labels) {
    if ((counts.get(label.name) ?? 0) > 1) label.duplicateInFile = true
    else delete label.duplicateInFile
  }
}
function toPoint(point) {
  return {line: point.line, column: point.column, offset: point.offset ?? 0}
}
function toRange(position) {
  return {start: toPoint(position.start), end: toPoint(position.end)}
}
function lineRange(walk2, line, from = 0, length) {
  const start = walk2.lineStarts[line - 1] ?? 0
  const content = walk2.lines[line - 1] ?? ''
  const end = length === void 0 ? content.length : Math.min(content.length, from + length)
  return {
    start: {line, column: from + 1, offset: start + from},
    end: {line, column: end + 1, offset: start + end}
  }
}
function markerRange(walk2, directive) {
  const line = directive.position.start.line
  return lineRange(walk2, line, directive.position.start.column - 1)
}
function readDocinfo(root2, walk2) {
  let fields
  for (const node of root2.children) {
    if (node.type === 'docinfo') {
      fields = node.children
      break
    }
    if (isPrebibliographic(node)) continue
    if (node.type === 'fieldList') fields = node.children
    break
  }
  for (const field of fields ?? []) {
    const body = field.children[1]
    let value = ''
    for (const block of body?.children ?? []) {
      if (block.type === 'paragraph') value += (value ? '\n' : '') + inlineText(block.children)
    }
    walk2.facts.metadata[field.name] = value
  }
}
function isPrebibliographic(node) {
  if (node.type === 'comment' || node.type === 'substitutionDefinition' || node.type === 'target') {
    return true
  }
  return node.type === 'directive' && PREBIBLIOGRAPHIC_DIRECTIVES.has(node.name)
}
function walkBlocks(children, stack, walk2, context) {
  const siblings = children
  for (let index = 0; index < siblings.length; index++) {
    const node = children[index]
    if (!node) continue
    const path2 = [...stack, {siblings, index}]
    walkBlock(node, path2, walk2, context)
  }
}
function walkBlock(node, path2, walk2, context) {
  const here = {...context, blockLine: node.position.start.line}
  switch (node.type) {
    case 'docinfo':
      return
    case 'comment':
      readSuppression(node.value, node.position.start.line, node.position.start.column, walk2)
      return
    case 'literalBlock':
    case 'doctestBlock':
    case 'transition':
      return
    case 'target':
      readTarget(node, path2, walk2)
      return
    case 'section': {
      const title = node.children[0]
      walk2.facts.linkTargets.push({
        name: normalizeName(inlineText(title.children)),
        kind: 'implicit',
        range: toRange(title.position)
      })
      walkInlines(title.children, walk2, {...here, blockLine: title.position.start.line})
      walkBlocks(node.children.slice(1), path2, walk2, context)
      return
    }
    case 'paragraph':
    case 'title':
    case 'attribution':
      walkInlines(node.children, walk2, here)
      return
    case 'substitutionDefinition':
      walkBlocks(node.children, path2, walk2, {...context, substitution: node.name})
      return
    case 'footnote':
    case 'citation': {
      const name = node.type === 'citation' ? node.label : node.label.replace(/^#/, '')
      if (name && name !== '*') {
        walk2.facts.linkTargets.push({
          name: normalizeName(name),
          kind: node.type,
          range: lineRange(walk2, node.position.start.line)
        })
      }
      walkBlocks(node.children, path2, walk2, context)
      return
    }
    case 'directive':
      walkDirective(node, path2, walk2, context)
      return
    default:
      walkGeneric(node, path2, walk2, context)
  }
}
function walkGeneric(node, path2, walk2, context) {
  const children = node.children ?? []
  for (let index = 0; index < children.length; index++) {
    const child = children[index]
    if (!child) continue
    const childPath = [...path2, {siblings: children, index}]
    switch (child.type) {
      case 'term':
      case 'classifier':
      case 'line':
      case 'fieldName':
        walkInlines(child.children, walk2, {
          ...context,
          blockLine: child.position.start.line
        })
        break
      case 'lineBlock':
      case 'listItem':
      case 'definitionListItem':
      case 'definition':
      case 'field':
      case 'fieldBody':
      case 'optionListItem':
      case 'tableRow':
      case 'tableCell':
        walkGeneric(child, childPath, walk2, context)
        break
      default:
        walkBlock(child, childPath, walk2, context)
    }
  }
}
var CAPTION_DIRECTIVES = /* @__PURE__ */ new Set([
  'code-block',
  'sourcecode',
  'code',
  'literalinclude'
])
function walkDirective(node, path2, walk2, context) {
  const name = node.name
  const known = walk2.options.knownDirectives
  if (known && !known.has(name) && !/^[a-z0-9]+:[a-z0-9-]+$/.test(name)) return
  if (node.argumentChildren?.length) {
    walkInlines(node.argumentChildren, walk2, {...context, blockLine: node.position.start.line})
  }
  const caption = node.options['caption']
  const captionPosition = node.optionPositions['caption']
  if (CAPTION_DIRECTIVES.has(name) && caption && captionPosition) {
    readCaption(caption, captionPosition.start.line, walk2, context)
  }
  if (typeof node.options['name'] === 'string' && node.options['name'].trim() !== '') {
    const optionPosition = node.optionPositions['name']
    const landing = classify(node, walk2)
    walk2.labels.push({
      name: normalizeName(node.options['name']),
      range: optionPosition ? toRange(optionPosition) : markerRange(walk2, node),
      ...landing
    })
    walk2.facts.linkTargets.push({
      name: normalizeName(node.options['name']),
      kind: 'explicit',
      range: optionPosition ? toRange(optionPosition) : markerRange(walk2, node)
    })
  }
  switch (name) {
    case 'toctree':
      readToctree(node, walk2, context)
      return
    case 'include':
    case 'literalinclude': {
      const written = node.argument.replace(/\s*\n\s*/g, '').trim()
      if (written === '') return
      walk2.facts.includes.push({
        directive: name,
        path: written,
        standard: written.startsWith('<') && written.endsWith('>'),
        range: node.argumentPosition ? toRange(node.argumentPosition) : markerRange(walk2, node),
        options: {...node.options},
        ...(name === 'include' && isAtDocumentStart(path2) ? {atDocumentStart: true} : {})
      })
      return
    }
    case 'image':
    case 'figure': {
      const uri = node.argument.replace(/\s+/g, '')
      if (uri !== '') {
        walk2.facts.images.push({
          uri,
          directive: name,
          range: node.argumentPosition ? toRange(node.argumentPosition) : markerRange(walk2, node),
          ...(context.substitution === void 0 ? {} : {substitution: context.substitution})
        })
      }
      break
    }
    case 'glossary':
      readGlossary(node, walk2)
      break
  }
  if (node.literal) return
  const inner = name === 'only' ? {...context, only: node.argument.trim()} : context
  walkBlocks(node.children, path2, walk2, inner)
}
function isAtDocumentStart(path2) {
  if (path2.length !== 1) return false
  const frame = path2[0]
  if (!frame) return false
  for (let index = 0; index < frame.index; index++) {
    const sibling = frame.siblings[index]
    if (sibling && !isPrebibliographic(sibling)) return false
  }
  return true
}
function readCaption(value, line, walk2, context) {
  const source = walk2.lines[line - 1] ?? ''
  const at = source.indexOf(value.trim())
  if (at < 0 || value.includes('\n')) return
  let root2
  try {
    root2 = parse(value.trim(), {})
  } catch {
    return
  }
  const paragraph = root2.children[0]
  if (!paragraph || paragraph.type !== 'paragraph') return
  const shifted = structuredClone(paragraph.children)
  const base = (walk2.lineStarts[line - 1] ?? 0) + at
  const move = (point) => {
    point.line = line
    point.column = point.column + at
    point.offset = (point.offset ?? 0) + base
  }
  const visit = (nodes) => {
    for (const node of nodes) {
      move(node.position.start)
      move(node.position.end)
      if (node.type === 'role') {
        move(node.valuePosition.start)
        move(node.valuePosition.end)
      }
      if ('children' in node) visit(node.children)
    }
  }
  visit(shifted)
  walkInlines(shifted, walk2, {...context, blockLine: line})
}
function walkInlines(nodes, walk2, context) {
  for (const node of nodes) {
    switch (node.type) {
      case 'emphasis':
      case 'strong':
        walkInlines(node.children, walk2, context)
        break
      case 'role':
        readRole(node, walk2, context)
        break
      case 'reference':
        if (
          node.refname !== void 0 &&
          !node.anonymous &&
          !node.standalone &&
          node.embedded !== 'uri'
        ) {
          walk2.facts.linkRefs.push({
            refname: normalizeName(node.refname),
            text: node.text,
            range: toRange(node.position),
            blockLine: context.blockLine
          })
        }
        break
      case 'footnoteReference':
        if (node.label.length > 1 && node.label.startsWith('#')) {
          walk2.facts.linkRefs.push({
            refname: normalizeName(node.label.slice(1)),
            text: node.label,
            range: toRange(node.position),
            blockLine: context.blockLine
          })
        }
        break
      case 'substitutionReference':
        if (node.reference === 'named') {
          walk2.facts.linkRefs.push({
            refname: normalizeName(node.name),
            text: node.name,
            range: toRange(node.position),
            blockLine: context.blockLine
          })
        }
        break
      case 'inlineTarget': {
        const range = toRange(node.position)
        walk2.facts.linkTargets.push({name: node.name, kind: 'inline', range})
        walk2.labels.push({
          name: node.name,
          range,
          node: 'other',
          titled: false,
          numberable: false,
          reportLine: context.blockLine
        })
        break
      }
    }
  }
}
function parseRoleText(raw, kind) {
  let text = raw.replace(/\\([\s\S])/g, '\0$1')
  const disabled = text.startsWith('!')
  if (disabled) text = text.slice(1)
  const match = ROLE_EXPLICIT.exec(text)
  let target = match ? (match[2] ?? '') : text
  const title = match ? unescapeNul(match[1] ?? '') : void 0
  target = unescapeNul(target)
  if (kind === 'ref' || kind === 'numref') target = target.toLowerCase()
  target = target.replace(/\s+/g, ' ')
  return {target, disabled, ...(title === void 0 ? {} : {title})}
}
function unescapeNul(text) {
  return text.replace(/\x00(\s?)/g, '')
}
function readRole(node, walk2, context) {
  const kind = XREF_ROLES[node.name]
  if (!kind) return
  const parsed = parseRoleText(node.value, kind)
  const xref = {
    kind,
    role: node.name,
    raw: node.value,
    target: parsed.target,
    hasTitle: parsed.title !== void 0,
    disabled: parsed.disabled,
    range: toRange(node.position),
    blockLine: context.blockLine
  }
  if (context.substitution !== void 0) xref.substitution = context.substitution
  walk2.facts.xrefs.push(xref)
}
function readTarget(node, path2, walk2) {
  if (node.anonymous || node.name === void 0) return
  const range = toRange(node.position)
  walk2.facts.linkTargets.push({
    name: node.name,
    kind: 'explicit',
    range,
    ...(node.refuri === void 0 ? {} : {refuri: node.refuri})
  })
  if (node.refuri !== void 0 || node.refname !== void 0) return
  const landing = propagate(path2, walk2)
  if (!landing) return
  walk2.labels.push({
    name: node.name,
    range,
    ...landing,
    ...(landing.node === 'none' ? {reportLine: node.position.start.line} : {})
  })
}
function propagate(path2, walk2) {
  const stack = path2.map((frame) => ({...frame}))
  for (;;) {
    const frame = stack[stack.length - 1]
    if (!frame) return {node: 'none', titled: false, numberable: false, reportLine: 0}
    frame.index++
    const next = frame.siblings[frame.index]
    if (!next) {
      stack.pop()
      continue
    }
    if (next.type === 'target') {
      const target = next
      if (target.refuri !== void 0 || target.refname !== void 0) return void 0
      if (target.anonymous) return {node: 'none', titled: false, numberable: false, reportLine: 0}
      continue
    }
    if (next.type === 'directive' && EMPTY_DIRECTIVES.has(next.name)) continue
    return classify(next, walk2)
  }
}
function classify(node, walk2) {
  const line = node.position.start.line
  const other = {node: 'other', titled: false, numberable: false, reportLine: line}
  switch (node.type) {
    case 'section': {
      const section = node
      const title = inlineText(section.children[0].children)
      return {
        node: 'section',
        titled: true,
        title,
        numberable: true,
        reportLine: underlineLine(section, walk2)
      }
    }
    case 'comment':
    case 'substitutionDefinition':
    case 'footnote':
    case 'citation':
      return {node: 'none', titled: false, numberable: false, reportLine: line}
    case 'definitionList': {
      const first = node.children?.[0]?.children?.find((child) => child.type === 'term')
      return {
        node: 'definitionList',
        titled: true,
        title: first ? inlineText(first.children) : '',
        numberable: false,
        reportLine: line
      }
    }
    case 'fieldList':
    case 'docinfo': {
      const first = node.children?.[0]
      return {
        node: 'fieldList',
        titled: true,
        title: first?.name ?? '',
        numberable: false,
        reportLine: line
      }
    }
    case 'table':
      return {node: 'table', titled: false, numberable: true, reportLine: line}
    case 'directive':
      return classifyDirective(node, line)
    default:
      return other
  }
}
function classifyDirective(directive, line) {
  const name = directive.name
  const argument = directive.argument.trim()
  const caption = directive.options['caption']?.trim() ?? ''
  if (name === 'rubric') {
    return {
      node: 'rubric',
      titled: argument !== '',
      title: argument,
      numberable: false,
      reportLine: line
    }
  }
  if (name === 'figure') {
    const hasCaption = directive.children.some((child) => child.type === 'paragraph')
    return {
      node: 'figure',
      titled: hasCaption,
      numberable: true,
      reportLine: line,
      ...(hasCaption
        ? {
            title: inlineText(directive.children.find((c) => c.type === 'paragraph').children)
          }
        : {})
    }
  }
  if (TABLE_DIRECTIVES.has(name)) {
    return {
      node: 'table',
      titled: argument !== '',
      numberable: true,
      reportLine: line,
      ...(argument ? {title: argument} : {})
    }
  }
  if (CODE_DIRECTIVES.has(name)) {
    return {
      node: 'code',
      titled: caption !== '',
      numberable: caption !== '',
      reportLine: line,
      ...(caption ? {title: caption} : {})
    }
  }
  if (name === 'toctree') {
    return {
      node: 'toctree',
      titled: caption !== '',
      numberable: false,
      reportLine: line,
      ...(caption ? {title: caption} : {})
    }
  }
  if (name === 'math') return {node: 'math', titled: false, numberable: false, reportLine: line}
  if (INVISIBLE_DIRECTIVES.has(name)) {
    return {node: 'none', titled: false, numberable: false, reportLine: line}
  }
  if (name === 'include' || name === 'only' || name === 'ifconfig') {
    return {node: 'other', titled: false, numberable: false, reportLine: line, uncertain: true}
  }
  if (directive.children.some((child) => child.type === 'directive' && child.name === 'toctree')) {
    return {node: 'other', titled: false, numberable: false, reportLine: line, uncertain: true}
  }
  return {node: 'other', titled: false, numberable: false, reportLine: line}
}
function underlineLine(section, walk2) {
  const char = section.adornment.underline
  const start = section.position.start.line
  const first = section.adornment.overline === void 0 ? start + 1 : start + 2
  const escaped = char.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&')
  const underline = new RegExp(`^${escaped}+\\s*$`)
  for (let line = first; line <= Math.min(walk2.lines.length, first + 10); line++) {
    if (underline.test(walk2.lines[line - 1] ?? '')) return line
  }
  return section.children[0].position.end.line + 1
}
function readToctree(node, walk2, context) {
  const toctree = {
    range: markerRange(walk2, node),
    valid: true,
    glob: false,
    hidden: false,
    reversed: false,
    includehidden: false,
    titlesonly: false,
    entries: []
  }
  if (context.only !== void 0) toctree.inOnly = context.only
  const error = toctreeOptionError(node.options) ?? parserDirectiveError(node, walk2)
  if (error !== void 0) {
    toctree.valid = false
    toctree.error = error
  }
  toctree.glob = 'glob' in node.options
  toctree.hidden = 'hidden' in node.options
  toctree.reversed = 'reversed' in node.options
  toctree.includehidden = 'includehidden' in node.options
  toctree.titlesonly = 'titlesonly' in node.options
  const maxdepth = node.options['maxdepth']
  if (maxdepth !== void 0 && isInt(maxdepth))
    toctree.maxdepth = Number.parseInt(maxdepth.replace(/_/g, ''), 10)
  const numbered = node.options['numbered']
  if (numbered !== void 0)
    toctree.numbered = numbered.trim() === '' ? 999 : Number.parseInt(numbered, 10) || 0
  const caption = node.options['caption']
  if (caption !== void 0 && caption.trim() !== '') toctree.caption = caption.trim()
  const name = node.options['name']
  if (name !== void 0 && name.trim() !== '') toctree.name = name.trim()
  const seenLines = new Set(node.contentLines.map((line) => line.line))
  if (node.argument.trim() !== '' && node.argumentPosition) {
    const argLines = node.argument.split('\n')
    argLines.forEach((text, index) => {
      const line = (node.argumentPosition?.start.line ?? 0) + index
      if (seenLines.has(line) || text.trim() === '') return
      const source = walk2.lines[line - 1] ?? ''
      const at =
        index === 0 ? (node.argumentPosition?.start.column ?? 1) - 1 : source.indexOf(text.trim())
      toctree.entries.push(makeEntry(text.trim(), line, Math.max(0, at), walk2))
    })
  }
  for (const content of node.contentLines) {
    const raw = content.text.replace(/\s+$/, '')
    if (raw === '') continue
    const start = walk2.lineStarts[content.line - 1] ?? 0
    const from = Math.max(0, content.offset - start)
    toctree.entries.push(makeEntry(raw, content.line, from, walk2))
  }
  walk2.facts.toctrees.push(toctree)
}
function makeEntry(raw, line, from, walk2) {
  const match = TOCTREE_EXPLICIT.exec(raw)
  const range = lineRange(walk2, line, from, raw.length)
  if (match) {
    return {raw, title: match[1] ?? '', ref: match[2] ?? '', explicit: true, range}
  }
  return {raw, ref: raw, explicit: false, range}
}
function isInt(value) {
  return /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)
}
function toctreeOptionError(options) {
  for (const [name, value] of Object.entries(options)) {
    const kind = TOCTREE_OPTIONS[name]
    if (!kind) return `unknown option: "${name}".`
    if (kind === 'flag' && value.trim() !== '') {
      return `invalid option value: (option: "${name}"; value: '${value}')
no argument is allowed; "${value}" supplied.`
    }
    if (kind === 'int' && !isInt(value)) {
      return `invalid option value: (option: "${name}"; value: '${value}')
invalid literal for int()`
    }
    if (kind === 'intOrEmpty' && value.trim() !== '' && !isInt(value)) {
      return `invalid option value: (option: "${name}"; value: '${value}')
invalid literal for int()`
    }
    if (kind === 'required' && value.trim() === '') {
      return `invalid option value: (option: "${name}"; value: None)
argument required but none supplied.`
    }
  }
  return void 0
}
function parserDirectiveError(node, walk2) {
  const from = node.position.start.line
  const to = node.position.end.line
  const prefix = `Error in "${node.name}" directive`
  for (const problem of walk2.facts.problems) {
    if (
      problem.level >= 3 &&
      problem.line >= from &&
      problem.line <= to &&
      problem.message.startsWith(prefix)
    ) {
      return problem.message
    }
  }
  return void 0
}
function readGlossary(node, walk2) {
  let inComment = false
  for (const content of node.contentLines) {
    const text = content.text
    if (text.trim() === '') continue
    if (!/^\s/.test(text)) {
      if (text.startsWith('.. ')) {
        inComment = true
        continue
      }
      inComment = false
      const termSource = text.split(/\s+:\s+/)[0] ?? text
      const term = plainTermText(termSource.trim())
      if (term === '') continue
      const start = walk2.lineStarts[content.line - 1] ?? 0
      const from = Math.max(0, content.offset - start)
      walk2.facts.terms.push({
        term,
        range: lineRange(walk2, content.line, from, text.replace(/\s+$/, '').length),
        reportLine: content.line - 1
      })
    }
  }
}
function readSuppression(value, line, column, walk2) {
  const match = SUPPRESSION.exec(value.trim())
  if (!match) return
  const rules = (match[1] ?? '')
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '')
  let next = line + 1
  const indent = column - 1
  while (next <= walk2.lines.length) {
    const source = walk2.lines[next - 1] ?? ''
    const leading = source.length - source.trimStart().length
    if (source.trim() !== '' && leading <= indent) break
    next++
  }
  walk2.facts.suppressions.push({line, appliesTo: next, rules})
}
function findFirstSection(nodes) {
  for (const node of nodes) {
    if (node.type === 'section') return node
    if (node.type === 'docinfo' || node.type === 'comment') continue
    if (Array.isArray(node.children)) {
      const found = findFirstSection(node.children)
      if (found) return found
    }
  }
  return void 0
}

// src/markdown/directive.ts
import {parseDocument} from 'yaml'
function loadYaml(text) {
  try {
    const document = parseDocument(text, {version: '1.1', uniqueKeys: false, logLevel: 'silent'})
    const [first] = document.errors
    if (first) return {error: first.message.split('\n')[0] ?? ''}
    return {value: document.toJS()}
  } catch (error) {
    return {error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}
  }
}
function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
function findOptionLine(lines, name, colon) {
  return lines.find((line) => {
    const text = colon ? line.text.trimStart().slice(1) : line.text.trimStart()
    return text.startsWith(`${name}:`)
  })
}
function splitDirectiveText(content, firstLine, shape) {
  let body = content
  const options = []
  let error
  if (shape.hasOptions && content.length > 0) {
    const joined = content.map((line) => line.text).join('\n')
    let yamlLines
    let colon = false
    let yamlText = ''
    if (joined.startsWith('---')) {
      const rest = content.slice(1)
      const close = rest.findIndex((line) => line.text.startsWith('---'))
      yamlLines = close < 0 ? rest : rest.slice(0, close)
      body = close < 0 ? [] : rest.slice(close + 1)
      yamlText = dedent(yamlLines.map((line) => line.text)).join('\n')
    } else if (joined.trimStart().startsWith(':')) {
      const end = content.findIndex((line) => !line.text.trimStart().startsWith(':'))
      yamlLines = end < 0 ? content : content.slice(0, end)
      body = end < 0 ? [] : content.slice(end)
      colon = true
      yamlText = yamlLines.map((line) => line.text.trimStart().slice(1)).join('\n')
    }
    if (yamlLines) {
      const loaded = loadYaml(yamlText)
      if ('error' in loaded) {
        error = `Invalid options YAML: ${loaded.error}`
      } else if (loaded.value === null || loaded.value === void 0 || loaded.value === '') {
      } else if (!isRecord(loaded.value)) {
        error = `Invalid options (not dict): ${String(loaded.value)}`
      } else {
        for (const [name, value] of Object.entries(loaded.value)) {
          const line = findOptionLine(yamlLines, name, colon)
          options.push({name, value: value ?? void 0, ...(line ? {line} : {})})
        }
      }
    }
  }
  if (!shape.hasArguments && firstLine && firstLine.text !== '') {
    body = [firstLine, ...body]
  }
  if (body[0] && body[0].text.trim() === '') body = body.slice(1)
  return error === void 0 ? {options, body} : {options, body, error}
}
function dedent(lines) {
  let margin
  for (const line of lines) {
    if (line.trim() === '') continue
    const indent = /^[ \t]*/.exec(line)?.[0] ?? ''
    if (margin === void 0 || !indent.startsWith(margin)) {
      margin = margin === void 0 ? indent : commonPrefix(margin, indent)
    }
  }
  const cut = margin?.length ?? 0
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(cut)))
}
function commonPrefix(a, b) {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return a.slice(0, i)
}
function optionString(value) {
  if (value === void 0 || value === null || value === true) return void 0
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value === false) return 'False'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return void 0
}

// src/markdown/slug.ts
function slugify(title) {
  const lowered = title.trim().toLowerCase().replaceAll(' ', '-')
  return lowered.replace(/[^\p{L}\p{N}_\u4e00-\u9fff\- ]/gu, '')
}
function uniqueSlug(slug, seen) {
  let unique = slug
  let i = 1
  while (seen.has(unique)) {
    unique = `${slug}-${i}`
    i++
  }
  seen.add(unique)
  return unique
}

// src/markdown/source.ts
var LineTable = class {
  starts = [0]
  text
  constructor(text) {
    this.text = text
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++
      if (ch === 10 || ch === 13) this.starts.push(i + 1)
    }
  }
  /** The 0-based index of the line holding `offset`. */
  lineIndex(offset) {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  /** Start offset of a 0-based line. */
  lineStart(index) {
    return this.starts[index] ?? this.text.length
  }
  /** End offset (before the line ending) of a 0-based line. */
  lineEnd(index) {
    const next = this.starts[index + 1]
    if (next === void 0) return this.text.length
    let end = next - 1
    if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--
    return end
  }
  /** The text of a 0-based line, without its line ending. */
  line(index) {
    return this.text.slice(this.lineStart(index), this.lineEnd(index))
  }
  /** A point for an offset, clamped into the text. */
  point(offset) {
    const clamped = Math.max(0, Math.min(this.text.length, offset))
    const index = this.lineIndex(clamped)
    return {line: index + 1, column: clamped - this.lineStart(index) + 1, offset: clamped}
  }
  /** A range for two offsets. */
  range(start, end) {
    return {start: this.point(start), end: this.point(Math.max(start, end))}
  }
}
var identityMap = (offset) => offset
function joinLines2(lines) {
  const starts = []
  let text = ''
  for (const [i, line] of lines.entries()) {
    if (i > 0) text += '\n'
    starts.push(text.length)
    text += line.text
  }
  const map = (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    const line = lines[lo]
    if (!line) return offset
    const column = Math.min(Math.max(0, offset - (starts[lo] ?? 0)), line.text.length)
    return line.offset + column
  }
  return {text, map}
}

// src/markdown/syntax.ts
import {fromMarkdown} from 'mdast-util-from-markdown'
import {frontmatterFromMarkdown} from 'mdast-util-frontmatter'
import {frontmatter} from 'micromark-extension-frontmatter'
var COLON2 = 58
var PAREN_OPEN = 40
var PAREN_CLOSE = 41
var EQUALS = 61
var PERCENT = 37
function isLineEnding(code) {
  return code !== null && code < -2
}
function isSpace2(code) {
  return code === -2 || code === -1 || code === 32
}
function tokenizeTarget(effects, ok, nok) {
  let size = 0
  let lastNonSpace = 0
  let last = null
  let beforeLast = null
  const inside = (code) => {
    if (code === null || isLineEnding(code)) {
      if (beforeLast === PAREN_CLOSE && last === EQUALS && lastNonSpace >= 4) {
        effects.exit('mystTarget')
        return ok(code)
      }
      return nok(code)
    }
    size++
    if (!isSpace2(code)) {
      beforeLast = last
      last = code
      lastNonSpace = size
    }
    effects.consume(code)
    return inside
  }
  return (code) => {
    if (code !== PAREN_OPEN) return nok(code)
    effects.enter('mystTarget')
    size = 1
    lastNonSpace = 1
    last = code
    effects.consume(code)
    return inside
  }
}
function tokenizeComment(effects, ok, nok) {
  const inside = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('mystComment')
      return ok(code)
    }
    effects.consume(code)
    return inside
  }
  return (code) => {
    if (code !== PERCENT) return nok(code)
    effects.enter('mystComment')
    effects.consume(code)
    return inside
  }
}
var mystSyntax = {
  flow: {
    [PAREN_OPEN]: {name: 'mystTarget', tokenize: tokenizeTarget},
    [PERCENT]: {name: 'mystComment', tokenize: tokenizeComment}
  }
}
function spaces(effects, ok, type, max) {
  const limit = max ? max - 1 : Number.POSITIVE_INFINITY
  let size = 0
  const prefix = (code) => {
    if (isSpace2(code) && size++ < limit) {
      effects.consume(code)
      return prefix
    }
    effects.exit(type)
    return ok(code)
  }
  return (code) => {
    if (!isSpace2(code)) return ok(code)
    effects.enter(type)
    return prefix(code)
  }
}
var nonLazyContinuation = {
  partial: true,
  tokenize(effects, ok, nok) {
    const lineStart = (code) => (this.parser.lazy[this.now().line] ? nok(code) : ok(code))
    return (code) => {
      if (code === null) return nok(code)
      effects.enter('lineEnding')
      effects.consume(code)
      effects.exit('lineEnding')
      return lineStart
    }
  }
}
function tokenizeColonFence(effects, ok, nok) {
  let initialPrefix = 0
  let sizeOpen = 0
  const closeStart = {
    partial: true,
    tokenize(effects2, ok2, nok2) {
      let size = 0
      const sequenceCloseAfter = (code) => {
        if (code === null || isLineEnding(code)) {
          effects2.exit('codeFencedFence')
          return ok2(code)
        }
        return nok2(code)
      }
      const sequenceClose = (code) => {
        if (code === COLON2) {
          size++
          effects2.consume(code)
          return sequenceClose
        }
        if (size >= sizeOpen) {
          effects2.exit('codeFencedFenceSequence')
          return isSpace2(code)
            ? spaces(effects2, sequenceCloseAfter, 'whitespace')(code)
            : sequenceCloseAfter(code)
        }
        return nok2(code)
      }
      const beforeSequenceClose = (code) => {
        if (code === COLON2) {
          effects2.enter('codeFencedFenceSequence')
          return sequenceClose(code)
        }
        return nok2(code)
      }
      const start = (code) => {
        effects2.enter('codeFencedFence')
        const indented = this.parser.constructs.disable.null?.includes('codeIndented')
        return isSpace2(code)
          ? spaces(effects2, beforeSequenceClose, 'linePrefix', indented ? void 0 : 4)(code)
          : beforeSequenceClose(code)
      }
      return (code) => {
        effects2.enter('lineEnding')
        effects2.consume(code)
        effects2.exit('lineEnding')
        return start
      }
    }
  }
  const after = (code) => {
    effects.exit('codeFenced')
    return ok(code)
  }
  const contentChunk = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('codeFlowValue')
      return beforeContentChunk(code)
    }
    effects.consume(code)
    return contentChunk
  }
  const beforeContentChunk = (code) => {
    if (code === null || isLineEnding(code)) {
      return effects.check(nonLazyContinuation, atNonLazyBreak, after)(code)
    }
    effects.enter('codeFlowValue')
    return contentChunk(code)
  }
  const contentStart = (code) =>
    initialPrefix > 0 && isSpace2(code)
      ? spaces(effects, beforeContentChunk, 'linePrefix', initialPrefix + 1)(code)
      : beforeContentChunk(code)
  const contentBefore = (code) => {
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return contentStart
  }
  const atNonLazyBreak = (code) => effects.attempt(closeStart, after, contentBefore)(code)
  const infoBefore = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('codeFencedFence')
      return this.interrupt
        ? ok(code)
        : effects.check(nonLazyContinuation, atNonLazyBreak, after)(code)
    }
    effects.enter('codeFencedFenceInfo')
    effects.enter('chunkString', {contentType: 'string'})
    return info(code)
  }
  const meta = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('chunkString')
      effects.exit('codeFencedFenceMeta')
      return infoBefore(code)
    }
    effects.consume(code)
    return meta
  }
  const metaBefore = (code) => {
    if (code === null || isLineEnding(code)) return infoBefore(code)
    effects.enter('codeFencedFenceMeta')
    effects.enter('chunkString', {contentType: 'string'})
    return meta(code)
  }
  const info = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('chunkString')
      effects.exit('codeFencedFenceInfo')
      return infoBefore(code)
    }
    if (isSpace2(code)) {
      effects.exit('chunkString')
      effects.exit('codeFencedFenceInfo')
      return spaces(effects, metaBefore, 'whitespace')(code)
    }
    effects.consume(code)
    return info
  }
  const sequenceOpen = (code) => {
    if (code === COLON2) {
      sizeOpen++
      effects.consume(code)
      return sequenceOpen
    }
    if (sizeOpen < 3) return nok(code)
    effects.exit('codeFencedFenceSequence')
    return isSpace2(code) ? spaces(effects, infoBefore, 'whitespace')(code) : infoBefore(code)
  }
  return (code) => {
    if (code !== COLON2) return nok(code)
    const tail = this.events[this.events.length - 1]
    initialPrefix =
      tail && tail[1].type === 'linePrefix' ? tail[2].sliceSerialize(tail[1], true).length : 0
    effects.enter('codeFenced')
    effects.enter('codeFencedFence')
    effects.enter('codeFencedFenceSequence')
    return sequenceOpen(code)
  }
}
var colonFenceSyntax = {
  flow: {[COLON2]: {name: 'colonFence', tokenize: tokenizeColonFence, concrete: true}}
}
function enterLiteral(type) {
  return function (token) {
    this.enter({type, value: ''}, token)
  }
}
function exitLiteral(token) {
  const node = this.stack[this.stack.length - 1]
  if (node && 'value' in node) node.value = this.sliceSerialize(token)
  this.exit(token)
}
var mystFromMarkdown = {
  enter: {mystTarget: enterLiteral('mystTarget'), mystComment: enterLiteral('mystComment')},
  exit: {mystTarget: exitLiteral, mystComment: exitLiteral}
}
function parseMyst(text, options) {
  const syntax = options.colonFence ? [mystSyntax, colonFenceSyntax] : [mystSyntax]
  return fromMarkdown(text, {
    extensions: [frontmatter(['yaml']), ...syntax],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), mystFromMarkdown]
  })
}

// src/markdown/xref-text.ts
var LOWERCASE_ROLES = /* @__PURE__ */ new Set(['ref', 'numref'])
var KINDS = /* @__PURE__ */ new Map([
  ['doc', 'doc'],
  ['ref', 'ref'],
  ['numref', 'numref'],
  ['term', 'term'],
  ['download', 'download'],
  ['any', 'any'],
  ['keyword', 'keyword'],
  ['option', 'option']
])
function roleKind(role) {
  const name = role.toLowerCase()
  const bare = name.startsWith('std:') ? name.slice(4) : name
  if (bare === 'any' && name !== 'any') return void 0
  return KINDS.get(bare)
}
function isWhitespace(ch) {
  return /\s/u.test(ch)
}
function collapseWhitespace(text) {
  let out = ''
  let inRun = false
  for (const ch of text) {
    if (isWhitespace(ch)) {
      if (!inRun) out += ' '
      inRun = true
    } else {
      out += ch
      inRun = false
    }
  }
  return out
}
function rstrip(text) {
  let end = text.length
  while (end > 0 && isWhitespace(text.charAt(end - 1))) end--
  return text.slice(0, end)
}
function splitExplicitTitle(text) {
  if (text.length < 3 || !text.endsWith('>')) return void 0
  const open = text.indexOf('<', 1)
  if (open < 0 || open > text.length - 2) return void 0
  const title = rstrip(text.slice(0, open))
  return {title: title === '' ? text.slice(0, 1) : title, target: text.slice(open + 1, -1)}
}
function processRoleText(role, text) {
  const disabled = text.startsWith('!')
  const body = disabled ? text.slice(1) : text
  const split = splitExplicitTitle(body)
  let target = split ? split.target : body
  if (LOWERCASE_ROLES.has(roleKind(role) ?? '')) target = target.toLowerCase()
  target = collapseWhitespace(target)
  return split
    ? {target, title: split.title, hasTitle: true, disabled}
    : {target, hasTitle: false, disabled}
}
function splitToctreeEntry(entry) {
  if (entry.length < 3 || !entry.endsWith('>')) return void 0
  const open = entry.lastIndexOf('<', entry.length - 2)
  if (open < 1) return void 0
  const title = rstrip(entry.slice(0, open))
  return {title: title === '' ? entry.slice(0, 1) : title, ref: entry.slice(open + 1, -1)}
}
function normalizeName3(name) {
  return name.toLowerCase().split(/\s+/u).filter(Boolean).join(' ')
}

// src/markdown/facts.ts
var ADMONITIONS = /* @__PURE__ */ new Set([
  'attention',
  'caution',
  'danger',
  'error',
  'hint',
  'important',
  'note',
  'tip',
  'warning',
  'seealso',
  'todo'
])
var MARKDOWN_BODY = /* @__PURE__ */ new Set([
  'only',
  'ifconfig',
  'figure',
  'table',
  'list-table',
  'epigraph',
  'highlights',
  'pull-quote',
  'compound',
  'container',
  'hlist',
  'versionadded',
  'versionchanged',
  'deprecated',
  'centered',
  'acks',
  'line-block',
  'parsed-literal',
  'describe',
  'object',
  'option',
  'envvar',
  'program',
  'cmdoption',
  // sphinx-design / sphinx-tabs / sphinx-togglebutton, parsed when those are loaded
  'tab-set',
  'tab-item',
  'tab-set-code',
  'tabs',
  'tab',
  'card',
  'card-carousel',
  'grid',
  'grid-item',
  'grid-item-card',
  'dropdown',
  'toggle',
  'margin',
  'div'
])
var LITERAL_BODY = /* @__PURE__ */ new Set([
  'code-block',
  'sourcecode',
  'code',
  'code-cell',
  'literalinclude',
  'math',
  'raw',
  'highlight',
  'productionlist',
  'tabularcolumns',
  'index',
  'csv-table',
  'graphviz',
  'digraph',
  'graph',
  'mermaid',
  'include',
  'image',
  'contents',
  'sectnum',
  'meta',
  'default-role',
  'role',
  'class',
  'title',
  'sectionauthor',
  'moduleauthor',
  'codeauthor',
  'currentmodule',
  'module',
  'default-domain'
])
function directiveKind(name, markdownBodies) {
  if (name === 'toctree') return {hasOptions: true, hasArguments: false, body: 'toctree'}
  if (name === 'eval-rst') return {hasOptions: false, hasArguments: false, body: 'rst'}
  if (name === 'only') return {hasOptions: false, hasArguments: true, body: 'markdown'}
  if (name === 'glossary') return {hasOptions: true, hasArguments: false, body: 'glossary'}
  if (ADMONITIONS.has(name)) return {hasOptions: true, hasArguments: false, body: 'markdown'}
  if (name === 'admonition' || name === 'topic' || name === 'sidebar' || name === 'rubric') {
    return {hasOptions: true, hasArguments: true, body: 'markdown', inlineArgument: true}
  }
  if (name === 'include' || name === 'image' || LITERAL_BODY.has(name)) {
    return {hasOptions: true, hasArguments: true, body: name === 'include' ? 'none' : 'literal'}
  }
  if (MARKDOWN_BODY.has(name) || markdownBodies.has(name) || name.includes(':')) {
    return {hasOptions: true, hasArguments: true, body: 'markdown'}
  }
  return {hasOptions: true, hasArguments: true, body: 'unknown'}
}
var TOCTREE_OPTIONS2 = {
  maxdepth: 'int',
  name: 'unchanged',
  caption: 'required',
  glob: 'flag',
  hidden: 'flag',
  includehidden: 'flag',
  numbered: 'intOrNothing',
  titlesonly: 'flag',
  reversed: 'flag'
}
function isPythonInt(text) {
  return /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text)
}
function rstFrontEnd(text, defaultRole) {
  return extractRstFacts(parse(text, defaultRole === void 0 ? {} : {defaultRole}), text)
}
function isTuple(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    value.kind === 'tuple' &&
    'items' in value &&
    Array.isArray(value.items)
  )
}
function confStrings(value) {
  const items = Array.isArray(value) ? value : isTuple(value) ? value.items : void 0
  return items?.filter((item) => typeof item === 'string')
}
function settingsOf(options) {
  const project = options.project
  const anchors2 = options.headingAnchors ?? project?.mystHeadingAnchors ?? 0
  let extensions = options.extensions
  const fromConf = project?.conf?.get('myst_enable_extensions')
  extensions ??= confStrings(fromConf)
  const schemes = options.urlSchemes ?? confStrings(project?.conf?.get('myst_url_schemes'))
  const settings = {
    headingAnchors: typeof anchors2 === 'number' && Number.isFinite(anchors2) ? anchors2 : 0,
    urlSchemes:
      schemes === null || project?.conf?.get('myst_url_schemes') === null
        ? 'any'
        : new Set(schemes ?? ['http', 'https', 'mailto', 'ftp']),
    allLinksExternal: project?.conf?.get('myst_all_links_external') === true,
    // without a project's settings colon fences are on: they are the common MyST style
    colonFence: extensions ? extensions.includes('colon_fence') : true,
    markdownBodies: new Set(options.markdownDirectives ?? [])
  }
  const defaultRole = options.defaultRole ?? project?.defaultRole
  if (defaultRole !== void 0) settings.defaultRole = defaultRole
  settings.rst = options.rst ?? rstFrontEnd
  return settings
}
var Extractor = class {
  facts = emptyFacts()
  lines
  settings
  pending = []
  constructor(text, options) {
    this.lines = new LineTable(text)
    this.settings = settingsOf(options)
  }
  parse(text) {
    return parseMyst(text, {colonFence: this.settings.colonFence})
  }
  get text() {
    return this.lines.text
  }
  range(node, map) {
    const start = node.position?.start.offset ?? 0
    const end = node.position?.end.offset ?? start
    return this.lines.range(map(start), map(end))
  }
  line(node, map) {
    return this.lines.point(map(node.position?.start.offset ?? 0)).line
  }
  run() {
    const root2 = this.parse(this.text)
    const scope = {
      map: identityMap,
      sections: true,
      documentLevel: true,
      slugs: /* @__PURE__ */ new Set(),
      definitions: collectDefinitions(root2)
    }
    const first = root2.children[0]
    if (first?.type === 'yaml') this.frontMatter(first.value, this.line(first, identityMap))
    this.blocks(root2.children, scope)
    this.land(void 0)
    return this.facts
  }
  frontMatter(yaml, line) {
    const document = parseDocument2(yaml, {version: '1.1', uniqueKeys: false, logLevel: 'silent'})
    if (document.errors.length > 0) {
      this.facts.problems.push({level: 2, message: 'Malformed YAML [myst.topmatter]', line})
      return
    }
    const data = document.toJS()
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      this.facts.problems.push({
        level: 2,
        message: `YAML is not a dict: ${data === null ? 'NoneType' : typeof data}`,
        line
      })
      return
    }
    for (const [key, value] of Object.entries(data)) {
      if (['myst', 'mystnb', 'substitutions', 'html_meta'].includes(key)) continue
      this.facts.metadata[key] = metadataString(value)
    }
  }
  /** Register pending `(label)=` targets on the node they land on. */
  land(on) {
    for (const target of this.pending) {
      const label = {
        name: target.name,
        range: target.range,
        node: on ? on.node : 'none',
        titled: on?.title !== void 0 && on.title !== '',
        numberable: on?.numberable ?? false,
        reportLine: on?.reportLine ?? target.line
      }
      if (on?.title !== void 0) label.title = on.title
      this.facts.labels.push(label)
    }
    this.pending = []
  }
  blocks(nodes, scope) {
    for (const node of nodes) this.block(node, scope)
  }
  block(node, scope) {
    switch (node.type) {
      case 'yaml':
      case 'definition':
        return
      case 'mystTarget': {
        const raw = node.value.trim()
        const name = normalizeName3(raw.slice(1, -2))
        const line = this.line(node, scope.map)
        const start = scope.map(node.position?.start.offset ?? 0)
        this.pending.push({name, range: this.lines.range(start, start + raw.length), line})
        return
      }
      case 'mystComment':
        this.land(void 0)
        return
      case 'heading':
        this.heading(node, scope)
        return
      case 'paragraph':
        this.land({node: 'other', numberable: false})
        this.inline(node.children, scope, this.line(node, scope.map))
        return
      case 'code':
        this.code(node, scope)
        return
      case 'html':
        this.land({node: 'other', numberable: false})
        this.html(node, scope)
        return
      case 'blockquote':
      case 'list':
      case 'listItem':
        this.land({node: 'other', numberable: false})
        this.blocks(node.children, scope)
        return
      case 'thematicBreak':
        this.land({node: 'other', numberable: false})
        return
      default:
        if ('children' in node) {
          this.land({node: 'other', numberable: false})
          this.blocks(node.children, scope)
        }
    }
  }
  heading(node, scope) {
    const line = this.line(node, scope.map)
    const range = this.range(node, scope.map)
    const title = plainText(node.children)
    if (!scope.sections) {
      this.facts.problems.push({
        level: 2,
        message: 'Disallowed nested header found, converting to rubric [myst.nested_header]',
        line,
        range
      })
      this.land({node: 'rubric', title, numberable: false, reportLine: line})
    } else {
      this.land({node: 'section', title, numberable: true, reportLine: line})
      if (scope.documentLevel) {
        this.facts.hasLocalToc = true
        this.facts.title ??= {text: title, range}
      }
      if (node.depth <= this.settings.headingAnchors) {
        const slug = uniqueSlug(slugify(slugText(node.children)), scope.slugs)
        this.facts.labels.push({
          name: slug,
          range,
          node: 'section',
          titled: true,
          title,
          numberable: true,
          reportLine: line,
          anchorOnly: true
        })
      }
    }
    this.inline(node.children, scope, line)
  }
  html(node, scope) {
    const suppression = parseSuppression(node.value)
    if (!suppression) return
    const start = this.lines.point(scope.map(node.position?.start.offset ?? 0))
    const end = this.lines.point(scope.map(node.position?.end.offset ?? 0))
    let appliesTo = end.line + 1
    while (appliesTo <= this.lines.starts.length && this.lines.line(appliesTo - 1).trim() === '') {
      appliesTo++
    }
    this.facts.suppressions.push({line: start.line, appliesTo, rules: suppression})
  }
  inline(children, scope, blockLine) {
    for (const [index, node] of children.entries()) {
      switch (node.type) {
        case 'inlineCode': {
          const previous = children[index - 1]
          if (previous?.type === 'text') this.role(previous.value, node, scope, blockLine)
          break
        }
        case 'link':
          this.link(node.url, node, scope, blockLine)
          this.inline(node.children, scope, blockLine)
          break
        case 'linkReference': {
          const url = scope.definitions.get(node.identifier)
          if (url !== void 0) this.link(url, node, scope, blockLine)
          this.inline(node.children, scope, blockLine)
          break
        }
        case 'image':
          this.image(node.url, node, scope)
          break
        case 'imageReference': {
          const url = scope.definitions.get(node.identifier)
          if (url !== void 0) this.image(url, node, scope)
          break
        }
        case 'html':
          this.html(node, scope)
          break
        default:
          if ('children' in node) this.inline(node.children, scope, blockLine)
      }
    }
  }
  /** `{name}` at the end of a text node, then a code span: a MyST role. */
  role(before, code, scope, blockLine) {
    const match = /\{([a-zA-Z0-9_\-+:]+)\}$/.exec(before)
    if (!match?.[1] || !code.position) return
    const name = match[1]
    const codeStart = scope.map(code.position.start.offset ?? 0)
    const codeEnd = scope.map(code.position.end.offset ?? 0)
    const start = codeStart - name.length - 2
    if (start < 0 || this.text.slice(start, codeStart) !== `{${name}}`) return
    if (this.text.charAt(start - 1) === '\\') return
    const kind = roleKind(name)
    if (!kind) return
    const raw = roleContent(this.text.slice(codeStart, codeEnd))
    if (raw === void 0) return
    const processed = processRoleText(name, raw)
    this.facts.xrefs.push({
      kind,
      role: name.toLowerCase(),
      raw,
      target: processed.target,
      hasTitle: processed.hasTitle,
      disabled: processed.disabled,
      range: this.lines.range(start, codeEnd),
      blockLine
    })
  }
  link(url, node, scope, blockLine) {
    const start = scope.map(node.position?.start.offset ?? 0)
    if (node.type === 'link' && this.text.charAt(start) === '<') return
    if (this.settings.allLinksExternal) return
    const scheme = urlScheme(url)
    const schemes = this.settings.urlSchemes
    if (schemes === 'any' ? scheme !== '' : schemes.has(scheme)) return
    this.facts.xrefs.push({
      kind: 'mdlink',
      role: 'md',
      raw: url,
      target: unquote(url),
      hasTitle: 'children' in node && node.children.length > 0,
      disabled: false,
      range: this.range(node, scope.map),
      blockLine
    })
  }
  image(url, node, scope) {
    if (isRemoteImage(url) || url === '') return
    this.facts.images.push({uri: url, directive: 'markdown', range: this.range(node, scope.map)})
  }
  code(node, scope) {
    const fence = this.fence(node, scope.map)
    if (!fence) {
      this.land({node: 'other', numberable: false})
      return
    }
    this.directive(fence, scope)
  }
  /** The opening line and content lines of a fenced code node, in file coordinates. */
  fence(node, map) {
    if (!node.position) return void 0
    const start = map(node.position.start.offset ?? 0)
    const end = map(node.position.end.offset ?? 0)
    const marker = this.text.charAt(start)
    if (marker !== '`' && marker !== '~' && marker !== ':') return void 0
    const openIndex = this.lines.lineIndex(start)
    const openEnd = this.lines.lineEnd(openIndex)
    let i = start
    while (i < openEnd && this.text.charAt(i) === marker) i++
    const info = this.text.slice(i, openEnd)
    const language = info.trim().split(/\s+/)[0] ?? ''
    if (!(language.length >= 2 && language.startsWith('{') && language.endsWith('}'))) {
      return void 0
    }
    const nameStart = this.text.indexOf(language, i)
    let argStart = nameStart + language.length
    while (argStart < openEnd && /\s/.test(this.text.charAt(argStart))) argStart++
    const firstLine = {text: this.text.slice(argStart, openEnd), offset: argStart}
    const endIndex = this.lines.lineIndex(end)
    const endLine = this.text.slice(this.lines.lineStart(endIndex), end)
    const closed = endIndex > openIndex && isClosingFence(endLine, marker)
    const last = closed ? endIndex - 1 : endIndex
    const values = node.value.split(/\r\n|\r|\n/)
    const content = []
    for (let index = openIndex + 1; index <= last; index++) {
      const value = values[index - openIndex - 1] ?? ''
      const lineStart = this.lines.lineStart(index)
      const lineEnd2 = index === endIndex ? end : this.lines.lineEnd(index)
      const source = this.text.slice(lineStart, lineEnd2)
      const offset = source.endsWith(value)
        ? lineEnd2 - value.length
        : lineStart + Math.max(0, source.length - value.length)
      content.push({text: value, offset})
    }
    let firstContent = content
    if (marker === ':' && node.value.startsWith(':::')) {
      firstContent = [{text: '', offset: content[0]?.offset ?? openEnd}, ...content]
    }
    return {
      name: language.slice(1, -1),
      nameRange: this.lines.range(nameStart, nameStart + language.length),
      openRange: this.lines.range(start, openEnd),
      line: openIndex + 1,
      firstLine,
      content: firstContent
    }
  }
  directive(fence, scope) {
    const name = fence.name
    const kind = directiveKind(name, this.settings.markdownBodies)
    const split = splitDirectiveText(fence.content, fence.firstLine, kind)
    const argument = kind.hasArguments ? fence.firstLine.text.trim() : ''
    const option = (key) => split.options.find((o) => o.name === key)
    const nameOption = option('name')
    if (kind.body === 'unknown') {
      this.facts.problems.push({
        level: 3,
        message: `Unknown directive type "${name}".`,
        line: fence.line,
        range: fence.openRange
      })
      this.land({node: 'other', numberable: false})
      return
    }
    if (kind.body === 'rst') {
      this.land({node: 'other', numberable: false})
      this.evalRst(fence.content)
      return
    }
    if (name === 'toctree') {
      this.land({node: 'toctree', numberable: false, reportLine: fence.line})
      this.toctree(fence, split.body, split.options, split.error, scope)
      return
    }
    if (split.error !== void 0) {
      this.facts.problems.push({
        level: 3,
        message: `Directive '${name}': ${split.error}`,
        line: fence.line,
        range: fence.openRange
      })
      this.land({node: 'other', numberable: false})
      return
    }
    const caption = optionString(option('caption')?.value)
    let landing = {
      node: 'other',
      numberable: false
    }
    if (name === 'figure') {
      const captionText = split.body[0]?.text.trim()
      landing = {
        node: 'figure',
        numberable: true,
        ...(captionText ? {title: captionText} : {})
      }
    } else if (name === 'code-block' || name === 'sourcecode' || name === 'literalinclude') {
      landing = {
        node: 'code',
        numberable: caption !== void 0,
        ...(caption ? {title: caption} : {})
      }
    } else if (name === 'math') {
      landing = {node: 'math', numberable: false}
    } else if (name === 'list-table' || name === 'csv-table' || name === 'table') {
      landing = {node: 'table', numberable: true, ...(argument ? {title: argument} : {})}
    }
    this.land(landing)
    if (nameOption) {
      const value = optionString(nameOption.value)
      if (value !== void 0) this.nameLabel(value, nameOption, fence, landing)
    }
    if (name === 'include' || name === 'literalinclude') {
      const options = {}
      for (const o of split.options) options[o.name] = optionString(o.value) ?? ''
      const path2 = argument
      this.facts.includes.push({
        directive: name,
        path: path2,
        standard: path2.startsWith('<') && path2.endsWith('>'),
        range: fence.openRange,
        options
      })
      return
    }
    if (name === 'image' || name === 'figure') {
      const uri = argument.split(/\s+/).join('')
      if (uri !== '' && !isRemoteImage(uri))
        this.facts.images.push({uri, directive: name, range: fence.openRange})
    }
    if (kind.inlineArgument && argument !== '') {
      const first = fence.firstLine
      const {text, map} = joinLines2([{text: first.text.trimEnd(), offset: first.offset}])
      const parsed = this.parse(text)
      const paragraph = parsed.children[0]
      if (paragraph?.type === 'paragraph') {
        this.inline(paragraph.children, {...scope, map}, fence.line)
      }
    }
    if (kind.body === 'glossary') {
      this.glossary(split.body, scope)
      return
    }
    if (kind.body !== 'markdown' || split.body.length === 0) return
    const only = name === 'only'
    const toctreesBefore = this.facts.toctrees.length
    this.nestedBlocks(split.body, scope, only, only ? argument : void 0)
    if (only) {
      for (const toctree of this.facts.toctrees.slice(toctreesBefore)) toctree.inOnly ??= argument
    }
  }
  /**
   * `{eval-rst}`: the RST front end reads a copy of the file where everything but the body is
   * blanked (line breaks kept), so its ranges are already in this file's coordinates.
   */
  evalRst(content) {
    const rst = this.settings.rst
    const last = content[content.length - 1]
    if (!last) return
    const chars = this.text.slice(0, last.offset + last.text.length).replace(/[^\r\n]/g, ' ')
    let padded = chars
    for (const line of content) {
      padded =
        padded.slice(0, line.offset) + line.text + padded.slice(line.offset + line.text.length)
    }
    const facts = rst(padded, this.settings.defaultRole)
    const into = this.facts
    into.toctrees.push(...facts.toctrees)
    into.xrefs.push(...facts.xrefs)
    into.labels.push(...facts.labels)
    into.includes.push(...facts.includes)
    into.images.push(...facts.images)
    into.terms.push(...facts.terms)
    into.linkRefs.push(...facts.linkRefs)
    into.linkTargets.push(...facts.linkTargets)
    into.suppressions.push(...facts.suppressions)
    into.problems.push(...facts.problems)
    if (facts.hasLocalToc) into.hasLocalToc = true
  }
  nameLabel(value, option, fence, landing) {
    const range = option.line
      ? this.lines.range(option.line.offset, option.line.offset + option.line.text.length)
      : fence.openRange
    const label = {
      name: normalizeName3(value),
      range,
      node: landing.node,
      titled: landing.title !== void 0 && landing.title !== '',
      numberable: landing.numberable,
      reportLine: fence.line
    }
    if (landing.title !== void 0) label.title = landing.title
    this.facts.labels.push(label)
  }
  toctree(fence, body, options, splitError, scope) {
    const toctree = {
      range: fence.openRange,
      valid: true,
      glob: false,
      hidden: false,
      reversed: false,
      includehidden: false,
      titlesonly: false,
      entries: []
    }
    if (scope.inOnly !== void 0) toctree.inOnly = scope.inOnly
    let error = splitError
    for (const {name, value} of options) {
      if (error !== void 0) break
      const converter = TOCTREE_OPTIONS2[name]
      if (!converter) {
        error = `Unknown option: ${name}`
        break
      }
      if (typeof value !== 'string' && value !== void 0 && value !== true) {
        if (typeof value !== 'number' && typeof value !== 'boolean' && !(value instanceof Date)) {
          error = `option "${name}" value not string (enclose with ""): ${JSON.stringify(value)}`
          break
        }
      }
      const text = optionString(value)
      switch (converter) {
        case 'flag':
          if (text !== void 0 && text.trim() !== '') {
            error = `Invalid option value: (option: '${name}'; value: ${text})
no argument is permitted; "${text}" supplied`
          } else {
            toctree[name] = true
          }
          break
        case 'int':
          if (text === void 0 || !isPythonInt(text)) {
            error = `Invalid option value: (option: '${name}'; value: ${text ?? 'None'})`
          } else {
            toctree.maxdepth = Number.parseInt(text.replaceAll('_', ''), 10)
          }
          break
        case 'intOrNothing':
          if (text === void 0 || text === '') toctree.numbered = 999
          else if (isPythonInt(text))
            toctree.numbered = Number.parseInt(text.replaceAll('_', ''), 10)
          else error = `Invalid option value: (option: '${name}'; value: ${text})`
          break
        case 'required':
          if (text === void 0) {
            error = `Invalid option value: (option: '${name}'; value: None)
argument required but none supplied`
          } else {
            toctree.caption = text
          }
          break
        case 'unchanged':
          toctree.name = text ?? ''
          break
      }
    }
    if (error !== void 0) {
      toctree.valid = false
      toctree.error = `Directive 'toctree': ${error}`
      this.facts.problems.push({
        level: 3,
        message: toctree.error,
        line: fence.line,
        range: fence.openRange
      })
    } else {
      for (const line of body) {
        if (line.text === '') continue
        const raw = line.text.trimEnd()
        if (raw === '') continue
        const start = line.offset
        const range = this.lines.range(start, start + raw.length)
        const explicit = splitToctreeEntry(line.text)
        const entry = explicit
          ? {raw, title: explicit.title, ref: explicit.ref, explicit: true, range}
          : {raw, ref: line.text, explicit: false, range}
        toctree.entries.push(entry)
      }
      const name = options.find((o) => o.name === 'name')
      if (name && toctree.name !== void 0 && toctree.name !== '') {
        const landing =
          toctree.caption === void 0
            ? {node: 'toctree', numberable: false}
            : {node: 'toctree', numberable: false, title: toctree.caption}
        this.nameLabel(toctree.name, name, fence, landing)
      }
    }
    this.facts.toctrees.push(toctree)
    if (toctree.valid) this.facts.hasLocalToc = true
  }
  /**
   * Glossary terms: lines at the body's left margin; the indented lines after them are the
   * definition, which MyST parses as Markdown.
   */
  glossary(body, scope) {
    let definition = []
    const flush = () => {
      while (definition.length > 0 && definition[definition.length - 1]?.text.trim() === '') {
        definition.pop()
      }
      if (definition.length > 0) this.nestedBlocks(dedentLines(definition), scope, false)
      definition = []
    }
    for (const line of body) {
      if (line.text.trim() === '' || /^\s/.test(line.text)) {
        definition.push(line)
        continue
      }
      flush()
      const term = line.text.split(/ +: +/)[0]?.trim() ?? ''
      if (term === '') continue
      const range = this.lines.range(line.offset, line.offset + line.text.trimEnd().length)
      this.facts.terms.push({term, range, reportLine: range.start.line - 1})
    }
    flush()
  }
  /** Parse lines as a Markdown body of their own (a directive's content) and walk it. */
  nestedBlocks(lines, scope, only, inOnly) {
    const {text, map} = joinLines2(lines)
    const root2 = this.parse(text)
    const inner = {
      map,
      sections: only && scope.sections,
      documentLevel: only && scope.documentLevel,
      slugs: /* @__PURE__ */ new Set(),
      definitions: new Map([...scope.definitions, ...collectDefinitions(root2)])
    }
    const within = inOnly ?? scope.inOnly
    if (within !== void 0) inner.inOnly = within
    this.blocks(root2.children, inner)
  }
}
function dedentLines(lines) {
  let margin = Infinity
  for (const line of lines) {
    if (line.text.trim() === '') continue
    const indent = line.text.length - line.text.trimStart().length
    margin = Math.min(margin, indent)
  }
  if (!Number.isFinite(margin)) return lines
  return lines.map((line) =>
    line.text.trim() === ''
      ? {text: '', offset: line.offset}
      : {text: line.text.slice(margin), offset: line.offset + margin}
  )
}
function isClosingFence(line, marker) {
  let text = line.trim()
  while (text.startsWith('>')) text = text.slice(1).trimStart()
  if (text.length < 3) return false
  for (const ch of text) if (ch !== marker) return false
  return true
}
function collectDefinitions(root2) {
  const definitions = /* @__PURE__ */ new Map()
  const visit = (nodes) => {
    for (const node of nodes) {
      if (node.type === 'definition') {
        const definition = node
        if (!definitions.has(definition.identifier)) {
          definitions.set(definition.identifier, definition.url)
        }
      } else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading') {
        visit(node.children)
      }
    }
  }
  visit(root2.children)
  return definitions
}
function roleContent(span) {
  let ticks = 0
  while (span.charAt(ticks) === '`') ticks++
  if (ticks === 0 || span.length < 2 * ticks + 1) return void 0
  const inner = span.slice(ticks, span.length - ticks)
  const parts = inner.split(/\r\n|\r|\n/)
  return parts
    .map((part, index) => {
      if (index === 0) return part
      let text = part.trimStart()
      while (text.startsWith('>')) text = text.slice(1).trimStart()
      return text
    })
    .join(' ')
}
function plainText(nodes) {
  let out = ''
  for (const [index, node] of nodes.entries()) {
    if (node.type === 'text') out += stripRoleName(node.value, nodes[index + 1])
    else if (node.type === 'inlineCode') out += node.value
    else if (node.type === 'break') out += '\n'
    else if ('children' in node) out += plainText(node.children)
  }
  return out
}
function slugText(nodes) {
  let out = ''
  for (const [index, node] of nodes.entries()) {
    const previous = nodes[index - 1]
    if (node.type === 'text') out += stripRoleName(node.value, nodes[index + 1])
    else if (node.type === 'inlineCode') {
      if (!(previous?.type === 'text' && /\{[a-zA-Z0-9_\-+:]+\}$/.test(previous.value))) {
        out += node.value
      }
    } else if (node.type === 'link' || node.type === 'linkReference') out += slugText(node.children)
    else if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete') {
      out += slugText(node.children)
    }
  }
  return out.replace(/\r\n|\r|\n/g, '')
}
function stripRoleName(value, next) {
  if (next?.type !== 'inlineCode') return value
  const match = /\{[a-zA-Z0-9_\-+:]+\}$/.exec(value)
  return match ? value.slice(0, match.index) : value
}
function parseSuppression(html) {
  const text = html.trim()
  if (!text.startsWith('<!--') || !text.endsWith('-->')) return void 0
  const inner = text.slice(4, -3).trim()
  const keyword = 'doclint-disable-next-line'
  if (!inner.startsWith(keyword)) return void 0
  const rest = inner.slice(keyword.length)
  if (rest !== '' && !/^\s/.test(rest)) return void 0
  return rest.split(/[\s,]+/).filter(Boolean)
}
function isRemoteImage(uri) {
  return uri.startsWith('data:') || uri.includes('://')
}
function urlScheme(url) {
  const trimmed = url.replace(/^[\u0000-\u0020]+/, '')
  const colon = trimmed.indexOf(':')
  if (colon <= 0) return ''
  const scheme = trimmed.slice(0, colon)
  return /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(scheme) ? scheme.toLowerCase() : ''
}
function unquote(text) {
  if (!text.includes('%')) return text
  const decoder = new TextDecoder('utf-8', {fatal: false})
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes2 = new Uint8Array(run.length / 3)
    for (let i = 0; i < bytes2.length; i++)
      bytes2[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16)
    return decoder.decode(bytes2)
  })
}
function metadataString(value) {
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  try {
    return JSON.stringify(value ?? null)
  } catch {
    return ''
  }
}
function extractMarkdownFacts(text, options) {
  try {
    return new Extractor(text, options).run()
  } catch (error) {
    const facts = emptyFacts()
    facts.problems.push({
      level: 4,
      message: `Markdown could not be read: ${error instanceof Error ? error.message : String(error)}`,
      line: 1
    })
    return facts
  }
}

// ../../tmp/dump.ts
var root = process.argv[2]
var anchors = Number(process.argv[3] ?? '0')
var exts = (process.argv[4] ?? '').split(',').filter(Boolean)
function walk(dir, prefix = '') {
  const out = []
  for (const n of readdirSync(dir).sort()) {
    if (n === '_build') continue
    const f = path.join(dir, n)
    if (statSync(f).isDirectory()) out.push(...walk(f, prefix + n + '/'))
    else if (n.endsWith('.md')) out.push(prefix + n)
  }
  return out
}
var t0 = performance.now()
var bytes = 0
var results = []
for (const file of walk(root)) {
  const text = readFileSync(path.join(root, file), 'utf8')
  bytes += text.length
  const f = extractMarkdownFacts(text, {headingAnchors: anchors, extensions: exts})
  results.push({
    file,
    xrefs: f.xrefs.map((x) => ({
      kind: x.kind,
      target: x.target,
      line: x.blockLine,
      disabled: x.disabled
    })),
    toctrees: f.toctrees.map((t) => ({
      line: t.range.start.line,
      valid: t.valid,
      entries: t.entries.map((e) => e.ref)
    })),
    problems: f.problems.map((p) => ({line: p.line, message: p.message})),
    labels: f.labels.length,
    title: f.title?.text,
    images: f.images.map((i) => [i.uri, i.range.start.line]),
    includes: f.includes.map((i) => [i.path, i.range.start.line])
  })
}
var ms = performance.now() - t0
for (const r of results) console.log(JSON.stringify(r))
console.error(`files=${results.length} bytes=${bytes} ms=${ms.toFixed(1)}`)
