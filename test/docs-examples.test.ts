/**
 * The docs' examples are true (issue 19): every ```console block of docs/usage.md and
 * docs/configuration.md whose first line is `$ doclint ARGS` is run from the repository root, and
 * what follows it must be what doclint prints (stdout, then stderr; run times as `9 ms`). Every
 * ```jsonc block of docs/configuration.md must pass the real configuration validator. The
 * suppression examples of docs/usage.md must silence real findings.
 * `DOCLINT_UPDATE_DOCS=1 npx vitest run test/docs-examples.test.ts` rewrites the outputs.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {rules} from '../rules/index.js'
import {parseConfig} from '../src/config/parse.js'

const repo = path.resolve(import.meta.dirname, '..')
const bin = path.join(repo, 'bin', 'doclint.cjs')
const PAGES = ['docs/usage.md', 'docs/configuration.md']
const update = process.env.DOCLINT_UPDATE_DOCS === '1'

/** Split a shell-like argument line (no quotes are used in the docs' examples). */
function words(line: string): string[] {
  return line.trim().split(/\s+/)
}

function runExample(command: string): string {
  const result = spawnSync(process.execPath, [bin, ...words(command).slice(1)], {
    cwd: repo,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined}
  })
  return `${result.stdout}${result.stderr}`.replace(/, \d+ ms$/m, ', 9 ms')
}

const FENCE = /```(console|jsonc)\n([\s\S]*?)```/g

for (const page of PAGES) {
  describe(page, () => {
    const file = path.join(repo, page)
    const text = readFileSync(file, 'utf8')
    const blocks = [...text.matchAll(FENCE)]
    const consoles = blocks.filter((m) => m[1] === 'console')

    it('has examples', () => {
      expect(consoles.length).toBeGreaterThan(0)
    })

    it('shows what each command prints', () => {
      let rewritten = text
      for (const block of consoles) {
        const body = block[2] ?? ''
        const [first = ''] = body.split('\n')
        expect(first, `${page}: a console block starts with "$ doclint"`).toMatch(/^\$ doclint /)
        const expected = `${first}\n${runExample(first.slice(2))}`
        if (update) rewritten = rewritten.replace(block[0], `\`\`\`console\n${expected}\`\`\``)
        else expect(body, `${page}: ${first}`).toBe(expected)
      }
      if (update) writeFileSync(file, rewritten)
    })

    it('has only valid configurations', () => {
      const ruleIds = rules.map((rule) => rule.meta.id)
      const ruleOptionSchemas = Object.fromEntries(
        rules.flatMap((rule) => (rule.meta.options ? [[rule.meta.id, rule.meta.options]] : []))
      ) as Record<string, Record<string, unknown>>
      for (const block of blocks.filter((m) => m[1] === 'jsonc')) {
        const config = block[2] ?? ''
        expect(
          () =>
            parseConfig(config, {file: page, display: page, ruleIds, ruleOptionSchemas}) as unknown,
          config
        ).not.toThrow()
      }
    })
  })
}

describe('docs/usage.md suppression examples', () => {
  it('silence real findings, which --no-inline-config shows', () => {
    const text = readFileSync(path.join(repo, 'docs/usage.md'), 'utf8')
    const section = text.slice(text.indexOf('## Suppressions'), text.indexOf('## Ignoring files'))
    const rst = /```rst\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    const md = /```md\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    expect(rst).toContain('doclint-disable')
    expect(md).toContain('% doclint-disable-next-line')
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-docs-'))
    try {
      writeFileSync(path.join(dir, 'conf.py'), "extensions = ['myst_parser']\n")
      writeFileSync(path.join(dir, 'index.rst'), `T\n=\n\n.. toctree::\n\n   page\n\n${rst}`)
      writeFileSync(path.join(dir, 'page.md'), `# P\n\n${md}`)
      const lint = (...args: string[]) =>
        JSON.parse(
          spawnSync(process.execPath, [bin, '--format', 'json', ...args], {
            cwd: dir,
            encoding: 'utf8'
          }).stdout
        ) as {diagnostics: {rule: string; target?: string}[]}
      expect(lint().diagnostics).toEqual([])
      const shown = lint('--no-inline-config')
        .diagnostics.map((d) => d.target)
        .sort()
      expect(shown).toEqual(['api-calls', 'api-intro', 'api-intro', 'future/page', 'future/page'])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
