import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<
  string,
  unknown
>[]

describe('.pre-commit-hooks.yaml', () => {
  it('defines the doclint hook, run on every commit (a manifest may list any file)', () => {
    expect(hooks).toEqual([
      {
        id: 'doclint',
        name: 'doclint',
        description: expect.any(String) as string,
        entry: 'doclint --staged',
        language: 'node',
        pass_filenames: false,
        require_serial: true,
        always_run: true
      }
    ])
  })
})
