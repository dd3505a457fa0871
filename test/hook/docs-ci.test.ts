/** docs/ci.md must stay in step with the files it documents. */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {HOOK_MARKER, hookScript} from '../../src/hook/install.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const read = (name: string): string => readFileSync(path.join(ROOT, name), 'utf8')
const doc = read('docs/ci.md')

function blocks(language: string): string[] {
  const found: string[] = []
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm')
  for (const match of doc.matchAll(fence)) found.push(match[1] ?? '')
  return found
}

interface Workflow {
  jobs: Record<string, {steps: {uses?: string; with?: Record<string, unknown>; if?: string}[]}>
}

describe('docs/ci.md', () => {
  it('shows a pre-commit config that uses the hook id .pre-commit-hooks.yaml defines', () => {
    const hooks = parse(read('.pre-commit-hooks.yaml')) as {id: string; entry: string}[]
    const config = parse(blocks('yaml')[0] ?? '') as {repos: {hooks: {id: string}[]}[]}
    expect(config.repos[0]?.hooks.map((hook) => hook.id)).toEqual(hooks.map((hook) => hook.id))
    expect(doc).toContain(`\`${hooks[0]?.entry}\``)
  })

  it('describes the hook install-hook writes', () => {
    expect(doc).toContain(HOOK_MARKER)
    expect(hookScript()).toContain('npx --no-install doclint --staged')
    expect(doc).toContain('`npx --no-install doclint --staged`')
  })

  it('shows a workflow whose action inputs exist and whose SARIF file is uploaded', () => {
    const action = parse(read('action.yml')) as {inputs: Record<string, unknown>}
    const workflow = parse(blocks('yaml')[1] ?? '') as Workflow
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const doclint = steps.find((step) => step.uses?.startsWith('doclint/doclint@'))
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))
    const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'))
    expect(checkout?.with?.['fetch-depth']).toBe(0)
    for (const input of Object.keys(doclint?.with ?? {})) {
      expect(Object.keys(action.inputs)).toContain(input)
    }
    expect(upload?.with?.['sarif_file']).toBe(doclint?.with?.['sarif'])
    // Every input is documented in the table.
    for (const input of Object.keys(action.inputs)) expect(doc).toContain(`| \`${input}\` |`)
  })
})
