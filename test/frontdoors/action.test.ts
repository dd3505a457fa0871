/**
 * The GitHub Action, run as the runner runs a composite action's step: the `${{ }}` expressions
 * of action.yml evaluated against a real `pull_request` event payload, the script written to a
 * file and run with `bash --noprofile --norc -eo pipefail`, in a workspace that is a real git
 * repository with a base and a head, with GITHUB_ACTION_PATH (this checkout), GITHUB_WORKSPACE,
 * GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP set, and the npm registry
 * unreachable. `npm` and `npx` on PATH record any call: the action must make none.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {git, isolateGit, makeRepo, removeDir, writeFiles} from '../hook/git-repo.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

interface Step {
  name: string
  id: string
  shell: string
  env: Record<string, string>
  run: string
}
interface Action {
  inputs: Record<string, {description: string; required: boolean; default: string}>
  outputs: Record<string, {description: string; value: string}>
  runs: {using: string; steps: Step[]}
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action
const step = action.runs.steps[0] as Step

/** A GitHub expression of the forms action.yml uses: `a.b.c || d.e`, `inputs.x`. */
function evaluate(expression: string, context: Record<string, unknown>): unknown {
  for (const alternative of expression.split('||')) {
    let value: unknown = context
    for (const key of alternative.trim().split('.')) {
      value =
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined
    }
    if (value) return value
  }
  return ''
}

/** Replace every `${{ expr }}` in a string, as the runner does before the step runs. */
function substitute(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_whole, expression: string) =>
    String(evaluate(expression, context))
  )
}

let work: string
let repo: string
let event: Record<string, unknown>
let base: string
let head: string

/** What a run of the action left behind. */
interface ActionRun {
  status: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  npmCalls: string
}

/**
 * Run the step as the runner would, with `with:` inputs; `node` is the node first on PATH (a
 * folder holding a stand-in replaces it).
 */
function runAction(inputs: Record<string, string>, nodeDir = path.dirname(process.execPath)) {
  const temp = mkdtempSync(path.join(work, 'run-'))
  const bin = path.join(temp, 'bin')
  mkdirSync(bin)
  const npmCalls = path.join(temp, 'npm-calls')
  for (const name of ['npm', 'npx']) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${npmCalls}'\nexit 1\n`)
    chmodSync(path.join(bin, name), 0o755)
  }
  const eventPath = path.join(temp, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event))
  const github = {event, sha: head, workspace: repo, event_name: 'pull_request'}
  const withDefaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    withDefaults[name] = inputs[name] ?? substitute(input.default, {github})
  }
  const env: Record<string, string> = {
    PATH: `${bin}:${nodeDir}:/usr/bin:/bin`,
    HOME: temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_WORKSPACE: repo,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: head,
    GITHUB_OUTPUT: path.join(temp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(temp, 'summary'),
    RUNNER_TEMP: temp,
    npm_config_registry: 'http://127.0.0.1:9',
    GIT_CONFIG_GLOBAL: process.env['GIT_CONFIG_GLOBAL'] ?? '',
    GIT_CONFIG_NOSYSTEM: '1'
  }
  writeFileSync(env['GITHUB_OUTPUT'] as string, '')
  writeFileSync(env['GITHUB_STEP_SUMMARY'] as string, '')
  for (const [name, value] of Object.entries(step.env)) {
    env[name] = substitute(value, {inputs: withDefaults, github})
  }
  const script = path.join(temp, 'step.sh')
  writeFileSync(script, step.run)
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: repo,
    env,
    encoding: 'utf8'
  })
  const outputs: Record<string, string> = {}
  for (const line of readFileSync(env['GITHUB_OUTPUT'] as string, 'utf8').split('\n')) {
    const at = line.indexOf('=')
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1)
  }
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs,
    summary: readFileSync(env['GITHUB_STEP_SUMMARY'] as string, 'utf8'),
    npmCalls: existsSync(npmCalls) ? readFileSync(npmCalls, 'utf8') : ''
  } satisfies ActionRun
}

beforeAll(() => {
  isolateGit()
  work = mkdtempSync(path.join(tmpdir(), 'doclint-action-'))
  repo = makeRepo()
  // Base: one dangling link already (in intro.rst), which the pull request fixes.
  writeFiles(repo, {
    'docs/conf.py': "project = 'action'\n",
    'docs/index.rst': 'Action\n======\n\n.. toctree::\n\n   guide\n   intro\n',
    'docs/guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n',
    'docs/intro.rst': 'Intro\n=====\n\nSee :doc:`gone`.\n'
  })
  git(repo, 'add', '.')
  git(repo, 'commit', '-q', '-m', 'Base docs')
  base = git(repo, 'rev-parse', 'HEAD').trim()
  git(repo, 'checkout', '-q', '-b', 'feature')
  writeFiles(repo, {'docs/intro.rst': 'Intro\n=====\n\nSee :doc:`guide`.\n'})
  git(repo, 'commit', '-q', '-am', 'Fix the intro link')
  writeFiles(repo, {
    'docs/guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n\nSee :doc:`missing`.\n'
  })
  git(repo, 'commit', '-q', '-am', 'Link to a missing page')
  head = git(repo, 'rev-parse', 'HEAD').trim()
  // The shape GitHub sends for `on: pull_request` (the fields the action reads, and more).
  event = {
    action: 'synchronize',
    number: 7,
    before: '0000000000000000000000000000000000000000',
    after: head,
    pull_request: {
      number: 7,
      state: 'open',
      title: 'Rework the guide',
      base: {ref: 'main', sha: base, repo: {full_name: 'example/docs'}},
      head: {ref: 'feature', sha: head, repo: {full_name: 'example/docs'}}
    },
    repository: {full_name: 'example/docs', default_branch: 'main'}
  }
})

afterAll(() => {
  removeDir(work)
  removeDir(repo)
})

describe('action.yml', () => {
  it('is a composite action whose inputs reach the script only through env', () => {
    expect(action.runs.using).toBe('composite')
    expect(Object.keys(action.inputs)).toEqual(['base', 'head', 'path', 'sarif', 'fail-on'])
    for (const input of Object.values(action.inputs)) expect(input.description).not.toBe('')
    expect(step.run).not.toContain('${{')
    expect(step.shell).toBe('bash')
    expect(action.outputs['result']?.value).toBe('${{ steps.doclint.outputs.result }}')
    expect(step.id).toBe('doclint')
  })

  it('annotates the head commit, writes SARIF and a job summary, and fails on errors', () => {
    const run = runAction({path: 'docs', sarif: 'doclint.sarif'})
    expect(run.status, run.stderr).toBe(1)
    expect(run.stdout).toMatch(
      /^::error file=docs\/guide\.rst,line=6,endLine=6,col=5,endColumn=\d+,title=doclint\(doc-unknown\) \[PATCH 2\/2\]::Cannot find document `missing`%0AIntroduced by: Link to a missing page$/m
    )
    // What the base had and the range fixed is not annotated.
    expect(run.stdout).not.toContain('intro.rst')
    expect(run.outputs).toEqual({result: 'problems'})
    const sarif = JSON.parse(readFileSync(path.join(repo, 'doclint.sarif'), 'utf8')) as {
      runs: {results: {ruleId: string}[]}[]
    }
    expect(sarif.runs[0]?.results.map((result) => result.ruleId)).toContain('doc-unknown')
    // The job summary says what each commit introduced and fixed.
    expect(run.summary).toContain('| 1/2 | Fix the intro link | 0 | 1 | clean |')
    expect(run.summary).toContain('| 2/2 | Link to a missing page | 1 | 0 | problems |')
    expect(run.summary).toMatch(
      /Introduced:\n\n- error `docs\/guide\.rst:6:5` Cannot find document/
    )
    expect(run.summary).toMatch(/Fixed:\n\n- error `docs\/intro\.rst:4:5` Cannot find document/)
    expect(run.npmCalls).toBe('')
  })

  it('passes with fail-on never, still annotating and summing up', () => {
    const run = runAction({path: 'docs', 'fail-on': 'never'})
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('::error file=docs/guide.rst,line=6')
    expect(run.stdout).toContain('doclint found problems; fail-on is never')
    expect(run.outputs).toEqual({result: 'problems'})
    expect(run.summary).toContain('| 2/2 | Link to a missing page | 1 | 0 | problems |')
  })

  it('is clean on a range that introduces nothing', () => {
    const first = git(repo, 'rev-parse', 'HEAD~1').trim()
    const run = runAction({path: 'docs', head: first})
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.outputs).toEqual({result: 'clean'})
    expect(run.summary).toContain('| 1/1 | Fix the intro link | 0 | 1 | clean |')
  })

  it('fails on warnings with fail-on warning', () => {
    // An orphan (a warning) is all this range adds.
    const start = git(repo, 'rev-parse', 'HEAD').trim()
    writeFiles(repo, {'docs/loose.rst': 'Loose\n=====\n'})
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'Add a loose page')
    const end = git(repo, 'rev-parse', 'HEAD').trim()
    try {
      expect(runAction({path: 'docs', base: start, head: end}).status).toBe(0)
      const run = runAction({path: 'docs', base: start, head: end, 'fail-on': 'warning'})
      expect(run.stdout).toContain('::warning file=docs/loose.rst')
      expect(run.status).toBe(1)
    } finally {
      git(repo, 'reset', '-q', '--hard', start)
    }
  })

  it('never reports a failure to run as problems found, whatever fail-on says', () => {
    const unknown = runAction({path: 'docs', base: 'no-such-commit', 'fail-on': 'never'})
    expect(unknown.status).toBe(2)
    expect(unknown.stdout).toContain('::error title=doclint::doclint could not run')
    expect(unknown.stdout).not.toContain('found problems')
    expect(unknown.outputs).toEqual({result: 'failed'})
    // A node that dies at start with status 1 (too old, a broken install) is no finding either.
    const dead = mkdtempSync(path.join(work, 'dead-node-'))
    writeFileSync(path.join(dead, 'node'), '#!/bin/sh\necho "SyntaxError" >&2\nexit 1\n')
    chmodSync(path.join(dead, 'node'), 0o755)
    const crashed = runAction({path: 'docs', 'fail-on': 'never'}, dead)
    expect(crashed.status).toBe(2)
    expect(crashed.stdout).not.toContain('found problems')
    expect(crashed.outputs).toEqual({result: 'failed'})
  })

  it('refuses a missing or all-zero base (a new branch push) without running doclint', () => {
    const zero = runAction({base: '0000000000000000000000000000000000000000'})
    expect(zero.status).toBe(2)
    expect(zero.stdout).toContain('::error title=doclint::No base commit')
    expect(zero.outputs).toEqual({result: 'failed'})
    const bad = runAction({'fail-on': 'sometimes'})
    expect(bad.status).toBe(2)
    expect(bad.stdout).toContain("fail-on must be error, warning or never, not 'sometimes'")
  })

  it('keeps hostile input values as single arguments', () => {
    const range = runAction({base: 'a; touch pwned', head: '$(id)', path: 'docs'})
    expect(range.status).toBe(2)
    expect(range.stderr).toContain('a; touch pwned..$(id)')
    const folder = runAction({path: '-rf'})
    expect(folder.status).toBe(2)
    expect(folder.stderr).toMatch(/no such file or folder: \S*-rf/)
    expect(existsSync(path.join(repo, 'pwned'))).toBe(false)
  })
})
