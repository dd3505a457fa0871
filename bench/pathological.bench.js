#!/usr/bin/env node
// Linear time on hostile lines: feeds each reader of untrusted text long runs of the characters
// its grammar treats specially, at sizes n, 2n, 4n, 8n, and prints the time per size and the
// ratio to the previous size (linear is ~2x per doubling; 4x means quadratic). Flags any run over
// one second, the budget of docs/bad-input.md.
// Usage: npm run build:dist && node bench/pathological.bench.js [n=20000] [filter]
import {performance} from 'node:perf_hooks'
import {parse as rstParse} from '../dist/src/rst/parse.js'
import {parseDiff} from '../dist/src/patch/diff.js'
import {readPatchInput} from '../dist/src/patch/read.js'
import {parseAutomake} from '../dist/src/manifests/automake.js'
import {parseMeson} from '../dist/src/manifests/meson.js'
import {readConfPy} from '../dist/src/project/confpy.js'

const base = Number(process.argv[2] ?? 20000)
const filter = process.argv[3]
const CHARS = ['`', ':', ' ', '\\', '*', '|', '_', '[']

/** Shapes per reader: name → (n) → text. Each is a run of one hostile character in context. */
const cases = []
for (const c of CHARS) {
  const name = JSON.stringify(c)
  cases.push(
    [`rst ${name} run`, (n) => c.repeat(n) + 'x\n'],
    [`rst ${name} alternating`, (n) => (c + 'a').repeat(n / 2) + '\n']
  )
  cases.push([`rst ${name} line per char`, (n) => `${c}x\n`.repeat(n / 3)])
  cases.push([
    `diff ${name} run`,
    (n) => `diff --git a/${c.repeat(n)} b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-${c.repeat(n)}\n+y\n`
  ])
  cases.push([`automake ${name} run`, (n) => `DOC_SOURCE = ${c.repeat(n)} \\\n\ta.rst\n`])
  cases.push([`meson ${name} run`, (n) => `docs = files('${c.repeat(n)}', ${c.repeat(n)})\n`])
  cases.push([`confpy ${name} run`, (n) => `project = '${c.repeat(n)}'\nx = ${c.repeat(n)}\n`])
}
cases.push(
  ['rst inline `a` pairs', (n) => '`a` '.repeat(n / 4) + '\n'],
  ['rst unclosed roles', (n) => ':a:`'.repeat(n / 4) + '\n'],
  // Depth d needs d columns of indentation, so the text grows as depth²: the sizes here are depths.
  [
    'rst nested quotes (depth)',
    (n) => Array.from({length: n / 100}, (_, i) => ' '.repeat(i) + 'q\n\n').join('')
  ],
  [
    'rst nested tab quotes (depth)',
    (n) =>
      Array.from(
        {length: n / 25},
        (_, i) => '\t'.repeat(Math.floor(i / 8)) + ' '.repeat(i % 8) + 'q\n\n'
      ).join('')
  ],
  // Dense inline markup on one line (one element every 4-9 characters), under the element limit
  ['rst dense emphasis', (n) => '*a* '.repeat(n / 4) + '\n'],
  ['rst dense emph/strong/literal', (n) => '*a* **b** ``c`` '.repeat(n / 16) + '\n'],
  ['rst dense roles', (n) => ':doc:`a` '.repeat(n / 9) + '\n'],
  ['rst dense references', (n) => '`a`_ b_ |c| [#]_ '.repeat(n / 17) + '\n'],
  // ... and far past it (10n characters: 22,000 to 178,000 roles, the limit is 100,000)
  ['rst roles past maxElements', (n) => ':doc:`a` '.repeat(n * 1.1) + '\n'],
  ['rst one role per line', (n) => '*a* `b`_ :ref:`c`\n'.repeat(n / 18)],
  ['rst long wrapped target name', (n) => '.. _a\n' + '   b\n'.repeat(n / 5) + '   c: d\n'],
  [
    'rst grid table, one wide row',
    (n) => `+${'-+'.repeat(n / 4)}\n|${'a|'.repeat(n / 4)}\n+${'-+'.repeat(n / 4)}\n`
  ],
  // 100 quotes deep with n blank lines inside: every level reads them again (bounded by
  // maxBlockElements: 160 re-read lines per element)
  [
    'rst blank lines 100 quotes deep',
    (n) =>
      Array.from({length: 100}, (_, i) => ' '.repeat(i) + 'q\n').join('\n') +
      '\n'.repeat(n) +
      ' '.repeat(100) +
      'x\n'
  ],
  ['rst many short lines', (n) => 'a\n'.repeat(n / 2)],
  ['rst deep list (one line)', (n) => '- '.repeat(n / 2) + 'x\n'],
  ['rst deep enumerated', (n) => '#. '.repeat(n / 3) + 'x\n'],
  [
    'rst table border',
    (n) => '+' + '-'.repeat(n) + '+\n|' + ' '.repeat(n) + '|\n+' + '-'.repeat(n) + '+\n'
  ],
  ['rst substitution refs', (n) => '|a| '.repeat(n / 4) + '\n'],
  ['rst targets', (n) => '_a '.repeat(n / 3) + '\n'],
  ['rst footnote refs', (n) => '[#]_ '.repeat(n / 5) + '\n'],
  ['rst blank lines', (n) => '\n'.repeat(n)],
  [
    'diff many hunks',
    (n) => 'diff --git a/x b/x\n--- a/x\n+++ b/x\n' + '@@ -1 +1 @@\n-a\n+b\n'.repeat(n / 20)
  ],
  [
    'diff many files',
    (n) => 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'.repeat(n / 50)
  ],
  ['diff quoted path', (n) => `diff --git "a/${'\\303'.repeat(n / 4)}" b/x\n`],
  ['automake continuations', (n) => 'DOC_SOURCE = \\\n' + '\ta.rst \\\n'.repeat(n / 9) + '\n'],
  ['automake nested $(', (n) => 'X = ' + '$('.repeat(n / 2) + '\n'],
  ['meson nested (', (n) => 'x = ' + '['.repeat(n / 2) + '\n'],
  ['confpy nested (', (n) => 'x = ' + '('.repeat(Math.min(n / 2, 5000)) + '\n'],
  ['confpy string concat', (n) => 'x = ' + "'a' + ".repeat(n / 6) + "'b'\n"]
)

/** Readers that take text; readPatchInput is async and is measured on the mail wrapper below. */
function reader(name) {
  if (name.startsWith('rst')) return (text) => rstParse(text)
  if (name.startsWith('diff')) return (text) => parseDiff(text)
  if (name.startsWith('automake')) return (text) => parseAutomake(text, 'Makefile.am')
  if (name.startsWith('meson')) return (text) => parseMeson(text, 'meson.build')
  return (text) => readConfPy(text)
}

/** Best of three: the machine's noise only ever adds time. */
function time(fn) {
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 3; round++) {
    const start = performance.now()
    fn()
    best = Math.min(best, performance.now() - start)
  }
  return best
}

let worst = 0
let flagged = 0
console.log(`n = ${base} characters; times in ms; ratio to the previous size (linear ~2)`)
for (const [name, make] of cases) {
  if (filter && !name.includes(filter)) continue
  const run = reader(name)
  run(make(Math.max(4, base / 8)))
  const cells = []
  let previous
  for (const factor of [1, 2, 4, 8]) {
    const text = make(base * factor)
    let ms
    try {
      ms = time(() => run(text))
    } catch (error) {
      cells.push(`THREW ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`)
      flagged++
      break
    }
    worst = Math.max(worst, ms)
    if (ms > 1000) flagged++
    const ratio = previous === undefined ? '' : ` x${(ms / Math.max(previous, 0.05)).toFixed(1)}`
    cells.push(`${ms.toFixed(1)}${ratio}${ms > 1000 ? ' SLOW' : ''}`)
    previous = ms
  }
  console.log(`${name.padEnd(28)} ${cells.join('  ')}`)
}

// The mail reader is async: measure a mail whose body is one hostile run per character.
for (const c of CHARS) {
  if (filter && !'mail'.includes(filter)) continue
  const cells = []
  let previous
  for (const factor of [1, 2, 4, 8]) {
    const body = c.repeat(base * factor)
    const mail = `From 0 Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nSubject: [PATCH] ${body}\n\n${body}\n---\ndiff --git a/x b/x\n`
    const bytes = new TextEncoder().encode(mail)
    const start = performance.now()
    await readPatchInput(bytes, 'bench.mbox')
    const ms = performance.now() - start
    worst = Math.max(worst, ms)
    if (ms > 1000) flagged++
    const ratio = previous === undefined ? '' : ` x${(ms / Math.max(previous, 0.05)).toFixed(1)}`
    cells.push(`${ms.toFixed(1)}${ratio}${ms > 1000 ? ' SLOW' : ''}`)
    previous = ms
  }
  console.log(`${`mail ${JSON.stringify(c)} run`.padEnd(28)} ${cells.join('  ')}`)
}
console.log(`worst: ${worst.toFixed(1)} ms; ${flagged} case(s) over 1 s or throwing`)
