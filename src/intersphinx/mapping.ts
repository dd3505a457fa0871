/**
 * `intersphinx_mapping` and its companions, read from conf.py's static values as Sphinx
 * normalises them: 5.3's `normalize_intersphinx_mapping` accepts the old form `{uri: inv}` and
 * the named form `{name: (uri, inv)}`; Sphinx 8 (`validate_intersphinx_mapping`) drops old-form
 * entries with an error. `inv` is a location, `None` (`<uri>/objects.inv`) or a tuple of them.
 */
import type {PyValue, SphinxProject} from '../project/types.js'
import type {IntersphinxSettings, MappingEntry} from './types.js'

/** `intersphinx_disabled_reftypes` when conf.py does not set it (Sphinx 5.0 and later). */
export const DEFAULT_DISABLED_REFTYPES: readonly string[] = ['std:doc']

/** Sphinx's `intersphinx_cache_limit` default, in days. */
export const DEFAULT_CACHE_LIMIT_DAYS = 5

function isDict(
  value: PyValue | undefined
): value is {kind: 'dict'; entries: [PyValue, PyValue][]} {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'dict'
  )
}

function items(value: PyValue): PyValue[] | undefined {
  if (Array.isArray(value)) return value
  if (typeof value === 'object' && value !== null && value.kind === 'tuple') return value.items
  return undefined
}

function isTuple(value: PyValue): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'tuple'
  )
}

/** The locations of one entry: `inv` as a location, `None`, or a tuple (8: or list) of them. */
function locationsOf(inv: PyValue, version: '8' | '5.3'): (string | null)[] | undefined {
  if (inv === null || typeof inv === 'string') return [inv]
  // 5.3 wraps anything that is not a tuple into one; a list stays one location (and fails).
  const list = version === '5.3' ? (isTuple(inv) ? items(inv) : undefined) : items(inv)
  if (list === undefined) return undefined
  if (!list.every((item) => item === null || typeof item === 'string')) return undefined
  return list as (string | null)[]
}

/** Read intersphinx settings from conf.py's values (`sphinxVersion` picks 5.3 or 8 rules). */
export function readIntersphinxSettings(project: SphinxProject): IntersphinxSettings {
  const version = project.sphinxVersion ?? '8'
  const conf = project.conf
  const problems: string[] = []
  const entries: MappingEntry[] = []
  const mapping = conf.get('intersphinx_mapping')
  const unresolvedNames = new Set(project.unresolved.map((item) => item.name))
  let unreadable = false
  if (mapping === undefined) {
    if (
      unresolvedNames.has('intersphinx_mapping') ||
      project.conditional?.has('intersphinx_mapping')
    )
      unreadable = true
  } else if (!isDict(mapping)) {
    problems.push('intersphinx_mapping is not a dict')
  } else {
    if (project.conditional?.has('intersphinx_mapping')) unreadable = true
    for (const [key, value] of mapping.entries) {
      const pair = items(value)
      if (
        pair !== undefined &&
        pair.length === 2 &&
        (version === '8' || Array.isArray(value) || isTuple(value))
      ) {
        // named form
        if (typeof key !== 'string') {
          problems.push(`intersphinx identifier ${JSON.stringify(key)} is not a string; ignored`)
          continue
        }
        const [uri, inv] = pair as [PyValue, PyValue]
        const locations = locationsOf(inv, version)
        if (typeof uri !== 'string' || (version === '8' && uri === '') || locations === undefined) {
          problems.push(
            `intersphinx_mapping[${JSON.stringify(key)}] is not (uri, inventory); ignored`
          )
          continue
        }
        if (version === '8' && entries.some((entry) => entry.uri === uri)) {
          // Sphinx 8 stops with a ConfigError: two names for one URI
          problems.push(
            `intersphinx_mapping[${JSON.stringify(key)}]: the URI ${uri} is used twice; ignored`
          )
          continue
        }
        entries.push({name: key, uri, locations})
        continue
      }
      if (version === '8') {
        problems.push(
          `intersphinx_mapping[${JSON.stringify(key)}]: expected a two-element tuple (Sphinx 8 dropped the old form {uri: inventory}); ignored`
        )
        continue
      }
      // 5.3's old form: the key is the URI, no name
      const locations = locationsOf(value, version)
      if (typeof key !== 'string' || locations === undefined) {
        problems.push(`intersphinx_mapping[${JSON.stringify(key)}] cannot be read; ignored`)
        continue
      }
      entries.push({name: null, uri: key, locations})
    }
  }
  const settings: IntersphinxSettings = {
    entries,
    cacheLimitDays: DEFAULT_CACHE_LIMIT_DAYS,
    disabledReftypes: [...DEFAULT_DISABLED_REFTYPES],
    sphinxVersion: version,
    problems
  }
  if (unreadable) settings.unreadable = true
  const limit = conf.get('intersphinx_cache_limit')
  if (typeof limit === 'number') settings.cacheLimitDays = limit
  const timeout = conf.get('intersphinx_timeout')
  if (typeof timeout === 'number' && timeout > 0) settings.timeoutSeconds = timeout
  const disabled = conf.get('intersphinx_disabled_reftypes')
  if (disabled !== undefined) {
    const list = disabled === null ? [] : items(disabled)
    if (list !== undefined && list.every((item) => typeof item === 'string')) {
      settings.disabledReftypes = list as string[]
    } else problems.push('intersphinx_disabled_reftypes is not a list of strings')
  }
  if (unresolvedNames.has('intersphinx_disabled_reftypes')) {
    // Unknown: assume everything may be looked up (nothing reported that a lookup could answer).
    settings.disabledReftypes = []
    settings.unreadable = true
  }
  return settings
}
