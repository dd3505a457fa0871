/**
 * Look a reference up in the loaded inventories as Sphinx's intersphinx `missing_reference`
 * does (sphinx/ext/intersphinx.py 5.3, _resolve.py 8): first the target as written in every
 * inventory, minus `intersphinx_disabled_reftypes`; then, when the text before the first `:` is
 * the name of an inventory, the rest of the target in that inventory alone, nothing disabled.
 * An inventory that did not load may hold any name: what only it could answer is `unchecked`.
 */
import type {Inventory, IntersphinxState} from './types.js'

/** The answer of a lookup. */
export type Lookup =
  | {status: 'found'; inventory?: string}
  | {status: 'missing'}
  /** Only inventories that did not load could answer: their names (URIs for unnamed ones). */
  | {status: 'unchecked'; inventories: string[]}

/** The object types a role looks for, per domain (`objtypes_for_role`); `any` takes them all. */
const STD_TYPES: Record<string, string[]> = {
  ref: ['label'],
  term: ['term'],
  doc: ['doc'],
  option: ['cmdoption', 'option'],
  envvar: ['envvar'],
  token: ['token']
}

/** Every object type of the domains Sphinx always has (`domain.object_types`), for `any`. */
const DOMAIN_TYPES: Record<string, string[]> = {
  std: ['term', 'token', 'label', 'doc', 'envvar', 'cmdoption', 'option'],
  py: [
    'function',
    'data',
    'class',
    'exception',
    'method',
    'classmethod',
    'staticmethod',
    'attribute',
    'property',
    'module'
  ],
  c: [
    'member',
    'var',
    'function',
    'macro',
    'struct',
    'union',
    'enum',
    'enumerator',
    'type',
    'functionParam'
  ],
  cpp: [
    'class',
    'union',
    'function',
    'member',
    'type',
    'concept',
    'enum',
    'enumerator',
    'functionParam',
    'templateParam'
  ],
  js: ['function', 'class', 'data', 'attribute', 'module', 'method'],
  rst: ['directive', 'directive:option', 'role'],
  math: ['eq']
}

/** What is looked up. */
export interface LookupQuery {
  /** `ref`, `term`, `doc`, `option` (std roles), or `any` (MyST 0.18 links). */
  role: string
  /** The target as Sphinx holds it (lower-cased for `ref`). */
  target: string
  /**
   * `:external:` (`null`: every inventory, nothing disabled) or `:external+name:` (that one):
   * the target is looked up as written, without the `name:` split.
   */
  external?: string | null
}

/** The `domain:type` names a role looks for, and the domain `*` switches that honour disabling. */
function objtypes(role: string): {types: string[]; domains: string[]} {
  if (role === 'any') {
    const types = Object.entries(DOMAIN_TYPES).flatMap(([domain, list]) =>
      list.map((type) => `${domain}:${type}`)
    )
    return {types, domains: Object.keys(DOMAIN_TYPES)}
  }
  return {types: (STD_TYPES[role] ?? []).map((type) => `std:${type}`), domains: ['std']}
}

function find(
  inventory: Inventory,
  types: readonly string[],
  target: string,
  version: '8' | '5.3'
): boolean {
  for (const type of types) {
    const table = inventory.get(type)
    if (!table) continue
    if (table.has(target)) return true
    // terms match in any case; labels too since Sphinx 7.3 (sphinx-doc/sphinx#12008)
    if (type === 'std:term' || (type === 'std:label' && version === '8')) {
      const lower = target.toLowerCase()
      for (const name of table.keys()) if (name.toLowerCase() === lower) return true
    }
  }
  return false
}

/** The types an unprefixed lookup may use after `intersphinx_disabled_reftypes`. */
function enabledTypes(role: string, disabled: readonly string[]): string[] {
  if (disabled.includes('*')) return []
  const {types} = objtypes(role)
  return types.filter(
    (type) =>
      !disabled.includes(type) && !disabled.includes(`${type.slice(0, type.indexOf(':'))}:*`)
  )
}

/** Names for the inventories that did not load (the URI for an unnamed one). */
function failedNames(state: IntersphinxState): string[] {
  const names = state.failed.map((item) => item.entry.name ?? item.entry.uri)
  if (state.settings.unreadable) names.push('intersphinx_mapping')
  return names
}

/** Look `query` up in the inventories of `state`. */
export function lookupExternal(state: IntersphinxState, query: LookupQuery): Lookup {
  const {types} = objtypes(query.role)
  const version = state.settings.sphinxVersion
  if (query.external !== undefined) {
    if (query.external === null) {
      if (find(state.main, types, query.target, version)) return {status: 'found'}
      const failed = failedNames(state)
      return failed.length > 0 ? {status: 'unchecked', inventories: failed} : {status: 'missing'}
    }
    // docutils lower-cases role names (`:external+PyPUG:term:` arrives as `external+pypug`), so
    // the inventory is matched as written first, then without regard to case.
    const wanted = query.external
    const same = (name: string): boolean =>
      name === wanted || name.toLowerCase() === wanted.toLowerCase()
    const name = state.named.has(wanted)
      ? wanted
      : [...state.named.keys()].find((known) => same(known))
    const inventory = name === undefined ? undefined : state.named.get(name)
    if (inventory)
      return find(inventory, types, query.target, version)
        ? {status: 'found', inventory: name ?? wanted}
        : {status: 'missing'}
    const failed = state.failed.find((item) => same(item.entry.name ?? ''))
    if (failed || state.settings.unreadable)
      return {status: 'unchecked', inventories: [failed?.entry.name ?? wanted]}
    return {status: 'missing'}
  }
  const unchecked: string[] = []
  const enabled = enabledTypes(query.role, state.settings.disabledReftypes)
  if (enabled.length > 0) {
    if (find(state.main, enabled, query.target, version)) return {status: 'found'}
    unchecked.push(...failedNames(state))
  }
  const colon = query.target.indexOf(':')
  if (colon !== -1) {
    const name = query.target.slice(0, colon)
    const rest = query.target.slice(colon + 1)
    const inventory = state.named.get(name)
    if (inventory) {
      if (find(inventory, types, rest, version)) return {status: 'found', inventory: name}
    } else if (
      (state.failed.some((item) => item.entry.name === name) || state.settings.unreadable) &&
      !unchecked.includes(name)
    ) {
      unchecked.push(name)
    }
  }
  return unchecked.length > 0 ? {status: 'unchecked', inventories: unchecked} : {status: 'missing'}
}

/** Whether `name` is a key of `intersphinx_mapping` (loaded or not). */
export function isInventoryName(state: IntersphinxState, name: string): boolean {
  return state.settings.entries.some((entry) => entry.name === name)
}

/** `*` and `?` wildcards of a MyST `inv:` link part, as a regular expression. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[\\^$.+()[\]{}|]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`)
}

/**
 * A MyST (1.0 and later) `inv:` link: `inv:key:domain:type#name`, where `key`, `domain` and
 * `type` may be left out or be `*` (myst_parser/inventory.py `filter_inventories`). Undefined
 * when `target` is not such a link.
 */
export function lookupInvLink(state: IntersphinxState, target: string): Lookup | undefined {
  if (!target.startsWith('inv:')) return undefined
  const hash = target.indexOf('#')
  const head = hash === -1 ? target.slice(4) : target.slice(4, hash)
  const name = hash === -1 ? '' : target.slice(hash + 1)
  if (name === '') return {status: 'missing'}
  const parts = head === '' ? [] : head.split(':')
  const [key = '*', domain = '*', type = '*'] =
    parts.length >= 3 ? parts : parts.length === 2 ? ['*', ...parts] : parts
  const keyRe = wildcard(key || '*')
  const typeRe = wildcard(`${domain || '*'}:${type || '*'}`)
  const nameRe = wildcard(name)
  const search = (inventory: Inventory): boolean => {
    for (const [objtype, table] of inventory) {
      if (!typeRe.test(objtype)) continue
      if (table.has(name)) return true
      if (/[*?]/.test(name))
        for (const candidate of table.keys()) if (nameRe.test(candidate)) return true
    }
    return false
  }
  for (const [inventoryName, inventory] of state.named) {
    if (keyRe.test(inventoryName) && search(inventory))
      return {status: 'found', inventory: inventoryName}
  }
  const failed = state.failed
    .map((item) => item.entry.name ?? item.entry.uri)
    .filter((inventoryName) => keyRe.test(inventoryName))
  return failed.length > 0 ? {status: 'unchecked', inventories: failed} : {status: 'missing'}
}

/** Message data for an `unchecked` finding: the inventories, quoted, and why the first failed. */
export function uncheckedData(
  state: IntersphinxState,
  inventories: readonly string[]
): {inventories: string; reason: string} {
  const first = inventories[0]
  const failed = state.failed.find((item) => (item.entry.name ?? item.entry.uri) === first)
  const reason =
    failed?.error ??
    (first === 'intersphinx_mapping'
      ? 'conf.py sets it in a way doclint cannot read'
      : 'not loaded')
  return {inventories: inventories.map((name) => `\`${name}\``).join(', '), reason}
}
