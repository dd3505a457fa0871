#!/usr/bin/env node
/**
 * Long fuzz runs of the hostile-input properties (test/hostile/properties.js) against the build
 * in dist/. Usage: node scripts/fuzz.js [SEED] [RUNS] [PROPERTY...]. A failure prints the seed,
 * path and counterexample, and saves the input as fixtures/fuzz-crashes/<reader>/<hash>.json,
 * which test/hostile/fuzz.test.ts replays in every `npm test` (fix the bug, keep the file).
 */
import {createHash} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {ConfigError} from '../dist/src/config/error.js'
import {parseConfig} from '../dist/src/config/parse.js'
import {extractRstFacts} from '../dist/src/facts/rst.js'
import {extractMarkdownFacts} from '../dist/src/facts/markdown.js'
import {applyPatch} from '../dist/src/patch/apply.js'
import {MemoryTree} from '../dist/src/tree/memory.js'
import {parse as rstParse} from '../dist/src/rst/parse.js'
import {parseDiff} from '../dist/src/patch/diff.js'
import {readPatchInput} from '../dist/src/patch/read.js'
import {parseAutomake} from '../dist/src/manifests/automake.js'
import {parseMeson} from '../dist/src/manifests/meson.js'
import {CONF_PY_LIMITS, readConfPy} from '../dist/src/project/confpy.js'
import {makeCostProperties, makeProperties} from '../test/hostile/properties.js'

const seed = Number(process.argv[2] ?? Date.now() % 2 ** 31)
const runs = Number(process.argv[3] ?? 20000)
const only = process.argv.slice(4)
const properties = makeProperties({
  rstParse,
  rstFacts: extractRstFacts,
  mystFacts: (text) => extractMarkdownFacts(text, {}),
  parseDiff,
  applyPatch,
  MemoryTree,
  readPatchInput,
  parseAutomake,
  parseMeson,
  readConfPy,
  parseConfig,
  ConfigError
})
// cost in proportion to size (operation counts), at sizes up to 3,000 repeats
Object.assign(properties, makeCostProperties({readConfPy, confpyLimits: CONF_PY_LIMITS}, 3000))
const crashes = path.resolve(import.meta.dirname, '..', 'fixtures', 'fuzz-crashes')

/** Keep a failing input where the tests replay it; returns the file. */
function saveCrash(reader, input) {
  const text = `${JSON.stringify({input}, null, 1)}\n`
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
  const folder = path.join(crashes, reader)
  mkdirSync(folder, {recursive: true})
  const file = path.join(folder, `${hash}.json`)
  writeFileSync(file, text)
  return path.relative(process.cwd(), file)
}

let failed = 0
for (const [name, property] of Object.entries(properties)) {
  if (only.length > 0 && !only.includes(name)) continue
  const started = performance.now()
  // interruptAfterTimeLimit is not used: a hang must show up as a hang, with the seed printed first.
  process.stdout.write(`${name}: seed ${seed}, ${runs} runs... `)
  const details = await fc.check(property, {seed, numRuns: runs})
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (details.failed) {
    failed++
    process.stdout.write(`FAILED after ${details.numRuns} runs (${seconds}s)\n`)
    process.stdout.write(`  path: ${details.counterexamplePath}\n`)
    process.stdout.write(`  counterexample: ${JSON.stringify(details.counterexample)}\n`)
    process.stdout.write(
      `  error: ${details.errorInstance instanceof Error ? details.errorInstance.stack : String(details.errorInstance)}\n`
    )
    if (details.counterexample) {
      process.stdout.write(`  saved: ${saveCrash(name, details.counterexample[0])}\n`)
    }
  } else {
    process.stdout.write(`ok (${seconds}s)\n`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
