#!/usr/bin/env node
/**
 * Long fuzz runs of the hostile-input properties (test/hostile/properties.js) against the build
 * in dist/. Usage: node scripts/fuzz.js [SEED] [RUNS] [PROPERTY...]. A failure prints the seed,
 * path and counterexample; save it under fixtures/hostile/ with a regression test.
 */
import fc from 'fast-check'
import {parse as rstParse} from '../dist/src/rst/parse.js'
import {parseDiff} from '../dist/src/patch/diff.js'
import {readPatchInput} from '../dist/src/patch/read.js'
import {parseAutomake} from '../dist/src/manifests/automake.js'
import {parseMeson} from '../dist/src/manifests/meson.js'
import {readConfPy} from '../dist/src/project/confpy.js'
import {makeProperties} from '../test/hostile/properties.js'

const seed = Number(process.argv[2] ?? Date.now() % 2 ** 31)
const runs = Number(process.argv[3] ?? 20000)
const only = process.argv.slice(4)
const properties = makeProperties({
  rstParse,
  parseDiff,
  readPatchInput,
  parseAutomake,
  parseMeson,
  readConfPy
})

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
  } else {
    process.stdout.write(`ok (${seconds}s)\n`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
