/**
 * Property: whatever the list's layout (sorted or not, tabs or spaces, ` \` or `\t\`, closed by
 * `# end` or not, first word on the assignment line or not), applying the manifest rules' safe
 * fixes until none is left and re-reading the list gives the intended list, in place.
 */
import fc from 'fast-check'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import manifestDuplicate from '../../rules/manifest-duplicate.js'
import manifestMissing from '../../rules/manifest-missing.js'
import manifestUnlisted from '../../rules/manifest-unlisted.js'
import type {Diagnostic} from '../../src/diagnostic.js'
import {checkTree, prepareEngine, type Engine} from '../../src/engine/run.js'
import {applyFixes} from '../../src/fix/apply.js'
import {readAutomake} from '../../src/manifests/automake.js'
import {MemoryTree} from '../../src/tree/memory.js'

const RULES = [manifestDuplicate, manifestMissing, manifestUnlisted]

interface Layout {
  indent: string
  continuation: string
  end: boolean
  inline: boolean
  sorted: boolean
}

function makefile(words: string[], layout: Layout): string {
  const lines = words.map((word) => `${layout.indent}${word}`)
  if (layout.end) lines.push(`${layout.indent}# end`)
  const joined = lines.join(`${layout.continuation}\\\n`)
  const head =
    layout.inline && lines.length > 0
      ? `DOCS = ${joined.trimStart()}`
      : `DOCS =${layout.continuation}\\\n${joined}`
  return `# documentation\n${head}\nEXTRA_DIST = $(DOCS)\n`
}

async function lint(engine: Engine, files: Map<string, string>): Promise<Diagnostic[]> {
  return (await checkTree(engine, new MemoryTree(Object.fromEntries(files)))).diagnostics
}

describe('manifest fixes', () => {
  it('fix until stable, then the list is what it should be', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'doclint-manifest-fix-'))
    const engine = await prepareEngine({cwd, root: cwd, rules: RULES})
    const name = fc.stringMatching(/^[a-e][a-e0-9-]{0,5}$/)
    const arbitrary = fc.record({
      present: fc.uniqueArray(name, {minLength: 1, maxLength: 6}),
      missing: fc.uniqueArray(name, {maxLength: 3}),
      unlisted: fc.uniqueArray(name, {maxLength: 3}),
      duplicates: fc.nat({max: 2}),
      layout: fc.record({
        indent: fc.constantFrom('\t', '    ', '  '),
        continuation: fc.constantFrom(' ', '\t', '  '),
        end: fc.boolean(),
        inline: fc.boolean(),
        sorted: fc.boolean()
      }),
      seed: fc.integer()
    })
    await fc.assert(
      fc.asyncProperty(
        arbitrary,
        async ({present, missing, unlisted, duplicates, layout, seed}) => {
          const missingSet = missing.filter((n) => !present.includes(n))
          const unlistedSet = unlisted.filter(
            (n) => !present.includes(n) && !missingSet.includes(n)
          )
          let words = [...present, ...missingSet].map((n) => `doc/${n}.rst`)
          if (layout.sorted) words.sort()
          else {
            // A deterministic shuffle from the seed.
            let state = seed
            words = words
              .map((word) => {
                state = (state * 1103515245 + 12345) & 0x7fffffff
                return {word, key: state}
              })
              .sort((a, b) => a.key - b.key)
              .map((item) => item.word)
          }
          for (let i = 0; i < duplicates && words.length > 0; i++)
            words.push(words[i % words.length] ?? '')
          const files = new Map<string, string>([
            ['Makefile.am', makefile(words, layout)],
            ['conf.py', "master_doc = 'index'\n"],
            ['index.rst', 'Index\n=====\n']
          ])
          for (const n of [...present, ...unlistedSet])
            files.set(`doc/${n}.rst`, `${n}\n${'='.repeat(n.length)}\n`)
          let current = files
          let diagnostics = await lint(engine, current)
          for (let pass = 0; pass < 10; pass++) {
            const fixes = diagnostics.flatMap((d) =>
              d.fix?.applicability === 'safe' ? [d.fix] : []
            )
            if (fixes.length === 0) break
            current = applyFixes(current, fixes).files
            diagnostics = await lint(engine, current)
          }
          expect(diagnostics.filter((d) => d.fix?.applicability === 'safe')).toEqual([])
          expect(diagnostics.map((d) => d.message)).toEqual([])
          const reread = await readAutomake(
            new MemoryTree(Object.fromEntries(current)),
            'Makefile.am'
          )
          const listed = reread.entries('DOCS').map((e) => e.path)
          const expected = [...present, ...unlistedSet].map((n) => `doc/${n}.rst`)
          expect([...listed].sort()).toEqual([...expected].sort())
          // A sorted list stays sorted; kept words keep their relative order.
          const kept = listed.filter((p) => present.includes(p.slice(4, -4)))
          const original = [...new Set(words)].filter((p) => present.includes(p.slice(4, -4)))
          expect(kept).toEqual(original)
          const sortedBefore = words.every((word, i) => i === 0 || (words[i - 1] ?? '') <= word)
          if (sortedBefore) expect(listed).toEqual([...listed].sort())
          expect(reread.problems).toEqual([])
        }
      ),
      {numRuns: 120}
    )
  })
})
