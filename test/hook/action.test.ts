import {spawnSync} from 'node:child_process'
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {removeDir} from './git-repo.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

interface Step {
  name: string
  shell: string
  env: Record<string, string>
  run: string
}
interface Action {
  name: string
  inputs: Record<string, {description: string; required: boolean; default: string}>
  runs: {using: string; steps: Step[]}
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action
const step = action.runs.steps[0] as Step

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) removeDir(dir)
})

/**
 * Run the action's script as the runner would: `${{ inputs.x }}` in `env` replaced by the
 * inputs (defaults applied), with an `npx` first on PATH that records its arguments and exits
 * with `npxStatus` (standing in for the doclint download).
 */
function runAction(
  inputs: Record<string, string>,
  npxStatus = 0
): {status: number | null; argv: string[] | undefined; stdout: string} {
  const dir = mkdtempSync(path.join(tmpdir(), 'doclint-action-'))
  made.push(dir)
  const record = path.join(dir, 'argv')
  const npx = path.join(dir, 'npx')
  // NUL-separated, so arguments holding spaces or newlines come back exactly.
  writeFileSync(
    npx,
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${record}'\nexit ${npxStatus}\n`
  )
  chmodSync(npx, 0o755)
  // A minimal PATH, as on a runner the script needs only bash builtins and npx.
  const env: Record<string, string> = {PATH: `${dir}:/usr/bin:/bin`}
  for (const [name, value] of Object.entries(step.env)) {
    env[name] = value.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_whole, input: string) => {
      return inputs[input] ?? action.inputs[input]?.default ?? ''
    })
  }
  const result = spawnSync('bash', ['-e', '-c', step.run], {cwd: dir, env, encoding: 'utf8'})
  let argv: string[] | undefined
  try {
    argv = readFileSync(record, 'utf8').split('\0').slice(0, -1)
  } catch {
    argv = undefined
  }
  return {status: result.status, argv, stdout: result.stdout}
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs', () => {
    expect(action.runs.using).toBe('composite')
    expect(Object.keys(action.inputs)).toEqual(['base', 'head', 'path', 'sarif', 'fail-on'])
    for (const input of Object.values(action.inputs)) expect(input.description).not.toBe('')
    // Inputs are passed through env only: nothing is interpolated into the script itself.
    expect(step.run).not.toContain('${{')
    expect(step.shell).toBe('bash')
  })

  it('runs doclint on the range with GitHub annotations', () => {
    const run = runAction({base: 'abc123', head: 'def456', path: 'Documentation'})
    expect(run.status).toBe(0)
    expect(run.argv).toEqual([
      '--yes',
      'doclint',
      '--range',
      'abc123..def456',
      '--format',
      'github',
      'Documentation'
    ])
  })

  it('adds a SARIF format/output pair when sarif is set', () => {
    const run = runAction({base: 'a', head: 'b', sarif: 'doclint.sarif'})
    expect(run.argv).toEqual([
      '--yes',
      'doclint',
      '--range',
      'a..b',
      '--format',
      'github',
      '--format',
      'sarif',
      '--output',
      'doclint.sarif',
      '.'
    ])
  })

  it('maps fail-on to exit statuses', () => {
    expect(runAction({base: 'a', head: 'b'}, 1).status).toBe(1)
    const warning = runAction({base: 'a', head: 'b', 'fail-on': 'warning'}, 1)
    expect(warning.argv).toContain('--max-warnings')
    expect(warning.status).toBe(1)
    const never = runAction({base: 'a', head: 'b', 'fail-on': 'never'}, 1)
    expect(never.status).toBe(0)
    expect(never.argv).not.toContain('--max-warnings')
    // "Could not run" fails the job whatever fail-on says.
    expect(runAction({base: 'a', head: 'b', 'fail-on': 'never'}, 2).status).toBe(2)
    const bad = runAction({base: 'a', head: 'b', 'fail-on': 'sometimes'})
    expect(bad.status).toBe(2)
    expect(bad.argv).toBeUndefined()
  })

  it('refuses a missing or all-zero base (a new branch push) without running doclint', () => {
    const zero = runAction({base: '0000000000000000000000000000000000000000', head: 'b'})
    expect(zero.status).toBe(2)
    expect(zero.stdout).toContain('::error title=doclint::No base commit')
    expect(zero.argv).toBeUndefined()
  })

  it('keeps hostile input values as single arguments', () => {
    const run = runAction({base: 'a; touch pwned', head: '$(id)', path: '-rf'})
    expect(run.argv?.slice(2)).toEqual([
      '--range',
      'a; touch pwned..$(id)',
      '--format',
      'github',
      './-rf'
    ])
  })
})
