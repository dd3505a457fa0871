import {readFileSync} from 'node:fs'
import {deflateSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {InventoryError, parseInventory} from '../../src/intersphinx/inventory.js'
import {pythonInventoryPath} from './paths.js'

const other = new Uint8Array(readFileSync(new URL('fixtures/other.inv', import.meta.url)))

describe('parseInventory', () => {
  it('reads the objects.inv Sphinx 5.3 wrote for fixtures/other-src', () => {
    const inventory = parseInventory(other, 'https://other.example/docs')
    expect([...inventory.keys()].sort()).toEqual([
      'std:cmdoption',
      'std:doc',
      'std:label',
      'std:term'
    ])
    const labels = inventory.get('std:label')
    expect(labels?.get('other-intro')).toEqual({
      project: 'Other',
      version: '1.0',
      uri: 'https://other.example/docs/index.html#other-intro',
      dispname: 'Introduction'
    })
    expect(labels?.has('mixed-case-label')).toBe(true)
    expect([...(inventory.get('std:term')?.keys() ?? [])].sort()).toEqual(['Widget', 'gadget'])
    expect(inventory.get('std:doc')?.get('guide/page')?.uri).toBe(
      'https://other.example/docs/guide/page.html'
    )
  })

  it("reads CPython's objects.inv from Debian's python3-doc", () => {
    const inventory = parseInventory(new Uint8Array(readFileSync(pythonInventoryPath())), '')
    expect(inventory.get('py:function')?.has('os.path.join')).toBe(true)
    expect(inventory.get('std:term')?.has('iterator')).toBe(true)
    expect(inventory.get('std:label')?.has('tut-informal')).toBe(true)
    expect(inventory.get('std:doc')?.has('library/os')).toBe(true)
  })

  it('reads version 1 inventories', () => {
    const text =
      '# Sphinx inventory version 1\n# Project: foo\n# Version: 1.0\nmodule mod foo.html\nmodule.cls class foo.html\n'
    const inventory = parseInventory(new TextEncoder().encode(text), '/base')
    expect(inventory.get('py:module')?.get('module')?.uri).toBe('/base/foo.html#module-module')
    expect(inventory.get('py:class')?.get('module.cls')?.uri).toBe('/base/foo.html#module.cls')
  })

  it('refuses other data: HTML, a wrong header, broken zlib, a zlib bomb', () => {
    const enc = (text: string): Uint8Array => new TextEncoder().encode(text)
    expect(() => parseInventory(enc('<html>moved</html>'), '')).toThrow(InventoryError)
    const header =
      '# Sphinx inventory version 2\n# Project: x\n# Version: 1\n# The remainder of this file is compressed using zlib.\n'
    expect(() => parseInventory(enc(`${header}not zlib`), '')).toThrow(/decompress/)
    const bomb = deflateSync(Buffer.alloc(4 * 1024 * 1024, 0x61))
    const bytes = Buffer.concat([Buffer.from(header), bomb])
    expect(() => parseInventory(new Uint8Array(bytes), '', 1024 * 1024)).toThrow(
      /more than 1048576 bytes/
    )
  })
})
