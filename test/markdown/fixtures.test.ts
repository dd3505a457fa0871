/**
 * The Markdown fixture trees (fixtures/markdown/<case>) against what Sphinx 5.3 + myst-parser 0.18
 * reported for them (sphinx-oracle.jsonl, recorded with /work/shared/tools/sphinx-oracle): every
 * Sphinx finding located in a Markdown document must be backed by a fact at that line, and the
 * facts must hold no reference Sphinx did not see. Naming convention in the trees: targets called
 * `nope-…` are broken references Sphinx reports, `not-…` are text Sphinx never reads.
 */
import {readFileSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import type {DocFacts} from '../../src/facts/types.js'
import {extractMarkdownFacts} from '../../src/facts/markdown.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'markdown')

interface OracleRecord {
  rule: string
  file: string
  line: number | null
  target: string | null
  message: string
}

function markdownFiles(dir: string, prefix = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) out.push(...markdownFiles(full, `${prefix}${name}/`))
    else if (name.endsWith('.md')) out.push(`${prefix}${name}`)
  }
  return out
}

/** Reads the few conf.py values the front end needs (the fixtures write them plainly). */
function confOptions(caseDir: string): {headingAnchors: number; extensions: string[]} {
  const conf = readFileSync(path.join(caseDir, 'conf.py'), 'utf8')
  const anchors = /^myst_heading_anchors\s*=\s*(\d+)/m.exec(conf)?.[1]
  const extensions = /^myst_enable_extensions\s*=\s*[([]([^\])]*)[\])]/m.exec(conf)?.[1] ?? ''
  return {
    headingAnchors: anchors === undefined ? 0 : Number(anchors),
    extensions: [...extensions.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '')
  }
}

/** Whether a fact backs one Sphinx finding (same line, same target). */
function backed(record: OracleRecord, facts: DocFacts): boolean {
  const line = record.line
  const first = record.message.split('\n')[0] ?? ''
  const quoted = /'([^']*)'/.exec(first)?.[1]
  const xrefAt = (kind: string, target: string | undefined) =>
    facts.xrefs.some((x) => x.kind === kind && x.target === target && x.blockLine === line)
  const toctreeAt = () => facts.toctrees.filter((t) => t.range.start.line === line)
  const stripSuffix = (ref: string) => ref.replace(/\.(md|rst)$/, '')
  switch (record.rule) {
    case 'doc-unknown':
      return xrefAt('doc', record.target ?? undefined)
    case 'ref-undefined':
      return (
        xrefAt('ref', record.target ?? undefined) || xrefAt('numref', record.target ?? undefined)
      )
    case 'download-missing':
      return xrefAt('download', record.target ?? undefined)
    case 'image-missing':
      return facts.images.some((i) => i.uri === record.target)
    case 'label-duplicate':
      return facts.labels.some((l) => l.name === record.target && l.reportLine === line)
    case 'toctree-missing':
    case 'toctree-untitled':
      return toctreeAt().some((t) =>
        t.entries.some((e) => stripSuffix(e.ref) === record.target && t.valid)
      )
    default:
      break
  }
  if (first.startsWith("'myst' reference target not found: ")) {
    return xrefAt('mdlink', first.slice("'myst' reference target not found: ".length))
  }
  if (first.startsWith('Failed to create a cross reference. A title or caption not found')) {
    return xrefAt('ref', quoted)
  }
  if (first.startsWith('term not in glossary')) return xrefAt('term', quoted)
  if (first.startsWith('numfig is disabled')) {
    return facts.xrefs.some((x) => x.kind === 'numref' && x.blockLine === line)
  }
  if (first.startsWith("Directive 'toctree'")) {
    return toctreeAt().some((t) => !t.valid && t.error === first)
  }
  if (first.startsWith('Unknown directive type') || first.startsWith('Disallowed nested header')) {
    return facts.problems.some((p) => p.line === line && p.message === first)
  }
  if (first.startsWith('Directive "include"')) {
    return facts.includes.some((i) => i.range.start.line === line)
  }
  return false
}

const cases = readdirSync(ROOT).filter((name) => statSync(path.join(ROOT, name)).isDirectory())

describe('Markdown fixture trees agree with Sphinx + MyST', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3)
  })
  for (const name of cases) {
    const caseDir = path.join(ROOT, name)
    const records = readFileSync(path.join(caseDir, 'sphinx-oracle.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OracleRecord)
    const options = confOptions(caseDir)
    const facts = new Map(
      markdownFiles(caseDir).map((file) => [
        file,
        extractMarkdownFacts(readFileSync(path.join(caseDir, file), 'utf8'), options)
      ])
    )

    describe(name, () => {
      for (const record of records) {
        const fileFacts = facts.get(record.file)
        // included fragments are reported by Sphinx in the including context (line shifted by
        // MyST's include), and whole-file findings (orphan) have no line: the graph owns those
        if (!fileFacts || record.line === null || record.file.startsWith('parts/')) continue
        it(`${record.file}:${record.line} ${record.message.split('\n')[0]}`, () => {
          expect(backed(record, fileFacts)).toBe(true)
        })
      }

      it('every `nope-…` reference is reported by Sphinx, no `not-…` text is a reference', () => {
        for (const [file, fileFacts] of facts) {
          if (file.startsWith('parts/')) continue
          for (const x of fileFacts.xrefs) {
            expect(x.target.startsWith('not-'), `${file}: ${x.target}`).toBe(false)
            if (!x.target.startsWith('nope') || x.disabled) continue
            const reported = records.some(
              (r) => r.file === file && r.line === x.blockLine && r.message.includes(x.target)
            )
            expect(reported, `${file}:${x.blockLine} ${x.target}`).toBe(true)
          }
        }
      })

      it('labels are untitled exactly where Sphinx cannot find a title', () => {
        const untitledBySphinx = new Set(
          records
            .map((r) => /A title or caption not found: '([^']*)'/.exec(r.message)?.[1])
            .filter((name): name is string => name !== undefined)
        )
        for (const [file, fileFacts] of facts) {
          for (const label of fileFacts.labels) {
            if (label.anchorOnly || label.duplicateInFile) continue
            expect(label.titled, `${file}: ${label.name}`).toBe(!untitledBySphinx.has(label.name))
          }
        }
      })

      it('orphan findings match the front matter', () => {
        for (const [file, fileFacts] of facts) {
          const orphanReported = records.some((r) => r.rule === 'orphan' && r.file === file)
          if (fileFacts.metadata.orphan !== undefined) expect(orphanReported).toBe(false)
        }
      })
    })
  }
})
