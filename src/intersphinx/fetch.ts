/**
 * A careful HTTP GET for inventories: http and https only, credentials never sent (userinfo is
 * stripped, no Authorization header, no cookies), a time limit on the whole exchange, a size
 * cap on the body, and a bounded number of redirects, each checked like the first URL.
 */
import {createRequire} from 'node:module'

/** Bounds of one fetch. */
export interface FetchLimits {
  /** The whole exchange, redirects included, in milliseconds. */
  timeoutMs: number
  /** Largest body accepted, in bytes. */
  maxBytes: number
  /** Most redirects followed. */
  maxRedirects: number
}

/** Defaults: 30 s, 16 MiB (CPython's objects.inv is 140 KB), 5 redirects. */
export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 30_000,
  maxBytes: 16 * 1024 * 1024,
  maxRedirects: 5
}

/** Thrown when a fetch fails; the message says why, for the "could not check" finding. */
export class FetchError extends Error {
  override name = 'FetchError'
}

/** `url` without `user:password@` (Sphinx's `_strip_basic_auth`), or undefined if not http(s). */
export function safeUrl(url: string): URL | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
  parsed.username = ''
  parsed.password = ''
  parsed.hash = ''
  return parsed
}

/** The body of `url` and the URL that answered (after redirects). */
export async function fetchBytes(
  url: string,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS
): Promise<{bytes: Uint8Array; url: string}> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs)
  try {
    let current = safeUrl(url)
    if (!current) throw new FetchError(`not an http or https URL: ${url}`)
    for (let redirects = 0; ; redirects++) {
      const answer = await getOnce(current, limits, controller.signal)
      if ('bytes' in answer) return {bytes: answer.bytes, url: current.href}
      if (redirects >= limits.maxRedirects) {
        throw new FetchError(`more than ${limits.maxRedirects} redirects`)
      }
      let next: URL | undefined
      try {
        next = safeUrl(new URL(answer.location, current).href)
      } catch {
        next = undefined
      }
      if (!next) throw new FetchError(`redirected to a URL that is not http or https`)
      current = next
    }
  } catch (error) {
    if (controller.signal.aborted) {
      throw new FetchError(`timed out after ${limits.timeoutMs / 1000} s`)
    }
    throw error instanceof FetchError ? error : new FetchError(describe(error))
  } finally {
    clearTimeout(timer)
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as {code?: string}).code
    return code ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}

function getOnce(
  url: URL,
  limits: FetchLimits,
  signal: AbortSignal
): Promise<{bytes: Uint8Array} | {location: string}> {
  // loaded here, not at start: node:http and node:https take 5 to 10 ms to load, and most runs
  // fetch nothing
  const load = createRequire(import.meta.url)
  const client = (
    url.protocol === 'https:' ? load('node:https') : load('node:http')
  ) as typeof import('node:http')
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        signal,
        // no keep-alive agent: nothing is left running once the answer is read
        agent: false,
        headers: {
          'user-agent': 'doclint (intersphinx)',
          accept: '*/*',
          'accept-encoding': 'identity'
        }
      },
      (response) => {
        const status = response.statusCode ?? 0
        if (status >= 300 && status < 400 && response.headers.location !== undefined) {
          response.resume()
          resolve({location: response.headers.location})
          return
        }
        if (status !== 200) {
          response.resume()
          reject(new FetchError(`HTTP ${status} ${response.statusMessage ?? ''}`.trim()))
          return
        }
        const declared = Number(response.headers['content-length'])
        if (Number.isFinite(declared) && declared > limits.maxBytes) {
          response.destroy()
          reject(new FetchError(`larger than ${limits.maxBytes} bytes`))
          return
        }
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > limits.maxBytes) {
            response.destroy()
            reject(new FetchError(`larger than ${limits.maxBytes} bytes`))
            return
          }
          chunks.push(chunk)
        })
        response.on('end', () => resolve({bytes: new Uint8Array(Buffer.concat(chunks))}))
        response.on('error', reject)
      }
    )
    request.on('error', reject)
  })
}
