/** Property tests: the readers never throw, whatever the input. */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {readPatchInput} from '../../src/patch/read.js'
import {MemoryTree} from '../../src/tree/memory.js'

const SAMPLE = [
  'From 1234567890123456789012345678901234567890 Mon Sep 17 00:00:00 2001',
  'From: A <a@b>',
  'Subject: [PATCH 1/2] x',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'body',
  '---',
  'diff --git a/x.rst "b/y\\303\\251.rst"',
  'similarity index 90%',
  'rename from x.rst',
  'rename to y.rst',
  'new file mode 120000',
  'index 1111111..2222222 100644',
  '--- a/x.rst',
  '+++ b/x.rst',
  '@@ -1,3 +1,3 @@ title',
  ' a',
  '-b',
  '+c',
  '\\ No newline at end of file',
  'GIT binary patch',
  'literal 4',
  'LcmZQzWMTjS01E&F',
  '',
  '-- ',
  '2.43.0',
  ''
].join('\n')

const sampleLines = SAMPLE.split('\n')

/** Mutations of a realistic patch: lines dropped, duplicated, swapped and garbled. */
const mutatedPatch = fc
  .array(
    fc.oneof(
      fc.constantFrom(...sampleLines),
      fc.string({maxLength: 30}),
      fc.constantFrom(
        '@@ -0,0 +1 @@',
        '@@ -99999999,2 +1 @@',
        '@@ -1,0 +0,0 @@',
        '+++ /dev/null',
        '--- /dev/null',
        'rename to ../x',
        'delta 12',
        'literal 99'
      )
    ),
    {maxLength: 40}
  )
  .map((lines) => lines.join('\n'))

describe('parsers never throw', () => {
  it('parseDiff on random text and mutated patches', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({maxLength: 400}), mutatedPatch), (text) => {
        const parsed = parseDiff(text)
        expect(Array.isArray(parsed.files)).toBe(true)
      }),
      {numRuns: 500}
    )
  })

  it('applyPatch on mutated patches gives a result, not an exception', async () => {
    const tree = new MemoryTree({'x.rst': 'a\nb\n', 'y.rst': 'c\n'})
    await fc.assert(
      fc.asyncProperty(mutatedPatch, async (text) => {
        const result = await applyPatch(tree, parseDiff(text))
        expect(typeof result.ok).toBe('boolean')
      }),
      {numRuns: 300}
    )
  })

  it('readPatchInput on random bytes and mutated mails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({maxLength: 300}),
          mutatedPatch.map((text) => new TextEncoder().encode(text)),
          fc
            .string({maxLength: 100})
            .map((text) => new TextEncoder().encode(`{"patches": [${text}]}`))
        ),
        async (bytes) => {
          const read = await readPatchInput(bytes, 'fuzz')
          expect(
            read.patches.length +
              read.problems.length +
              read.references.length +
              read.skipped.length
          ).toBeGreaterThan(0)
        }
      ),
      {numRuns: 300}
    )
  })
})
