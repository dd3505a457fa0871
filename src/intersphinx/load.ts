/**
 * Load every inventory of `intersphinx_mapping` as Sphinx's `load_mappings` does: the locations
 * of an entry are tried in order and the first that gives an inventory wins; a URL is read from
 * the on-disk cache while it is younger than `intersphinx_cache_limit` days, fetched otherwise
 * (and the stale copy used if the fetch fails); a local path is read from the tree, relative to
 * the Sphinx source folder, and never from outside it.
 */
import {normpath, toTreePath} from '../graph/paths.js'
import type {FileTree} from '../tree/types.js'
import type {InventoryCache} from './cache.js'
import {DEFAULT_FETCH_LIMITS, fetchBytes, safeUrl, type FetchLimits} from './fetch.js'
import {parseInventory} from './inventory.js'
import type {
  Inventory,
  InventoryCopy,
  IntersphinxSettings,
  IntersphinxState,
  LoadedInventory,
  MappingEntry
} from './types.js'

/** How inventories are read. */
export interface LoadOptions {
  tree: FileTree
  /** The Sphinx source folder, relative to the tree root. */
  srcdir: string
  /** Never fetch: cached copies (of any age) and local files only. */
  offline?: boolean
  /** Where fetched inventories are kept; without one, nothing is cached. */
  cache?: InventoryCache
  /** Now, in seconds since the epoch (tests pass their own). */
  now?: number
  limits?: Partial<FetchLimits>
}

/** Load the inventories `settings` names. Never throws: a failure is recorded on its entry. */
export async function loadInventories(
  settings: IntersphinxSettings,
  options: LoadOptions
): Promise<IntersphinxState> {
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const limits: FetchLimits = {...DEFAULT_FETCH_LIMITS, ...options.limits}
  if (settings.timeoutSeconds !== undefined) {
    limits.timeoutMs = Math.min(limits.timeoutMs, settings.timeoutSeconds * 1000)
  }
  const loaded = await Promise.all(
    settings.entries.map((entry) => loadEntry(entry, settings, options, limits, now))
  )
  // Sphinx: named inventories sorted by name, then the unnamed ones (which shadow them).
  const main: Inventory = new Map()
  const named = new Map<string, Inventory>()
  const merge = (inventory: Inventory): void => {
    for (const [type, objects] of inventory) {
      let table = main.get(type)
      if (!table) main.set(type, (table = new Map()))
      for (const [name, item] of objects) table.set(name, item)
    }
  }
  const ok = loaded.filter((item) => item.inventory !== undefined)
  const byName = ok
    .filter((item) => item.entry.name !== null)
    .sort((a, b) => ((a.entry.name ?? '') < (b.entry.name ?? '') ? -1 : 1))
  for (const item of byName) {
    named.set(item.entry.name ?? '', item.inventory as Inventory)
    merge(item.inventory as Inventory)
  }
  for (const item of ok) if (item.entry.name === null) merge(item.inventory as Inventory)
  return {
    settings,
    loaded,
    named,
    main,
    failed: loaded.filter((item) => item.inventory === undefined)
  }
}

async function loadEntry(
  entry: MappingEntry,
  settings: IntersphinxSettings,
  options: LoadOptions,
  limits: FetchLimits,
  now: number
): Promise<LoadedInventory> {
  const errors: string[] = []
  let last = entry.uri
  for (const location of entry.locations) {
    // `None`: objects.inv beside the documentation (posixpath.join)
    const inv =
      location || (entry.uri.endsWith('/') ? `${entry.uri}objects.inv` : `${entry.uri}/objects.inv`)
    last = inv
    try {
      const got = inv.includes('://')
        ? await readRemote(inv, entry.uri, settings, options, limits, now)
        : await readLocal(inv, entry.uri, options)
      return {
        entry,
        source: displayUrl(inv),
        inventory: got.inventory,
        ...(got.cached ? {cached: true} : {}),
        ...(got.copy ? {copy: got.copy} : {})
      }
    } catch (error) {
      errors.push(`${displayUrl(inv)}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return {entry, source: displayUrl(last), error: errors.join('; ') || 'no location given'}
}

/** A URL as messages show it: without credentials. */
function displayUrl(url: string): string {
  if (!url.includes('://')) return url
  return safeUrl(url)?.href ?? url.replace(/\/\/[^/@]*@/, '//')
}

async function readLocal(
  inv: string,
  uri: string,
  options: LoadOptions
): Promise<{inventory: Inventory; cached?: boolean; copy?: InventoryCopy}> {
  const treePath = toTreePath(options.srcdir, normpath(inv))
  if (treePath === undefined) throw new Error('outside the tree: doclint reads no file outside it')
  const bytes = await options.tree.read(treePath)
  if (bytes === undefined) throw new Error('no such file')
  return {inventory: parseInventory(bytes, baseUri(uri))}
}

/** The base URI as Sphinx uses it: credentials stripped from a remote one. */
function baseUri(uri: string): string {
  if (!uri.includes('://')) return uri
  const safe = safeUrl(uri)
  return safe ? safe.href.replace(/\/$/, uri.endsWith('/') ? '/' : '') : uri
}

function readRemote(
  inv: string,
  uri: string,
  settings: IntersphinxSettings,
  options: LoadOptions,
  limits: FetchLimits,
  now: number
): Promise<{inventory: Inventory; cached?: boolean; copy?: InventoryCopy}> {
  const session = options.cache?.session
  const key = `${inv}\u0000${uri}\u0000${options.offline === true}`
  const known = session?.get(key) as
    Promise<{inventory: Inventory; cached?: boolean; copy?: InventoryCopy}> | undefined
  if (known) return known
  const pending = readRemoteOnce(inv, uri, settings, options, limits, now)
  session?.set(key, pending)
  return pending
}

async function readRemoteOnce(
  inv: string,
  uri: string,
  settings: IntersphinxSettings,
  options: LoadOptions,
  limits: FetchLimits,
  now: number
): Promise<{inventory: Inventory; cached?: boolean; copy?: InventoryCopy}> {
  const url = safeUrl(inv)
  if (!url) throw new Error('not an http or https URL')
  const key = url.href
  const cached = await options.cache?.read(key)
  const copy = (fetched: number): {copy?: InventoryCopy} =>
    options.cache ? {copy: {name: options.cache.copyName(key), fetched}} : {}
  const limit = settings.cacheLimitDays
  const fresh = cached !== undefined && (limit < 0 || cached.fetched >= now - limit * 86400)
  if (cached && (fresh || options.offline)) {
    try {
      return {
        inventory: parseInventory(cached.bytes, baseUri(uri)),
        cached: true,
        ...copy(cached.fetched)
      }
    } catch {
      // a damaged copy: fetch again below
    }
  }
  if (options.offline) throw new Error('offline (--offline) and not in the cache')
  let fetched: Uint8Array
  try {
    fetched = (await fetchBytes(key, limits)).bytes
  } catch (error) {
    // Sphinx keeps the inventory it had when a refresh fails
    if (cached) {
      try {
        return {
          inventory: parseInventory(cached.bytes, baseUri(uri)),
          cached: true,
          ...copy(cached.fetched)
        }
      } catch {
        // fall through to the fetch error
      }
    }
    throw error
  }
  const inventory = parseInventory(fetched, baseUri(uri))
  // a copy that could not be written is none: a stored check made from it never holds
  const written = (await options.cache?.write(key, fetched, now)) === true
  return {inventory, ...(written ? copy(now) : {})}
}
