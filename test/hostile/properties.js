/**
 * Fuzz properties over every reader of untrusted text, shared by the bounded CI test
 * (test/hostile/fuzz.test.ts, sources) and the long runner (scripts/fuzz.js, dist). Plain
 * JavaScript so the script can run it without a TypeScript loader; the API is passed in so each
 * side can hand over its own build of the readers.
 */
import zlib from 'node:zlib'
import fc from 'fast-check'

/** Characters that drive each grammar's special cases, over-weighted against random text. */
const RST_ALPHABET = [
  '`',
  ':',
  ' ',
  '\\',
  '*',
  '|',
  '_',
  '[',
  ']',
  '.',
  '-',
  '=',
  '\n',
  '\n',
  '\t',
  '\r',
  '>',
  '<',
  'a',
  'b',
  '1',
  '#',
  '+',
  '(',
  ')',
  '"',
  "'",
  '\u00a0',
  '\u00e9',
  '\ud83d\ude00',
  '\u0000',
  '\ufeff'
]
const DIFF_ALPHABET = [
  'diff --git a/x b/y\n',
  '--- a/x\n',
  '+++ b/x\n',
  '@@ -1,2 +1,3 @@\n',
  '@@ -0,0 +1 @@\n',
  ' ctx\n',
  '-old\n',
  '+new\n',
  '\\ No newline at end of file\n',
  'rename from a\n',
  'rename to ../b\n',
  'new file mode 120000\n',
  'old mode 100644\n',
  'GIT binary patch\n',
  'literal 5\n',
  'delta 3\n',
  'zcmV\n',
  'index 0000..1111\n',
  '"a\\303\\251"',
  '\\',
  '"',
  ' ',
  '\t',
  '\n',
  '\r\n',
  'a',
  '/',
  '..',
  '\u0000',
  '\u00e9',
  '-- \n',
  'From abc Mon Sep 17 00:00:00 2001\n',
  'Subject: [PATCH 1/2] x\n',
  'From: A <a@b>\n',
  '\n---\n',
  'Content-Type: text/plain\n',
  'Content-Transfer-Encoding: base64\n',
  '=?utf-8?q?x?=',
  '{',
  '}',
  '[',
  ']',
  '"diff":'
]
const MAKE_ALPHABET = [
  'DOC_SOURCE',
  ' = ',
  ' += ',
  ' := ',
  '?=',
  '!=',
  '\\\n',
  '\\',
  '\n',
  ' ',
  '\t',
  '#',
  '$(',
  ')',
  '${',
  '}',
  'if ',
  'else',
  'endif',
  'include ',
  '-include ',
  'a.rst',
  '/',
  '..',
  ':',
  '%',
  '=',
  '\r',
  '\u0000',
  "'",
  '"',
  '@',
  'files(',
  "'a.rst'",
  ',',
  '[',
  ']',
  'subdir(',
  "'''",
  'x',
  '+'
]
const PY_ALPHABET = [
  'project',
  ' = ',
  '"',
  "'",
  '"""',
  "'''",
  'r',
  'b',
  'f',
  '\\',
  '\n',
  ' ',
  '    ',
  '\t',
  '#',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '.',
  '+',
  '*',
  '**',
  '%',
  'if ',
  'else',
  'for ',
  ' in ',
  'import os',
  'def f():',
  'lambda',
  '1',
  '0x',
  '1e',
  '\u0000',
  '\r',
  '\u00e9',
  'x',
  '==',
  'not ',
  'master_doc',
  'extensions',
  'exclude_patterns',
  '@',
  ';',
  'try:',
  'except',
  'with ',
  'yield',
  'import sys',
  'sys.version_info',
  '[0]',
  '[:2]',
  '.major',
  '(3, 8)',
  '(3,)',
  ' < ',
  ' >= ',
  'except ImportError:',
  'except (ValueError, ImportError) as e:',
  'import urllib2',
  'import nonexistent',
  'from sphinx import x',
  'elif ',
  'rst_prolog',
  '.append(',
  'del '
]

/** A string made of `alphabet` tokens, or raw unicode, up to `max` tokens. */
export function hostileText(alphabet, max = 200) {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(fc.constantFrom(...alphabet), {maxLength: max}).map((a) => a.join(''))
    },
    {weight: 1, arbitrary: fc.string({unit: 'binary', maxLength: max})},
    // A long run of one character: the shape that finds backtracking and deep recursion.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...alphabet),
          fc.integer({min: 1, max: 2000}),
          fc.constantFrom(...alphabet)
        )
        .map(([c, n, tail]) => c.repeat(n) + tail)
    }
  )
}

function assertPoint(point, length, what) {
  if (!point) return
  const {line, column, offset} = point
  if (!Number.isInteger(line) || line < 1) throw new Error(`${what}: bad line ${line}`)
  if (!Number.isInteger(column) || column < 1) throw new Error(`${what}: bad column ${column}`)
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0 || offset > length)) {
    throw new Error(`${what}: offset ${offset} out of 0..${length}`)
  }
}

/** Walk an RST tree checking every node's position is inside the text and ordered. */
function checkRstTree(node, length, lines) {
  const stack = [node]
  while (stack.length > 0) {
    const current = stack.pop()
    const position = current.position
    if (position) {
      assertPoint(position.start, length, current.type)
      assertPoint(position.end, length, current.type)
      if (position.start.line > lines + 1) throw new Error(`${current.type}: line past end`)
      if (
        position.start.offset !== undefined &&
        position.end.offset !== undefined &&
        position.start.offset > position.end.offset
      ) {
        throw new Error(`${current.type}: start after end`)
      }
    }
    if (Array.isArray(current.children)) stack.push(...current.children)
  }
}

/** An upper bound of the line count: every character any reader may treat as a line end counts. */
function lineCount(text) {
  let count = 1
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (
      code === 10 ||
      code === 13 ||
      (code >= 11 && code <= 12) ||
      (code >= 0x1c && code <= 0x1e) ||
      code === 0x85 ||
      code === 0x2028 ||
      code === 0x2029
    )
      count++
  }
  return count
}

function checkLine(line, text, what) {
  // Problems on an empty file may say line 1; a line past the last one is a bug.
  if (!Number.isInteger(line) || line < 0 || line > lineCount(text) + 1)
    throw new Error(`${what}: line ${line}`)
}

const CONFIG_ALPHABET = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  '// c\n',
  '/* c */',
  ' ',
  '\n',
  '1',
  '-1',
  '1e999',
  'true',
  'null',
  '"rules"',
  '"orphan"',
  '"off"',
  '"error"',
  '"sphinx"',
  '"version"',
  '"5.3"',
  '"tags"',
  '"limits"',
  '"maxFileSize"',
  '"ignore"',
  '"**"',
  '"extends"',
  '"__proto__"',
  '"constructor"',
  '"excludePatterns"',
  '"sourceSuffix"',
  '\\',
  '\u0000',
  '\ufeff',
  '\ud800'
]
const MYST_ALPHABET = [
  '```{toctree}\n',
  '```\n',
  '```{eval-rst}\n',
  ':::{note}\n',
  ':::\n',
  '{doc}`a`',
  '{ref}`x <y>`',
  '(label)=\n',
  '[text](other.md#a)',
  '[x]: http://a\n',
  '# T\n',
  '---\n',
  ':maxdepth: 2\n',
  '% c\n',
  '<!-- doclint-disable-next-line orphan -->\n',
  '`',
  '\\',
  '*',
  '_',
  '|',
  '$',
  ' ',
  '    ',
  '\n',
  '\r',
  '\t',
  '>',
  '-',
  '1.',
  'a',
  '\u0000',
  '\ud83d\ude00'
]

const B85 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~'

/** git's base85 lines (a length letter, then 5 digits per 4 bytes) of `bytes`. */
function base85Lines(bytes) {
  const lines = []
  for (let i = 0; i < bytes.length; i += 52) {
    const chunk = bytes.subarray(i, i + 52)
    let line =
      chunk.length <= 26
        ? String.fromCharCode(64 + chunk.length)
        : String.fromCharCode(96 + chunk.length - 26)
    for (let j = 0; j < chunk.length; j += 4) {
      let value = 0
      for (let k = 0; k < 4; k++) value = value * 256 + (chunk[j + k] ?? 0)
      let digits = ''
      for (let k = 0; k < 5; k++) {
        digits = B85[value % 85] + digits
        value = Math.floor(value / 85)
      }
      line += digits
    }
    lines.push(line)
  }
  return lines
}

/** A git delta varint (7 bits a byte, low first). */
function varint(value) {
  const out = []
  let rest = value
  do {
    let byte = rest % 128
    rest = Math.floor(rest / 128)
    if (rest > 0) byte |= 128
    out.push(byte)
  } while (rest > 0)
  return out
}

/**
 * A `GIT binary patch` of `x.bin`: a literal or a delta, deflated for real (so the reader gets
 * past zlib), with a declared size that may lie, and ops that may point anywhere.
 */
function binaryPatch(maxDeclared) {
  return fc
    .record({
      base: fc.uint8Array({maxLength: 64}),
      payload: fc.uint8Array({maxLength: 96}),
      delta: fc.boolean(),
      lie: fc.option(fc.integer({min: 0, max: maxDeclared}), {nil: undefined}),
      resultSize: fc.integer({min: 0, max: maxDeclared}),
      level: fc.integer({min: 0, max: 9}),
      garble: fc.option(fc.nat(400), {nil: undefined})
    })
    .map(({base, payload, delta, lie, resultSize, level, garble}) => {
      const raw = delta
        ? Uint8Array.from([...varint(base.length), ...varint(resultSize), ...payload])
        : payload
      const deflated = new Uint8Array(zlib.deflateSync(raw, {level}))
      const declared = lie ?? raw.length
      const lines = base85Lines(deflated)
      let text = [
        'diff --git a/x.bin b/x.bin',
        'index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644',
        'GIT binary patch',
        `${delta ? 'delta' : 'literal'} ${declared}`,
        ...lines,
        '',
        'literal 0',
        'HcmV?d00001',
        '',
        ''
      ].join('\n')
      if (garble !== undefined && text.length > 0) {
        const at = garble % text.length
        text = text.slice(0, at) + text.slice(at + 1)
      }
      return {text, base: [...base]}
    })
}

/** Walk any facts object: every `line` and range inside the text. */
function checkFactsLines(facts, text, what) {
  const stack = [facts]
  const lines = lineCount(text)
  while (stack.length > 0) {
    const value = stack.pop()
    if (Array.isArray(value)) stack.push(...value)
    else if (value !== null && typeof value === 'object') {
      if (typeof value.line === 'number' && typeof value.column === 'number') {
        if (value.line < 1 || value.line > lines + 1 || value.column < 1)
          throw new Error(`${what}: point ${value.line}:${value.column} outside ${lines} lines`)
      } else stack.push(...Object.values(value))
    }
  }
}

/**
 * The fuzz targets, given the readers: for each, an arbitrary input and a check that throws on a
 * bug (an exception other than the reader's own refusal, a position outside the text). `api`
 * holds rstParse, rstFacts, mystFacts, parseDiff, applyPatch, MemoryTree, readPatchInput,
 * parseAutomake, parseMeson, readConfPy, parseConfig and ConfigError. Inputs are strings, or
 * `{bytes}` / `{text, base}` objects, so a saved crash replays exactly.
 */
export function makeTargets(api) {
  return {
    rst: {
      input: hostileText(RST_ALPHABET),
      check(text) {
        const root = api.rstParse(text)
        checkRstTree(root, text.length, lineCount(text))
        if (api.rstFacts) checkFactsLines(api.rstFacts(root, text), text, 'rst facts')
      }
    },
    myst: {
      input: hostileText(MYST_ALPHABET),
      check(text) {
        checkFactsLines(api.mystFacts(text), text, 'myst facts')
      }
    },
    diff: {
      input: hostileText(DIFF_ALPHABET),
      check(text) {
        const parsed = api.parseDiff(text, {source: 'fuzz'})
        if (!Array.isArray(parsed.files) || !Array.isArray(parsed.problems))
          throw new Error('shape')
        for (const file of parsed.files) {
          checkLine(file.patchLine, text, 'file.patchLine')
          for (const hunk of file.hunks) {
            checkLine(hunk.patchLine, text, 'hunk.patchLine')
            if (hunk.oldStart < 0 || hunk.newStart < 0) throw new Error('negative hunk start')
          }
        }
        for (const problem of parsed.problems) {
          if (problem.ruleId !== 'patch-malformed' && problem.ruleId !== 'patch-apply')
            throw new Error(`rule ${problem.ruleId}`)
        }
      }
    },
    binaryPatch: {
      input: binaryPatch(2 ** 41),
      async check({text, base}) {
        const parsed = api.parseDiff(text, {source: 'fuzz'})
        const tree = new api.MemoryTree({'x.bin': Uint8Array.from(base)})
        const result = await api.applyPatch(tree, parsed, {source: 'fuzz'})
        if (typeof result.ok !== 'boolean') throw new Error('shape')
        if (!result.ok && result.problems.length === 0) throw new Error('refused without a word')
      }
    },
    mail: {
      input: hostileText(DIFF_ALPHABET),
      async check(text) {
        const result = await api.readPatchInput(new TextEncoder().encode(text), 'fuzz.mbox', {
          maxPatches: 50
        })
        if (!Array.isArray(result.patches) || !Array.isArray(result.problems))
          throw new Error('shape')
        for (const patch of result.patches) {
          if (typeof patch.diff !== 'string' || patch.index < 1 || patch.total < 1)
            throw new Error('patch shape')
        }
      }
    },
    mailBytes: {
      input: fc.uint8Array({maxLength: 400}).map((bytes) => ({bytes: [...bytes]})),
      async check({bytes}) {
        const result = await api.readPatchInput(Uint8Array.from(bytes), 'fuzz.bin', {
          maxPatches: 50
        })
        if (!Array.isArray(result.problems)) throw new Error('shape')
      }
    },
    automake: {
      input: hostileText(MAKE_ALPHABET),
      check(text) {
        const parsed = api.parseAutomake(text, 'Makefile.am')
        for (const statement of parsed.statements) {
          checkLine(statement.line, text, 'statement.line')
          if (
            statement.start < 0 ||
            statement.end > text.length ||
            statement.start > statement.end
          ) {
            throw new Error(`statement span ${statement.start}..${statement.end} of ${text.length}`)
          }
          for (const offset of statement.offsets) {
            if (offset < 0 || offset >= text.length)
              throw new Error(`offset ${offset} of ${text.length}`)
          }
        }
        for (const problem of parsed.problems) checkLine(problem.line, text, 'problem.line')
      }
    },
    meson: {
      input: hostileText(MAKE_ALPHABET),
      check(text) {
        const result = api.parseMeson(text, 'meson.build')
        for (const problem of result.problems) checkLine(problem.line, text, 'problem.line')
        for (const places of result.variables.values()) {
          for (const place of places) {
            if (place.start < 0 || place.end > text.length || place.start > place.end)
              throw new Error('variable span')
          }
        }
      }
    },
    confpy: {
      input: hostileText(PY_ALPHABET),
      check(text) {
        const result = api.readConfPy(text)
        for (const line of result.lines.values()) checkLine(line, text, 'lines')
        for (const item of result.unresolved) checkLine(item.line, text, 'unresolved.line')
      }
    },
    config: {
      input: hostileText(CONFIG_ALPHABET),
      check(text) {
        try {
          api.parseConfig(text, {
            file: '.doclintrc.json',
            display: '.doclintrc.json',
            ruleIds: ['orphan', 'doc-unknown'],
            ruleOptionSchemas: {}
          })
        } catch (error) {
          if (!(error instanceof api.ConfigError)) throw error
        }
      }
    }
  }
}

/**
 * conf.py shapes that once cost more than their size (each a function of a repeat count): shared
 * lists doubling, a big value copied by every undecidable branch, nested `try` bodies run twice,
 * dict keys, comparisons and sorts of big lists, strings doubling, aliases of one big value.
 */
export const CONFPY_SHAPES = {
  dag: (n) => 'x = [1]\n' + 'x = [x, x]\n'.repeat(n),
  cloneIfs: (n) =>
    'import os\nx = ["a"] * 900000\n' + 'if os.environ.get("A"):\n    y = 1\n'.repeat(n),
  nestedTry: (n) => {
    let text = ''
    for (let i = 0; i < n; i++)
      text += `${'    '.repeat(i)}try:\n${'    '.repeat(i + 1)}import mod${i}\n`
    text += `${'    '.repeat(n)}exclude_patterns = ["x"]\n`
    for (let i = n - 1; i >= 0; i--)
      text += `${'    '.repeat(i)}except ImportError:\n${'    '.repeat(i + 1)}pass\n`
    return text
  },
  dictKeys: (n) => 'd = {}\n' + Array.from({length: n}, (_, i) => `d["k${i}"] = ${i}\n`).join(''),
  compare: (n) => 'x = list(range(20000))\n' + 'y = x == x\n'.repeat(n),
  sorts: (n) => 'x = [str(i) for i in range(20000)]\n' + 'y = sorted(set(x))\n'.repeat(n),
  strings: (n) => 's = "a" * 1000\n' + 's = s + s\n'.repeat(n),
  aliases: (n) =>
    's = "a" * 100000\nx = [s] * 10\n' + Array.from({length: n}, (_, i) => `y${i} = x\n`).join(''),
  branches: (n) =>
    'import os\nexclude_patterns = []\n' +
    Array.from(
      {length: n},
      (_, i) => `if os.environ.get("A${i}"):\n    exclude_patterns.append("p${i}")\n`
    ).join('')
}

/**
 * Cost properties (operation counts, never clocks): for every shape at generated sizes, conf.py's
 * reader does at most WORK_PER_BYTE element operations and STEPS_PER_BYTE statements a byte
 * (above fixed floors), and what it hands on (written out as JSON) is bounded too.
 */
export function makeCostProperties(api, maxCount = 3000) {
  const {workPerByte, workFloor, stepsPerByte, stepsFloor, maxExport} = api.confpyLimits
  return {
    confpyCost: fc.property(
      fc.constantFrom(...Object.keys(CONFPY_SHAPES)),
      fc.integer({min: 1, max: maxCount}),
      (shape, n) => {
        // nested blocks are limited by the parser; the other shapes grow in lines
        const count = shape === 'nestedTry' ? Math.min(n, 60) : n
        for (const size of [count, 2 * count]) {
          const text = CONFPY_SHAPES[shape](size)
          const result = api.readConfPy(text)
          const {steps, work} = result.cost
          if (work > workPerByte * text.length + workFloor)
            throw new Error(`${shape}(${size}): work ${work} for ${text.length} bytes`)
          if (steps > stepsPerByte * text.length + stepsFloor)
            throw new Error(`${shape}(${size}): ${steps} statements for ${text.length} bytes`)
          const written = JSON.stringify([...result.values])?.length ?? 0
          if (written > 8 * maxExport)
            throw new Error(`${shape}(${size}): values written out are ${written} characters`)
        }
      }
    )
  }
}

/** The targets as fast-check properties (async where the check is). */
export function makeProperties(api) {
  const out = {}
  for (const [name, target] of Object.entries(makeTargets(api))) {
    out[name] =
      target.check.constructor.name === 'AsyncFunction'
        ? fc.asyncProperty(target.input, (input) => target.check(input))
        : fc.property(target.input, (input) => target.check(input))
  }
  return out
}
