import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {parseInventory} from '../../src/intersphinx/inventory.js'
import {lookupExternal, lookupInvLink} from '../../src/intersphinx/resolve.js'
import type {
  IntersphinxState,
  IntersphinxSettings,
  LoadedInventory
} from '../../src/intersphinx/types.js'
import {pythonInventoryPath} from './paths.js'

const python = parseInventory(
  new Uint8Array(readFileSync(pythonInventoryPath())),
  'https://docs.python.org/3'
)
const other = parseInventory(
  new Uint8Array(readFileSync(new URL('fixtures/other.inv', import.meta.url))),
  ''
)

function state(
  failed: string[] = [],
  settings: Partial<IntersphinxSettings> = {}
): IntersphinxState {
  const full: IntersphinxSettings = {
    entries: [],
    cacheLimitDays: 5,
    disabledReftypes: ['std:doc'],
    sphinxVersion: '8',
    problems: [],
    ...settings
  }
  const main = new Map(
    [...python, ...other].map(([type]) => [
      type,
      new Map([...(python.get(type) ?? []), ...(other.get(type) ?? [])])
    ])
  )
  const lost: LoadedInventory[] = failed.map((name) => ({
    entry: {name, uri: `https://${name}.example`, locations: [null]},
    source: '',
    error: 'offline'
  }))
  return {
    settings: full,
    loaded: lost,
    named: new Map([
      ['python', python],
      ['other', other]
    ]),
    main,
    failed: lost
  }
}

describe('lookupExternal', () => {
  it('finds labels, terms and prefixed documents as Sphinx does', () => {
    expect(lookupExternal(state(), {role: 'ref', target: 'tut-informal'}).status).toBe('found')
    expect(lookupExternal(state(), {role: 'term', target: 'ITERATOR'}).status).toBe('found')
    expect(lookupExternal(state(), {role: 'doc', target: 'library/os'}).status).toBe('missing')
    expect(lookupExternal(state(), {role: 'doc', target: 'python:library/os'})).toEqual({
      status: 'found',
      inventory: 'python'
    })
    expect(lookupExternal(state(), {role: 'ref', target: 'nosuchinv:tut-informal'}).status).toBe(
      'missing'
    )
  })

  it("MyST 0.18's links (`any`): every domain, so a dotted name finds a Python object", () => {
    expect(lookupExternal(state(), {role: 'any', target: 'python:os.path.join'})).toEqual({
      status: 'found',
      inventory: 'python'
    })
    expect(lookupExternal(state(), {role: 'any', target: 'os.path.join'}).status).toBe('found')
    expect(lookupExternal(state(), {role: 'any', target: 'os.path.nothere'}).status).toBe('missing')
  })

  it('names the inventories that did not load when only they could answer', () => {
    expect(lookupExternal(state(['numpy']), {role: 'ref', target: 'nowhere'})).toEqual({
      status: 'unchecked',
      inventories: ['numpy']
    })
    expect(lookupExternal(state(['numpy']), {role: 'ref', target: 'tut-informal'}).status).toBe(
      'found'
    )
    // with labels disabled unprefixed, only `numpy:` targets need numpy
    const disabled = state(['numpy'], {disabledReftypes: ['std:label']})
    expect(lookupExternal(disabled, {role: 'ref', target: 'nowhere'}).status).toBe('missing')
    expect(lookupExternal(disabled, {role: 'ref', target: 'numpy:x'})).toEqual({
      status: 'unchecked',
      inventories: ['numpy']
    })
    expect(
      lookupExternal(state(['numpy'], {disabledReftypes: ['*']}), {role: 'term', target: 'x'})
        .status
    ).toBe('missing')
  })

  it(':external: and :external+name: roles look only there, nothing disabled', () => {
    expect(
      lookupExternal(state(), {role: 'doc', target: 'library/os', external: null}).status
    ).toBe('found')
    expect(
      lookupExternal(state(), {role: 'ref', target: 'other-page', external: 'other'}).status
    ).toBe('found')
    expect(
      lookupExternal(state(), {role: 'ref', target: 'tut-informal', external: 'other'}).status
    ).toBe('missing')
  })

  it('matches :external+Name: without regard to case (docutils lower-cases role names)', () => {
    // setuptools writes :external+PyPUG:term:`Wheel`; the role arrives as external+pypug
    expect(
      lookupExternal(state(['PyPUG']), {role: 'term', target: 'Wheel', external: 'pypug'})
    ).toEqual({status: 'unchecked', inventories: ['PyPUG']})
    expect(
      lookupExternal(state(), {role: 'ref', target: 'other-page', external: 'OTHER'}).status
    ).toBe('found')
  })
})

describe('lookupInvLink (MyST 1.0 `inv:` links)', () => {
  it('filters by inventory, domain and type, with wildcards', () => {
    expect(lookupInvLink(state(), 'inv:python:py:function#os.path.join')).toEqual({
      status: 'found',
      inventory: 'python'
    })
    expect(lookupInvLink(state(), 'inv:python#os.path.join')?.status).toBe('found')
    expect(lookupInvLink(state(), 'inv:*:std:label#other-intro')).toEqual({
      status: 'found',
      inventory: 'other'
    })
    expect(lookupInvLink(state(), 'inv:other:py:function#os.path.join')?.status).toBe('missing')
    expect(lookupInvLink(state(['numpy']), 'inv:numpy#array')).toEqual({
      status: 'unchecked',
      inventories: ['numpy']
    })
    expect(lookupInvLink(state(), 'python:os')).toBeUndefined()
  })
})
