/**
 * Issue 7, item 5: a hostile doclint.config.json stops the run with exit status 2 and a message
 * naming the file, the line (and column) and the key. End to end through the real bin.
 */
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanTemps, doclint, tempDir, writeTree} from './helpers.js'

afterAll(cleanTemps)

function run(
  config: string,
  args: string[] = []
): {code: number | null; stderr: string; stdout: string} {
  const dir = tempDir()
  writeTree(dir, {
    'conf.py': "project = 'x'\n",
    'index.rst': 'T\n=\n',
    'doclint.config.json': config
  })
  return doclint(dir, args)
}

describe('bad configuration exits 2 naming file, line and key', () => {
  it.each([
    ['invalid JSON', '{"rules": {', 'doclint.config.json:1:12: invalid JSON'],
    ['an empty file', '', 'doclint.config.json:1:1: invalid JSON: value expected'],
    [
      'an unknown top-level key',
      '{\n  "rulez": {}\n}',
      'doclint.config.json:2:3: unknown key "rulez"; did you mean "rules"?'
    ],
    [
      'an unknown nested key',
      '{"limits": {"maxFileSizes": 1}}',
      'doclint.config.json:1:13: unknown key "limits.maxFileSizes"'
    ],
    [
      'a wrong type',
      '{\n  "limits": {"maxFileSize": "big"}\n}',
      'doclint.config.json:2:29: "limits.maxFileSize" must be an integer, got string'
    ],
    [
      'a negative limit',
      '{"limits": {"maxPatches": -1}}',
      '"limits.maxPatches" must be between 1 and'
    ],
    [
      'an unknown rule id',
      '{"rules": {"no-such-rule": "error"}}',
      'doclint.config.json:1:12: unknown rule "no-such-rule"'
    ],
    ['an unknown severity', '{"rules": {"orphan": "loud"}}', '"rules.orphan" severity must be'],
    ['a duplicate key', '{"rules": {}, "rules": {}}', 'duplicate key "rules"'],
    ['a NUL byte', '{"rules": {"orphan"\0: "off"}}', 'doclint.config.json:1:'],
    ['an array at the top', '[]', '"config" must be an object'],
    [
      'arrays nested 100,000 deep',
      `{"ignore": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      'doclint.config.json:1:75: invalid JSON: nested more than 64 deep'
    ],
    [
      'brackets inside strings and comments do not count',
      `// ${'['.repeat(100)}\n{"ignore": ["${'['.repeat(100)}"], /* ${'{'.repeat(100)} */ "rules": {"nope": 1}}`,
      'unknown rule "nope"'
    ]
  ])('%s', (_name, config, message) => {
    const result = run(config)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
  })

  it('a --config path that does not exist exits 2 naming it', () => {
    const result = run('{}', ['--config', path.join('nowhere', 'doclint.config.json')])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/nowhere\/doclint\.config\.json/)
  })

  it('a bad --rule flag exits 2', () => {
    const result = run('{}', ['--rule', 'orphan=loud'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--rule/)
  })
})
