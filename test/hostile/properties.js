/**
 * Fuzz properties over every reader of untrusted text, shared by the bounded CI test
 * (test/hostile/fuzz.test.ts, sources) and the long runner (scripts/fuzz.js, dist). Plain
 * JavaScript so the script can run it without a TypeScript loader; the API is passed in so each
 * side can hand over its own build of the readers.
 */
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
  'yield'
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

/**
 * The properties, given the readers. `api` holds: rstParse(text), parseDiff(text),
 * readPatchInput(bytes, name), parseAutomake(text, file), parseMeson(text, file),
 * readConfPy(text). Each returns a fast-check property.
 */
export function makeProperties(api) {
  return {
    rst: fc.property(hostileText(RST_ALPHABET), (text) => {
      const root = api.rstParse(text)
      checkRstTree(root, text.length, lineCount(text))
    }),
    diff: fc.property(hostileText(DIFF_ALPHABET), (text) => {
      const parsed = api.parseDiff(text, {source: 'fuzz'})
      if (!Array.isArray(parsed.files) || !Array.isArray(parsed.problems)) throw new Error('shape')
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
    }),
    mail: fc.asyncProperty(hostileText(DIFF_ALPHABET), async (text) => {
      const result = await api.readPatchInput(new TextEncoder().encode(text), 'fuzz.mbox', {
        maxPatches: 50
      })
      if (!Array.isArray(result.patches) || !Array.isArray(result.problems))
        throw new Error('shape')
      for (const patch of result.patches) {
        if (typeof patch.diff !== 'string' || patch.index < 1 || patch.total < 1)
          throw new Error('patch shape')
      }
    }),
    mailBytes: fc.asyncProperty(fc.uint8Array({maxLength: 400}), async (bytes) => {
      const result = await api.readPatchInput(bytes, 'fuzz.bin', {maxPatches: 50})
      if (!Array.isArray(result.problems)) throw new Error('shape')
    }),
    automake: fc.property(hostileText(MAKE_ALPHABET), (text) => {
      const parsed = api.parseAutomake(text, 'Makefile.am')
      for (const statement of parsed.statements) {
        checkLine(statement.line, text, 'statement.line')
        if (statement.start < 0 || statement.end > text.length || statement.start > statement.end) {
          throw new Error(`statement span ${statement.start}..${statement.end} of ${text.length}`)
        }
        for (const offset of statement.offsets) {
          if (offset < 0 || offset >= text.length)
            throw new Error(`offset ${offset} of ${text.length}`)
        }
      }
      for (const problem of parsed.problems) checkLine(problem.line, text, 'problem.line')
    }),
    meson: fc.property(hostileText(MAKE_ALPHABET), (text) => {
      const result = api.parseMeson(text, 'meson.build')
      for (const problem of result.problems) checkLine(problem.line, text, 'problem.line')
      for (const places of result.variables.values()) {
        for (const place of places) {
          if (place.start < 0 || place.end > text.length || place.start > place.end)
            throw new Error('variable span')
        }
      }
    }),
    confpy: fc.property(hostileText(PY_ALPHABET), (text) => {
      const result = api.readConfPy(text)
      for (const line of result.lines.values()) checkLine(line, text, 'lines')
      for (const item of result.unresolved) checkLine(item.line, text, 'unresolved.line')
    })
  }
}
