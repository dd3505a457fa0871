/**
 * A whole reStructuredText document's facts made again from the cache key context they were
 * stored under: all that the `--staged` check needs to see that an edit left a document's facts
 * as they were (engine/near.ts). Kept apart from the graph so that check loads the parser alone.
 */
import {extractRstFacts, type RstFactsOptions} from '../facts/rst.js'
import {emptyFacts, type DocFacts} from '../facts/types.js'
import type {ParseOptions} from '../rst/ast.js'
import {parse} from '../rst/index.js'
import {FactsCache} from './facts-cache.js'

const decoder = new TextDecoder('utf-8')

/** A file's bytes as text, as documents are read (UTF-8, a byte order mark dropped). */
export function decodeText(bytes: Uint8Array): string {
  const text = decoder.decode(bytes)
  return text.startsWith('\uFEFF') ? text.slice(1) : text
}

/** The facts a front end makes, or empty facts with one severe problem when it crashes. */
export function parsedOrProblem(make: () => DocFacts): DocFacts {
  try {
    return make()
  } catch (error) {
    const facts = emptyFacts()
    facts.problems.push({
      level: 4,
      message: `doclint could not parse this file: ${String(error)}`,
      line: 1
    })
    return facts
  }
}

/** How every whole-document RST facts context starts (FactsCache.context of the RST parser). */
export const RST_CONTEXT_PREFIX = FactsCache.context('restructuredtext', null).slice(
  0,
  -'null'.length
)

/**
 * A whole RST document's facts made exactly as `rstFacts` makes them under `context` (a context
 * `rstContext` made, clip ''), through the cache; undefined for any other context. The context
 * holds every option the facts depend on, so they are rebuilt from it.
 */
export function rstFactsOfContext(
  context: string,
  text: string,
  cache: FactsCache
): DocFacts | undefined {
  if (!context.startsWith(RST_CONTEXT_PREFIX)) return undefined
  let options: unknown
  try {
    options = JSON.parse(context.slice(RST_CONTEXT_PREFIX.length))
  } catch {
    return undefined
  }
  if (typeof options !== 'object' || options === null) return undefined
  const {known, clip, version, ...parseOptions} = options as Record<string, unknown>
  if (clip !== '') return undefined
  // a number JSON could not hold (Infinity) cannot be rebuilt
  if (Object.values(parseOptions).some((value) => value === null)) return undefined
  const factsOptions: RstFactsOptions = {}
  if (Array.isArray(known)) factsOptions.knownDirectives = new Set(known as string[])
  else if (known !== null) return undefined
  if (version === '5.3') factsOptions.sphinxVersion = '5.3'
  else if (version !== '8') return undefined
  const parsing = parseOptions as ParseOptions
  return cache.get(context, text, () =>
    parsedOrProblem(() => extractRstFacts(parse(text, parsing), text, factsOptions))
  )
}
