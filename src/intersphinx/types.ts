/**
 * Intersphinx as Sphinx does it (sphinx/ext/intersphinx): the mapping conf.py gives, the
 * inventories (`objects.inv`) it names, and what loading them gave.
 */

/** One object of an inventory: `name domain:role priority location dispname`. */
export interface InventoryItem {
  project: string
  version: string
  /** The location joined to the mapping's base URI. */
  uri: string
  /** `-` when the display name is the name itself. */
  dispname: string
}

/** An inventory: object type (`std:label`, `py:class` …) → name → item. */
export type Inventory = Map<string, Map<string, InventoryItem>>

/** One entry of `intersphinx_mapping`, normalised as `normalize_intersphinx_mapping` does. */
export interface MappingEntry {
  /** The inventory name (the dict key of the named form); `null` for the old form `{uri: inv}`. */
  name: string | null
  /** The base URI links are made from. */
  uri: string
  /** Where to read the inventory, tried in order; `null` means `<uri>/objects.inv`. */
  locations: (string | null)[]
}

/** What conf.py says about intersphinx, read statically. */
export interface IntersphinxSettings {
  entries: MappingEntry[]
  /** `intersphinx_cache_limit`, in days (negative: cached inventories never expire). */
  cacheLimitDays: number
  /** `intersphinx_timeout`, in seconds (`undefined`: doclint's own bound). */
  timeoutSeconds?: number
  /** `intersphinx_disabled_reftypes` (`std:doc`, `std:*`, `*` …). */
  disabledReftypes: string[]
  /** Which Sphinx is mirrored: 8 matches `std:label` names case-insensitively too (7.3+). */
  sphinxVersion: '8' | '5.3'
  /** Mapping entries Sphinx drops, and settings the static reader could not evaluate. */
  problems: string[]
  /** The mapping could not be read at all: every unprefixed target could be external. */
  unreadable?: boolean
}

/** One mapping entry after loading. */
export interface LoadedInventory {
  entry: MappingEntry
  /** The location that answered, or the last one tried. */
  source: string
  inventory?: Inventory
  /** Why no location answered (offline, timeout, bad data …); absent when loaded. */
  error?: string
  /** Served from the on-disk cache (fresh within `intersphinx_cache_limit`, or offline). */
  cached?: boolean
  /**
   * For an inventory from the network: the on-disk copy it is (InventoryCache.copyName) and when
   * that was fetched (seconds since the epoch). A stored check holds while the copy does.
   */
  copy?: InventoryCopy
}

/** An on-disk copy of a fetched inventory. */
export interface InventoryCopy {
  name: string
  fetched: number
}

/** Every inventory of a project, after loading. */
export interface IntersphinxState {
  settings: IntersphinxSettings
  loaded: LoadedInventory[]
  /** Named inventories that loaded (Sphinx's `named_inventory`). */
  named: Map<string, Inventory>
  /** Every loaded inventory merged, named ones sorted by name, unnamed last (`main_inventory`). */
  main: Inventory
  /** Inventories that failed: names (or URIs of unnamed ones) for "could not check" findings. */
  failed: LoadedInventory[]
}
