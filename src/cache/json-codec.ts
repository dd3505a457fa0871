/**
 * A record codec (graph/facts-cache.ts RecordCodec) for plain data: objects, arrays, strings, finite numbers, booleans, null and Maps
 * of them. A value holding anything else (undefined, a function, a class instance, NaN) is stored
 * as not storable and computed again next time, so what is read back is always what was computed.
 */

/** Tagged so a stored Map is never confused with an object that has the same fields. */
const MAP_TAG = '\u0000map'
const NOT_STORABLE = {[MAP_TAG]: false}

function encodeValue(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('not storable')
    return value
  }
  if (Array.isArray(value)) return value.map(encodeValue)
  if (value instanceof Map) {
    return {
      [MAP_TAG]: [...(value as Map<unknown, unknown>)].map(([k, v]) => [
        encodeValue(k),
        encodeValue(v)
      ])
    }
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (key === MAP_TAG) throw new Error('not storable')
      out[key] = encodeValue(item)
    }
    return out
  }
  throw new Error('not storable')
}

function decodeValue(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data
  if (Array.isArray(data)) return data.map(decodeValue)
  const record = data as Record<string, unknown>
  if (MAP_TAG in record) {
    const entries = record[MAP_TAG]
    if (!Array.isArray(entries)) throw new Error('not stored')
    return new Map(
      entries.map((entry: unknown) => {
        if (!Array.isArray(entry) || entry.length !== 2) throw new Error('damaged')
        return [decodeValue(entry[0]), decodeValue(entry[1])]
      })
    )
  }
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(record)) out[key] = decodeValue(item)
  return out
}

/**
 * The codec. `valid` checks the decoded value's shape (a damaged or foreign record is computed
 * again, never trusted).
 */
export function plainDataCodec<T>(valid: (value: unknown) => boolean): {
  encode(value: T): unknown
  decode(data: unknown): T | undefined
} {
  return {
    encode: (value) => {
      try {
        return encodeValue(value)
      } catch {
        return NOT_STORABLE
      }
    },
    decode: (data) => {
      try {
        const value = decodeValue(data)
        return valid(value) ? (value as T) : undefined
      } catch {
        return undefined
      }
    }
  }
}
