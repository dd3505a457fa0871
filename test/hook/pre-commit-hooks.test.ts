import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

interface HookDefinition {
  id: string
  name: string
  entry: string
  language: string
  pass_filenames: boolean
  files: string
}

const hooks = parse(
  readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')
) as HookDefinition[]
const hook = hooks[0] as HookDefinition

const MATCHED = [
  'Documentation/index.rst',
  'README.md',
  'docs/requirements.txt',
  'Documentation/conf.py',
  'conf.py',
  'Documentation/automake.mk',
  'automake.mk',
  'Makefile.am',
  'lib/automake.am',
  'doc/meson.build',
  'meson.build'
]
const IGNORED = [
  'lib/conf.pyc',
  'myconf.py',
  'src/main.c',
  'Documentation/index.rst.orig',
  'notautomake.mk',
  'meson.build.bak',
  'Makefile',
  'image.png'
]

describe('.pre-commit-hooks.yaml', () => {
  it('defines the doclint hook', () => {
    expect(hooks).toHaveLength(1)
    expect(hook).toMatchObject({
      id: 'doclint',
      entry: 'doclint --staged',
      language: 'node',
      pass_filenames: false
    })
  })

  it('matches doc sources and build manifests, as JavaScript reads the regex', () => {
    const files = new RegExp(hook.files)
    for (const name of MATCHED) expect([name, files.test(name)]).toEqual([name, true])
    for (const name of IGNORED) expect([name, files.test(name)]).toEqual([name, false])
  })

  it('matches the same files with Python re.search, which pre-commit uses', () => {
    const script =
      'import json, re, sys\n' +
      'data = json.load(sys.stdin)\n' +
      'print(json.dumps([bool(re.search(data["regex"], f)) for f in data["files"]]))\n'
    const out = execFileSync('python3', ['-c', script], {
      input: JSON.stringify({regex: hook.files, files: [...MATCHED, ...IGNORED]}),
      encoding: 'utf8'
    })
    expect(JSON.parse(out)).toEqual([...MATCHED.map(() => true), ...IGNORED.map(() => false)])
  })
})
