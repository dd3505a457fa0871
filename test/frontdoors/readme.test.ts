/** README.md's "Use it in your project" says what the files it documents do. */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {hookScript} from '../../src/hook/install.js'
import {readmeBlock, readmeBlocks, readmeSection} from './readme.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const read = (name: string): string => readFileSync(path.join(ROOT, name), 'utf8')

interface Workflow {
  jobs: Record<string, {steps: {uses?: string; with?: Record<string, unknown>; if?: string}[]}>
}

describe('README: Use it in your project', () => {
  it('is docs/ci.md', () => {
    const readme = read('README.md')
    const embedded = readme.slice(
      readme.indexOf('<!-- ci:start -->\n') + 18,
      readme.indexOf('<!-- ci:end -->')
    )
    expect(embedded).toBe(read('docs/ci.md'))
  })

  it('shows a pre-commit config using the hook id .pre-commit-hooks.yaml defines', () => {
    const hooks = parse(read('.pre-commit-hooks.yaml')) as {id: string; entry: string}[]
    const config = parse(readmeBlock('pre-commit', 'yaml')) as {repos: {hooks: {id: string}[]}[]}
    expect(config.repos[0]?.hooks.map((hook) => hook.id)).toEqual(hooks.map((hook) => hook.id))
    expect(readmeSection('pre-commit')).toContain(`\`${hooks[0]?.entry}\``)
  })

  it('shows, exactly, the hook install-hook writes', () => {
    expect(readmeBlocks('npm and a plain git hook', 'sh')[1]).toBe(hookScript())
  })

  it('shows a workflow whose action inputs exist and whose SARIF file is uploaded', () => {
    const action = parse(read('action.yml')) as {inputs: Record<string, unknown>}
    const workflow = parse(readmeBlock('GitHub Action', 'yaml')) as Workflow
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const doclint = steps.find((step) => step.uses?.startsWith('doclint/doclint@'))
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))
    const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'))
    expect(doclint?.uses).toMatch(/^doclint\/doclint@v\d+$/)
    expect(checkout?.with?.['fetch-depth']).toBe(0)
    for (const input of Object.keys(doclint?.with ?? {})) {
      expect(Object.keys(action.inputs)).toContain(input)
    }
    expect(upload?.with?.['sarif_file']).toBe(doclint?.with?.['sarif'])
    for (const input of Object.keys(action.inputs)) {
      expect(readmeSection('GitHub Action')).toContain(`| \`${input}\` |`)
    }
  })

  it('pins the version package.json holds', () => {
    const {version} = JSON.parse(read('package.json')) as {version: string}
    expect(readmeBlock('pre-commit', 'yaml')).toContain(`rev: v${version}\n`)
    expect(readmeBlocks('npm and a plain git hook', 'sh')[0]).toContain(`#v${version}\n`)
    expect(readmeBlock('GitHub Action', 'yaml')).toContain(
      `doclint/doclint@v${version.split('.')[0]}\n`
    )
  })
})
