/**
 * Read an `objects.inv` as Sphinx's `InventoryFile.load` does (sphinx/util/inventory.py):
 * version 2 is four header lines then zlib-compressed lines `name domain:role priority location
 * dispname`; version 1 is plain `name type location` lines of Python objects.
 */
import {createRequire} from 'node:module'
import type {Inventory, InventoryItem} from './types.js'

/** node:zlib, loaded on first use (most runs inflate nothing). */
function zlib(): typeof import('node:zlib') {
  return createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')
}

/** The most an inventory may decompress to: 64 MiB (CPython's is 1.6 MB). */
export const MAX_INVENTORY_BYTES = 64 * 1024 * 1024

/** Thrown for data that is no inventory Sphinx can read. */
export class InventoryError extends Error {
  override name = 'InventoryError'
}

const V2_LINE = /^(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)$/

/** `location` joined to the mapping's base URI (`posixpath.join` for URLs, like Sphinx). */
function joinUri(base: string, location: string): string {
  if (location.startsWith('/')) return location
  if (base === '' || base.endsWith('/')) return base + location
  return `${base}/${location}`
}

/** Split off the next `\n`-terminated line of `bytes` from `start`. */
function headerLine(bytes: Uint8Array, start: number): [string, number] {
  let end = bytes.indexOf(0x0a, start)
  if (end === -1) end = bytes.length
  const text = new TextDecoder('utf-8').decode(bytes.subarray(start, end)).replace(/\r$/, '')
  return [text, end + 1]
}

/** Parse an inventory file; `uri` is the base its locations are relative to. */
export function parseInventory(
  bytes: Uint8Array,
  uri: string,
  maxBytes: number = MAX_INVENTORY_BYTES
): Inventory {
  const [first, afterFirst] = headerLine(bytes, 0)
  const [projectLine, afterProject] = headerLine(bytes, afterFirst)
  const [versionLine, afterVersion] = headerLine(bytes, afterProject)
  let offset = afterVersion
  const project = projectLine.slice(11).trimEnd()
  const version = versionLine.slice(11).trimEnd()
  const invdata: Inventory = new Map()
  const add = (type: string, name: string, item: InventoryItem): void => {
    let table = invdata.get(type)
    if (!table) invdata.set(type, (table = new Map()))
    // a bug in Sphinx 1.1 and below wrote Python modules twice: the first one is right
    if (type === 'py:module' && table.has(name)) return
    table.set(name, item)
  }
  if (first === '# Sphinx inventory version 1') {
    if (bytes.length - offset > maxBytes) throw new InventoryError('inventory too large')
    const text = new TextDecoder('utf-8').decode(bytes.subarray(offset))
    for (const line of text.split('\n')) {
      const parts = line.trim().split(/\s+/)
      if (parts.length < 3) continue
      const [name = '', type = '', location = ''] = parts
      const full =
        type === 'mod'
          ? `${joinUri(uri, location)}#module-${name}`
          : `${joinUri(uri, location)}#${name}`
      add(type === 'mod' ? 'py:module' : `py:${type}`, name, {
        project,
        version,
        uri: full,
        dispname: '-'
      })
    }
    return invdata
  }
  if (first !== '# Sphinx inventory version 2') {
    throw new InventoryError(
      `unknown or unsupported inventory version: ${JSON.stringify(first.slice(0, 60))}`
    )
  }
  const [line, afterHeader] = headerLine(bytes, offset)
  offset = afterHeader
  if (!line.includes('zlib'))
    throw new InventoryError(`invalid inventory header (not compressed): ${line.slice(0, 60)}`)
  let data: Buffer
  try {
    data = zlib().inflateSync(bytes.subarray(offset), {maxOutputLength: maxBytes})
  } catch (error) {
    const code = (error as {code?: string}).code
    throw new InventoryError(
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `inventory decompresses to more than ${maxBytes} bytes`
        : `inventory data cannot be decompressed: ${(error as Error).message}`
    )
  }
  const text = new TextDecoder('utf-8').decode(data)
  for (const raw of text.split('\n')) {
    const match = V2_LINE.exec(raw.replace(/\r$/, ''))
    if (!match) continue
    const [, name = '', type = '', , location = '', dispname = ''] = match
    // Sphinx skips lines whose type is no `domain:role` (an old bug wrote some)
    if (!type.includes(':')) continue
    const where = location.endsWith('$') ? location.slice(0, -1) + name : location
    add(type, name, {project, version, uri: joinUri(uri, where), dispname: dispname.trimEnd()})
  }
  return invdata
}
