import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {rules} from '../rules/index.js'
import {FIXTURES, fixtureCases} from './fixture-runner.js'

const RULES_DIR = path.resolve(import.meta.dirname, '..', 'rules')
const REQUIRED = ['What it checks', 'Why', 'Options', 'Examples']
const ALLOWED = [...REQUIRED, 'Fix', 'Sphinx/Markdown notes']

describe('rule modules, docs and fixtures agree (docs/style.md §3.6)', () => {
  const files = readdirSync(RULES_DIR)
  const moduleIds = files
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
    .map((file) => file.slice(0, -3))
    .sort()

  it('rules/index.ts lists every rule module, sorted', () => {
    const ids = rules.map((rule) => rule.meta.id)
    expect(ids).toEqual([...ids].sort())
    expect(ids).toEqual(moduleIds)
  })

  it('rules/index.ts is what scripts/rules-index.js generates from the folder', () => {
    const result = spawnSync(process.execPath, ['scripts/rules-index.js', '--check'], {
      cwd: path.resolve(RULES_DIR, '..'),
      encoding: 'utf8'
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  for (const rule of rules) {
    const id = rule.meta.id
    describe(id, () => {
      it('has a kebab-case id', () => {
        expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
      })
      it('has a doc whose first line is the description and whose headings are fixed', () => {
        const doc = readFileSync(path.join(RULES_DIR, `${id}.md`), 'utf8')
        // The description is the first line, or the first line under a `# id` heading.
        const lines = doc.split('\n').filter((line) => line.trim() !== '')
        const lead = lines[0]?.startsWith('# ') ? lines[1] : lines[0]
        expect(lead).toBe(rule.meta.description)
        const headings = [...doc.matchAll(/^## (.+)$/gm)].map((match) => match[1]?.trim())
        for (const heading of REQUIRED) expect(headings).toContain(heading)
        for (const heading of headings) expect(ALLOWED).toContain(heading)
        if (rule.meta.fixable) expect(headings).toContain('Fix')
      })
      it('has fixtures with a valid case and a failing case', () => {
        const cases = fixtureCases(id)
        expect(
          cases.some((name) => name.startsWith('valid-')),
          `${FIXTURES}/${id}`
        ).toBe(true)
        expect(cases.some((name) => !name.startsWith('valid-'))).toBe(true)
      })
      it('has a message for every messageId it declares', () => {
        expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0)
        for (const template of Object.values(rule.meta.messages)) expect(template).not.toBe('')
        // That each one is produced by some fixture case: test/rules.test.ts.
      })
      it('says how its Sphinx warning is recognised, with patterns that match its own wording', () => {
        const {sphinx, sphinxMatch} = rule.meta
        expect(sphinxMatch === undefined, 'sphinx and sphinxMatch come together').toBe(
          sphinx === undefined
        )
        if (sphinx === undefined || sphinxMatch === undefined) return
        expect(sphinxMatch.patterns.length).toBeGreaterThan(0)
        expect(sphinxMatch.patterns.some((pattern) => pattern.test(sphinx))).toBe(true)
      })
    })
  }
})
