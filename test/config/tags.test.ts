import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Ajv} from 'ajv'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ConfigError, configSchema, loadConfig} from '../../src/config/load.js'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'doclint-config-tags-'))
})

afterEach(() => {
  rmSync(dir, {recursive: true, force: true})
})

async function load(text: string) {
  writeFileSync(path.join(dir, 'doclint.config.json'), text)
  return loadConfig({cwd: dir, ruleIds: []})
}

async function error(text: string): Promise<ConfigError> {
  try {
    await load(text)
  } catch (caught) {
    expect(caught).toBeInstanceOf(ConfigError)
    return caught as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('sphinx.tags', () => {
  it('is absent unless configured, so conf.py tags stay unknown', async () => {
    expect((await load('{"sphinx": {}}')).sphinx).toEqual({version: '8'})
  })

  it('keeps an empty list: a build without -t', async () => {
    expect((await load('{"sphinx": {"tags": []}}')).sphinx.tags).toEqual([])
  })

  it('reads the names in order and drops repeats', async () => {
    const config = await load('{"sphinx": {"tags": ["core", "builder_x", "core", "a.b-c"]}}')
    expect(config.sphinx.tags).toEqual(['core', 'builder_x', 'a.b-c'])
  })

  it.each([
    [
      '{\n  "sphinx": {"tags": "core"}\n}',
      'doclint.config.json:2:22: "sphinx.tags" must be an array of strings, got string',
      'sphinx.tags'
    ],
    [
      '{\n  "sphinx": {\n    "tags": ["core", 3]\n  }\n}',
      'doclint.config.json:3:22: "sphinx.tags[1]" must be a string, got integer',
      'sphinx.tags[1]'
    ],
    [
      '{"sphinx": {"tags": ["core", ""]}}',
      'doclint.config.json:1:30: "sphinx.tags[1]" must be a tag name without spaces, got ""',
      'sphinx.tags[1]'
    ],
    [
      '{"sphinx": {\n"tags": ["core ansible"]}}',
      'doclint.config.json:2:10: "sphinx.tags[0]" must be a tag name without spaces, got "core ansible"',
      'sphinx.tags[0]'
    ],
    [
      '{"sphinx": {"tag": ["core"]}}',
      'doclint.config.json:1:13: unknown key "sphinx.tag"; did you mean "sphinx.tags"?',
      'sphinx.tag'
    ]
  ])('rejects %s', async (text, message, key) => {
    const caught = await error(text)
    expect(caught.message).toBe(message)
    expect(caught.key).toBe(key)
    expect(caught.file).toBe(path.join(dir, 'doclint.config.json'))
  })

  it('has a schema that agrees with the loader', async () => {
    const validate = new Ajv({strict: false}).compile(configSchema([]))
    for (const tags of [[], ['core'], ['core', 'a.b-c']]) {
      expect(validate({sphinx: {tags}})).toBe(true)
      await expect(load(JSON.stringify({sphinx: {tags}}))).resolves.toBeDefined()
    }
    for (const tags of ['core', [''], ['a b'], [1]]) {
      expect(validate({sphinx: {tags}})).toBe(false)
      await expect(load(JSON.stringify({sphinx: {tags}}))).rejects.toBeInstanceOf(ConfigError)
    }
  })
})
