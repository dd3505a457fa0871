/** Running the real bin/doclint.cjs (built dist/) on temporary trees. */
import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const repo = path.resolve(import.meta.dirname, '..', '..')
export const bin = path.join(repo, 'bin', 'doclint.cjs')
const temps: string[] = []

/** Remove every tree made by `tree` (call from afterAll). */
export function cleanup(): void {
  for (const dir of temps.splice(0)) rmSync(dir, {recursive: true, force: true})
}

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Run doclint synchronously; NO_COLOR unless `env` says otherwise. */
export function run(
  args: string[],
  cwd = repo,
  options: {input?: string; env?: Record<string, string | undefined>} = {}
): Ran {
  const env: Record<string, string | undefined> = {...process.env, NO_COLOR: '1'}
  delete env.FORCE_COLOR
  Object.assign(env, options.env ?? {})
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key]
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    input: options.input,
    env: env as NodeJS.ProcessEnv
  })
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}

/** Run doclint without blocking this process (a test server must keep answering). */
export function runAsync(args: string[], cwd: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: {...process.env, NO_COLOR: '1'}
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
  })
}

/** A temporary folder holding `files`. */
export function tree(files: Record<string, string>, prefix = 'doclint-cli-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  temps.push(dir)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    writeFileSync(path.join(dir, file), text)
  }
  return dir
}

/** `git` in `cwd`, with a fixed identity. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.org',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.org',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: os.tmpdir()
    }
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout
}

/** The rule ids and targets of a JSON report. */
export function findings(
  stdout: string
): {rule: string; file: string; line: number; target?: string}[] {
  return (
    JSON.parse(stdout) as {
      diagnostics: {rule: string; file: string; line: number; target?: string}[]
    }
  ).diagnostics.map(({rule, file, line, target}) => ({
    rule,
    file,
    line,
    ...(target === undefined ? {} : {target})
  }))
}
