/**
 * Real Sphinx 5.3 + MyST 0.18 on a tree, run from the test itself: the shared sphinx-oracle
 * drops `colon_fence` (its extension filter also matches `myst_enable_extensions`) and has no
 * rule for `'myst' reference target not found`. The tree is copied to a temp folder, built with
 * the dummy builder, and the warnings are classified by the rules' `meta.sphinxMatch` patterns.
 * Results are cached in the temp folder by a hash of the tree.
 */
import {execFile, execFileSync} from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {classify, treeHash, type OracleRecord} from './oracle.js'

const run = promisify(execFile)
const PYTHON = process.env.DOCLINT_PYTHON ?? '/usr/bin/python3'
/** Bump when the parsing below changes, so cached results are not reused. */
const HARNESS_VERSION = '5'

/** Whether Sphinx and myst_parser can both be imported. */
export function mystAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import sphinx, myst_parser'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

/** `file:line: LEVEL: message`; MyST's `{image}` nodes have no line (`file:: WARNING:`). */
const HEAD = /^([^:\n]+?)(?::(\d*))?: (WARNING|ERROR|SEVERE|CRITICAL): (.*)$/

/** Parse Sphinx's warning output; paths come back relative to `srcdir`. */
export function parseWarnings(stderr: string, srcdir: string): OracleRecord[] {
  const lines = stderr.split('\n')
  const records: OracleRecord[] = []
  let i = 0
  while (i < lines.length) {
    const head = HEAD.exec(lines[i] ?? '')
    i++
    if (!head) continue
    let message = head[4] ?? ''
    while (i < lines.length && !HEAD.test(lines[i] ?? '')) message += `\n${lines[i++] ?? ''}`
    message = message.replace(/\n+$/, '')
    const first = message.split('\n')[0] ?? ''
    const classified = classify(first)
    const rule = classified.rule
    let target = classified.target
    if (rule === 'include-missing') {
      target = /No such file or directory: '(.+?)'/.exec(message)?.[1] ?? target
    }
    // Sphinx names missing include and download files by absolute path.
    if (target !== null && path.isAbsolute(target) && rule !== 'mdlink') {
      target = path.relative(srcdir, target)
    }
    const file = head[1] ?? ''
    records.push({
      rule,
      file: path.isAbsolute(file) ? path.relative(srcdir, file) : file,
      line: head[2] ? Number(head[2]) : null,
      target,
      message: message.split(`${srcdir}${path.sep}`).join('')
    })
  }
  return records
}

/** Sphinx 5.3 + MyST 0.18's findings on the Sphinx source folder `dir` (cached). */
export async function mystOracle(dir: string): Promise<OracleRecord[]> {
  const cacheDir = path.join(os.tmpdir(), 'doclint-myst-oracle')
  mkdirSync(cacheDir, {recursive: true})
  const cacheFile = path.join(cacheDir, `${HARNESS_VERSION}-${treeHash(dir)}.json`)
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as OracleRecord[]
  const work = mkdtempSync(path.join(os.tmpdir(), 'doclint-myst-build-'))
  try {
    const copy = path.join(work, 'src')
    cpSync(dir, copy, {
      recursive: true,
      filter: (source) => !['.git', '_build', 'node_modules'].includes(path.basename(source))
    })
    let records: OracleRecord[]
    try {
      const {stderr} = await run(
        PYTHON,
        [
          '-m',
          'sphinx',
          '-b',
          'dummy',
          '-n',
          '-q',
          '-E',
          '--keep-going',
          copy,
          path.join(work, 'out')
        ],
        {cwd: copy, maxBuffer: 64 * 1024 * 1024}
      )
      records = parseWarnings(stderr, copy)
    } catch (error) {
      // A missing root document stops Sphinx: that is the only thing it has to say.
      const stderr = (error as {stderr?: string}).stderr ?? ''
      const fatal = /root file (.+) not found/.exec(stderr)
      if (!fatal) throw error
      records = [
        {
          rule: 'root-doc-missing',
          file: '',
          line: null,
          target: path.basename(fatal[1] ?? ''),
          message: fatal[0]
        }
      ]
    }
    writeFileSync(cacheFile, JSON.stringify(records))
    return records
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
}
