import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Ajv} from 'ajv'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ConfigError, configSchema, findConfig, loadConfig} from '../../src/config/load.js'
import {parseRuleFlag} from '../../src/config/parse.js'
import {DEFAULT_LIMITS} from '../../src/config/types.js'

let dir: string
const ruleIds = ['orphan', 'doc-unknown', 'toctree-missing']
const ruleOptionSchemas = {
  'doc-unknown': {
    ignore: {type: 'array', items: {type: 'string'}, default: []},
    maxSuggestions: {type: 'integer', minimum: 0}
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'doclint-config-'))
})

afterEach(() => {
  rmSync(dir, {recursive: true, force: true})
})

function write(relative: string, text: string): string {
  const file = path.join(dir, relative)
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, text)
  return file
}

async function load(text: string, name = 'doclint.config.json') {
  write(name, text)
  return loadConfig({cwd: dir, ruleIds, ruleOptionSchemas})
}

async function error(text: string, name = 'doclint.config.json'): Promise<ConfigError> {
  try {
    await load(text, name)
  } catch (caught) {
    expect(caught).toBeInstanceOf(ConfigError)
    return caught as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('findConfig', () => {
  it('walks upward to the nearest doclint.config.json or .jsonc', async () => {
    write('a/doclint.config.jsonc', '{}')
    mkdirSync(path.join(dir, 'a/b/c'), {recursive: true})
    expect(await findConfig(path.join(dir, 'a/b/c'))).toBe(path.join(dir, 'a/doclint.config.jsonc'))
    write('a/b/doclint.config.json', '{}')
    expect(await findConfig(path.join(dir, 'a/b/c'))).toBe(
      path.join(dir, 'a/b/doclint.config.json')
    )
    expect(await findConfig(dir)).not.toBe(path.join(dir, 'a/doclint.config.jsonc'))
  })
})

describe('loadConfig', () => {
  it('applies defaults without a file', async () => {
    const config = await loadConfig({cwd: dir, ruleIds})
    expect(config).toEqual({
      sphinx: {version: '8'},
      ignore: [],
      rules: {},
      literalDirectives: [],
      rstDirectives: [],
      limits: DEFAULT_LIMITS
    })
  })

  it('accepts "warning", the word every report prints, as "warn"', async () => {
    const config = await load('{"rules": {"orphan": "warning", "doc-unknown": ["warning", {}]}}')
    expect(config.rules.orphan?.severity).toBe('warning')
    expect(config.rules['doc-unknown']?.severity).toBe('warning')
    expect(parseRuleFlag('orphan=warning', ruleIds)).toEqual({id: 'orphan', severity: 'warning'})
  })

  it('reads every field, with comments and trailing commas', async () => {
    const config = await load(
      `{
  // JSONC is fine in .json too
  "$schema": "./node_modules/doclint/schema.json",
  "root": "Documentation",
  "sphinx": {"version": "5.3", "rootDoc": "contents", "sourceSuffix": {".rst": "restructuredtext"},
             "excludePatterns": ["_build"], "numfig": true, "mystHeadingAnchors": 2},
  "ignore": ["Documentation/old/**"],
  "rules": {"orphan": "off", "doc-unknown": ["warn", {"ignore": ["^genindex$"]}], "toctree-missing": ["info"]},
  "manifests": [{"file": "Documentation/automake.mk", "variables": ["DOC_SOURCE"], "covers": ["Documentation/**"]}],
  "literalDirectives": ["ovs:code"],
  "limits": {"maxPatches": 10},
}`
    )
    expect(config).toEqual({
      path: path.join(dir, 'doclint.config.json'),
      root: 'Documentation',
      sphinx: {
        version: '5.3',
        rootDoc: 'contents',
        sourceSuffix: {'.rst': 'restructuredtext'},
        excludePatterns: ['_build'],
        numfig: true,
        mystHeadingAnchors: 2
      },
      ignore: ['Documentation/old/**'],
      rules: {
        orphan: {severity: 'off', options: {}},
        'doc-unknown': {severity: 'warning', options: {ignore: ['^genindex$']}},
        'toctree-missing': {severity: 'info', options: {}}
      },
      manifests: [
        {file: 'Documentation/automake.mk', variables: ['DOC_SOURCE'], covers: ['Documentation/**']}
      ],
      literalDirectives: ['ovs:code'],
      rstDirectives: [],
      limits: {...DEFAULT_LIMITS, maxPatches: 10}
    })
  })

  it('names file, line, column and key of an unknown key', async () => {
    const caught = await error('{\n  "rules": {},\n  "rulez": {}\n}\n')
    expect(caught.message).toBe(
      'doclint.config.json:3:3: unknown key "rulez"; did you mean "rules"?'
    )
    expect([caught.file, caught.line, caught.column, caught.key]).toEqual([
      path.join(dir, 'doclint.config.json'),
      3,
      3,
      'rulez'
    ])
  })

  it.each<[string, string, string]>([
    [
      '{"sphinx": {\n    "rootdoc": "x"}}',
      'doclint.config.json:2:5: unknown key "sphinx.rootdoc"; did you mean "sphinx.rootDoc"?',
      'sphinx.rootdoc'
    ],
    [
      '{"sphinx": {"numfig": "yes"}}',
      'doclint.config.json:1:23: "sphinx.numfig" must be a boolean, got string',
      'sphinx.numfig'
    ],
    [
      '{"sphinx": {"version": "7"}}',
      'doclint.config.json:1:24: "sphinx.version" must be "8" or "5.3", got "7"',
      'sphinx.version'
    ],
    [
      '{"ignore": ["a", 3]}',
      'doclint.config.json:1:18: "ignore[1]" must be a string, got integer',
      'ignore[1]'
    ],
    [
      '{"rules": {"orphn": "off"}}',
      'doclint.config.json:1:12: unknown rule "orphn"; did you mean "orphan"?',
      'rules.orphn'
    ],
    [
      '{"rules": {"orphan": "loud"}}',
      'doclint.config.json:1:22: "rules.orphan" severity must be "off", "info", "warn" (or "warning") or "error", got "loud"',
      'rules.orphan'
    ],
    [
      '{"rules": {"orphan": 2}}',
      'doclint.config.json:1:22: "rules.orphan" severity must be "off", "info", "warn" (or "warning") or "error", got 2',
      'rules.orphan'
    ],
    [
      '{"rules": {"doc-unknown": ["error", {"ignore": "x"}]}}',
      'doclint.config.json:1:48: "rules.doc-unknown.options.ignore" must be an array, got string',
      'rules.doc-unknown.options.ignore'
    ],
    [
      '{"rules": {"doc-unknown": ["error", {"ignore": [1]}]}}',
      'doclint.config.json:1:49: "rules.doc-unknown.options.ignore[0]" must be a string, got integer',
      'rules.doc-unknown.options.ignore[0]'
    ],
    [
      '{"rules": {"doc-unknown": ["error", {"maxSuggestions": -1}]}}',
      'doclint.config.json:1:56: "rules.doc-unknown.options.maxSuggestions" must be at least 0',
      'rules.doc-unknown.options.maxSuggestions'
    ],
    [
      '{"rules": {"orphan": ["error", {"x": 1}]}}',
      'doclint.config.json:1:33: unknown key "rules.orphan.options.x"',
      'rules.orphan.options.x'
    ],
    [
      '{"manifests": [{"file": "a"}]}',
      'doclint.config.json:1:16: "manifests[0]" needs "variables"',
      'manifests[0].variables'
    ],
    [
      '{"limits": {"maxFileSize": 0}}',
      'doclint.config.json:1:28: "limits.maxFileSize" must be between 1 and 9007199254740991, got 0',
      'limits.maxFileSize'
    ],
    ['{"root": "a", "root": "b"}', 'doclint.config.json:1:15: duplicate key "root"', 'root'],
    ['[]', 'doclint.config.json:1:1: "config" must be an object, got array', 'config']
  ])('%s', async (text, message, key) => {
    const caught = await error(text)
    expect(caught.message).toBe(message)
    expect(caught.key).toBe(key)
  })

  it('reports invalid JSON with its position', async () => {
    const caught = await error('{\n  "rules": {\n    "orphan": "off"\n  \n', 'doclint.config.jsonc')
    expect(caught.message).toMatch(
      /^doclint\.config\.jsonc:5:1: invalid JSON: close brace expected$/
    )
    const empty = await error('')
    expect(empty.message).toBe('doclint.config.json:1:1: invalid JSON: value expected')
  })

  it('reports a missing explicit config file', async () => {
    await expect(loadConfig({cwd: dir, path: 'nope.json', ruleIds})).rejects.toThrow(
      /nope\.json: no such config file/
    )
  })
})

describe('parseRuleFlag', () => {
  it('parses ID=severity', () => {
    expect(parseRuleFlag('orphan=off')).toEqual({id: 'orphan', severity: 'off'})
    expect(parseRuleFlag('doc-unknown=warn', ruleIds)).toEqual({
      id: 'doc-unknown',
      severity: 'warning'
    })
    expect(parseRuleFlag('orphan=error')).toEqual({id: 'orphan', severity: 'error'})
  })

  it('rejects malformed flags and unknown rules', () => {
    expect(() => parseRuleFlag('orphan')).toThrow(ConfigError)
    expect(() => parseRuleFlag('orphan=loud')).toThrow(
      '--rule: expected ID=off|info|warn|error, got "orphan=loud"'
    )
    expect(() => parseRuleFlag('orphn=off', ruleIds)).toThrow(
      '--rule: unknown rule "orphn"; did you mean "orphan"?'
    )
  })
})

describe('configSchema', () => {
  const rules = [
    {meta: {id: 'orphan', description: 'Documents must be in a toctree'}},
    {meta: {id: 'doc-unknown', options: ruleOptionSchemas['doc-unknown']}}
  ]

  it('accepts what loadConfig accepts and rejects what it rejects', () => {
    const ajv = new Ajv({strict: false})
    const validate = ajv.compile(configSchema(rules))
    expect(
      validate({
        $schema: 'x',
        sphinx: {version: '5.3'},
        rules: {orphan: 'warn', 'doc-unknown': ['error', {ignore: ['a']}]},
        manifests: [{file: 'a', variables: ['B']}],
        limits: {maxPatches: 3}
      })
    ).toBe(true)
    expect(validate({rulez: {}})).toBe(false)
    expect(validate({rules: {orphn: 'off'}})).toBe(false)
    expect(validate({rules: {orphan: 'warning'}})).toBe(true)
    expect(validate({rules: {orphan: 'loud'}})).toBe(false)
    expect(validate({rules: {'doc-unknown': ['error', {ignore: 'x'}]}})).toBe(false)
    expect(validate({sphinx: {version: '7'}})).toBe(false)
  })
})
