/** A small patchwork REST (API 1.2) client: read a series and its mboxes, post one check per patch. */
import type {PatchResult, RunResult} from '../engine/types.js'
import {readUpTo} from '../fs/read.js'
import {
  patchworkCheck,
  type PatchworkCheck,
  type PatchworkReportOptions
} from '../report/patchwork.js'

/** What went wrong, so the CLI can word it (and tests can tell cases apart). */
export type PatchworkErrorKind =
  'config' | 'http' | 'network' | 'timeout' | 'json' | 'shape' | 'tooLarge'

/** Any failure of the patchwork client. */
export class PatchworkError extends Error {
  override name = 'PatchworkError'
  constructor(
    message: string,
    readonly kind: PatchworkErrorKind,
    readonly url?: string,
    readonly status?: number
  ) {
    super(message)
  }
}

/** How requests are made: timeouts, retries, and the seams tests use. */
export interface PatchworkHttpOptions {
  /** Per-attempt time limit, body included (ms). Default 30 000. */
  timeoutMs?: number
  /**
   * Largest response body read (bytes); a larger one is abandoned, never held whole. Default
   * 16 MiB: twice the default limits.maxPatchSize, room for a series listing.
   */
  maxBodyBytes?: number
  /** Retries after the first attempt, on 5xx, network errors and timeouts. Default 3. */
  retries?: number
  /** First backoff delay (ms); doubled per retry. Default 1 000. */
  backoffMs?: number
  /** Cap on one backoff delay (ms). Default 16 000. */
  maxBackoffMs?: number
  /** Cap on the total time spent sleeping between retries of one request (ms). Default 60 000. */
  retryBudgetMs?: number
  /** Replaceable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>
  /** Told about each retry (the CLI prints it with --verbose). */
  onRetry?: (info: {url: string; attempt: number; delayMs: number; reason: string}) => void
  userAgent?: string
}

/** A patch of a series, as the series endpoint lists it. */
export interface PatchworkPatchRef {
  id: number
  name: string
  mbox: string
  webUrl?: string
}

/** A series: its patches in series order. */
export interface PatchworkSeries {
  id: number
  name: string
  version?: number
  /** False while patchwork has not received every patch of the series yet. */
  receivedAll?: boolean
  patches: PatchworkPatchRef[]
}

/** A patch's mbox, handed to the check callback in series order. */
export interface PatchworkMbox extends PatchworkPatchRef {
  /** 1-based position in the series. */
  index: number
  total: number
  text: string
}

const DEFAULTS = {
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 1_000,
  maxBackoffMs: 16_000,
  maxBodyBytes: 16 * 1024 * 1024,
  retryBudgetMs: 60_000
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The API root (`…/api/1.2/`) of an instance URL; accepts the site URL or an API URL. */
export function apiRoot(instanceUrl: string): URL {
  let url: URL
  try {
    url = new URL(instanceUrl)
  } catch {
    throw new PatchworkError(`Invalid patchwork URL \`${instanceUrl}\``, 'config', instanceUrl)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PatchworkError(`Patchwork URL must be http(s): \`${instanceUrl}\``, 'config')
  }
  url.search = ''
  url.hash = ''
  const at = url.pathname.indexOf('/api/')
  const site = at === -1 ? url.pathname : url.pathname.slice(0, at)
  url.pathname = `${site.replace(/(?<!\/)\/+$/, '')}/api/1.2/`
  return url
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat
}

interface Attempt {
  response?: {status: number; body: string; location: string | null}
  error?: {kind: 'network' | 'timeout' | 'tooLarge'; message: string}
}

/** A body over the size limit, found while reading it. */
class BodyTooLarge extends Error {}

/**
 * The body as text, read chunk by chunk and abandoned once past `limit` bytes (leaving the loop
 * early cancels the stream).
 */
async function readBody(response: Response, limit: number): Promise<string> {
  if (response.body === null) return ''
  const {bytes, over} = await readUpTo(response.body, limit)
  if (over) throw new BodyTooLarge(`response is larger than ${limit} bytes; not read`)
  return bytes.toString('utf8')
}

async function attempt(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  maxBodyBytes: number
): Promise<Attempt> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetch(url, {...init, signal: controller.signal})
    // Reading the body is inside the timer too: a server that stalls mid-body is a timeout.
    const body = await readBody(response, maxBodyBytes)
    return {response: {status: response.status, body, location: response.headers.get('location')}}
  } catch (error) {
    if (error instanceof BodyTooLarge) return {error: {kind: 'tooLarge', message: error.message}}
    if (controller.signal.aborted) {
      return {error: {kind: 'timeout', message: `no answer within ${timeoutMs} ms`}}
    }
    const cause =
      error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return {
      error: {
        kind: 'network',
        message: `${error instanceof Error ? error.message : String(error)}${cause}`
      }
    }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * One HTTP exchange with bounded retries: 5xx, network errors and timeouts are retried with
 * exponential backoff (bounded in count and total sleep); 4xx and other statuses are not.
 */
async function request(
  url: string,
  init: RequestInit,
  options: PatchworkHttpOptions
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs
  const retries = Math.max(0, options.retries ?? DEFAULTS.retries)
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs
  const maxBackoffMs = options.maxBackoffMs ?? DEFAULTS.maxBackoffMs
  const budget = options.retryBudgetMs ?? DEFAULTS.retryBudgetMs
  const sleep = options.sleep ?? defaultSleep
  const headers = new Headers(init.headers)
  headers.set('User-Agent', options.userAgent ?? 'doclint')
  let slept = 0
  for (let attemptNumber = 0; ; attemptNumber++) {
    const outcome = await attempt(
      url,
      {...init, headers},
      timeoutMs,
      options.maxBodyBytes ?? DEFAULTS.maxBodyBytes
    )
    let failure: PatchworkError
    if (outcome.response !== undefined) {
      const {status, body, location} = outcome.response
      if (status >= 200 && status < 300) return body
      const method = init.method ?? 'GET'
      const detail = snippet(body)
      if (status >= 300 && status < 400) {
        // Only reached for POST (redirect: manual): following would drop or leak the token.
        throw new PatchworkError(
          `${method} ${url}: redirected to ${location ?? '?'}; use the instance's canonical URL`,
          'http',
          url,
          status
        )
      }
      failure = new PatchworkError(
        `${method} ${url}: HTTP ${status}${detail === '' ? '' : `: ${detail}`}`,
        'http',
        url,
        status
      )
      if (status < 500) throw failure
    } else {
      const error = outcome.error ?? {kind: 'network' as const, message: 'unknown error'}
      failure = new PatchworkError(
        `${init.method ?? 'GET'} ${url}: ${error.message}`,
        error.kind,
        url
      )
      // the same answer again would be as large: not worth a retry
      if (error.kind === 'tooLarge') throw failure
    }
    const delay = Math.min(maxBackoffMs, backoffMs * 2 ** attemptNumber)
    if (attemptNumber >= retries || slept + delay > budget) throw failure
    options.onRetry?.({url, attempt: attemptNumber + 1, delayMs: delay, reason: failure.message})
    await sleep(delay)
    slept += delay
  }
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new PatchworkError(
      `Malformed JSON from ${url}: ${reason} (starts with: ${JSON.stringify(text.slice(0, 80))})`,
      'json',
      url
    )
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/** The `n` of a `[…n/N]` subject prefix, when there is one. */
function seriesNumber(name: string): number | undefined {
  const prefix = /^\s*\[([^\]]{0,200})\]/.exec(name)?.[1]
  const match = prefix === undefined ? null : /(?<!\d)(\d+)\/\d+/.exec(prefix)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** Check a series response's shape; throws a `shape` error naming what is wrong. */
export function parseSeries(data: unknown, url: string): PatchworkSeries {
  const bad = (what: string): PatchworkError =>
    new PatchworkError(`Unexpected series response from ${url}: ${what}`, 'shape', url)
  if (!isRecord(data)) throw bad('not an object')
  if (typeof data['id'] !== 'number') throw bad('no numeric `id`')
  if (!Array.isArray(data['patches'])) throw bad('no `patches` array')
  const patches = data['patches'].map((item: unknown, index): PatchworkPatchRef => {
    if (!isRecord(item) || typeof item['id'] !== 'number' || !Number.isSafeInteger(item['id'])) {
      throw bad(`patch ${index + 1} has no numeric \`id\``)
    }
    const mbox = httpUrl(item['mbox'])
    if (mbox === undefined) throw bad(`patch ${item['id']} has no http(s) \`mbox\` URL`)
    const ref: PatchworkPatchRef = {
      id: item['id'],
      name: typeof item['name'] === 'string' ? item['name'] : `patch ${item['id']}`,
      mbox
    }
    const webUrl = httpUrl(item['web_url'])
    if (webUrl !== undefined) ref.webUrl = webUrl
    return ref
  })
  // Series order is the [n/N] order; the listing order is only a fallback.
  const numbers = patches.map((patch) => seriesNumber(patch.name))
  if (numbers.every((n) => n !== undefined)) {
    const order = patches.map((patch, index) => ({patch, n: numbers[index] ?? 0, index}))
    order.sort((a, b) => a.n - b.n || a.index - b.index)
    patches.splice(0, patches.length, ...order.map((item) => item.patch))
  }
  const series: PatchworkSeries = {
    id: data['id'],
    name: typeof data['name'] === 'string' ? data['name'] : `series ${data['id']}`,
    patches
  }
  if (typeof data['version'] === 'number') series.version = data['version']
  if (typeof data['received_all'] === 'boolean') series.receivedAll = data['received_all']
  return series
}

function positiveId(value: number | string, what: string): number {
  const id = typeof value === 'number' ? value : /^\d{1,15}$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new PatchworkError(`Invalid ${what} id \`${String(value)}\``, 'config')
  }
  return id
}

/** `GET /api/1.2/series/ID/`. */
export async function fetchSeries(
  instanceUrl: string,
  seriesId: number | string,
  options: PatchworkHttpOptions = {}
): Promise<PatchworkSeries> {
  const id = positiveId(seriesId, 'series')
  const url = new URL(`series/${id}/`, apiRoot(instanceUrl)).href
  const text = await request(url, {headers: {Accept: 'application/json'}}, options)
  return parseSeries(parseJson(text, url), url)
}

/** `GET` a patch's mbox (its URL comes from the series response). */
export async function fetchMbox(url: string, options: PatchworkHttpOptions = {}): Promise<string> {
  if (httpUrl(url) === undefined) throw new PatchworkError(`Not an http(s) URL: ${url}`, 'config')
  return request(url, {headers: {Accept: 'application/mbox, text/plain'}}, options)
}

/** The checks endpoint of a patch. */
export function checksUrl(instanceUrl: string, patchId: number): string {
  return new URL(`patches/${positiveId(patchId, 'patch')}/checks/`, apiRoot(instanceUrl)).href
}

/** `POST /api/1.2/patches/ID/checks/` with `Authorization: Token …`. */
export async function postCheck(
  instanceUrl: string,
  patchId: number,
  check: PatchworkCheck,
  token: string,
  options: PatchworkHttpOptions = {}
): Promise<unknown> {
  if (token === '' || /[\r\n]/.test(token)) {
    throw new PatchworkError('The patchwork token is empty or malformed', 'config')
  }
  const url = checksUrl(instanceUrl, patchId)
  const text = await request(
    url,
    {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Authorization: `Token ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json'
      },
      body: JSON.stringify(check)
    },
    options
  )
  return text.trim() === '' ? null : parseJson(text, url)
}

/** Options of the whole gate: read a series, check it, post the checks. */
export interface PatchworkGateOptions extends PatchworkHttpOptions, PatchworkReportOptions {
  /** The patchwork instance, e.g. `https://patchwork.ozlabs.org`. */
  url: string
  series: number | string
  /** Name of the environment variable holding the API token. Default `PATCHWORK_TOKEN`. */
  tokenEnv?: string
  /** Where `tokenEnv` is looked up. Default `process.env`. */
  env?: Record<string, string | undefined>
  /**
   * Check the patches (in order): one result per patch, in the same order. Returning the whole
   * patch-mode RunResult lets check descriptions show paths relative to its cwd.
   */
  check: (mboxes: PatchworkMbox[]) => Promise<PatchResult[] | RunResult>
  /** Fetch and check, but post nothing (no token needed). */
  dryRun?: boolean
  /** Root and cwd for the paths in check descriptions when `check` returns only PatchResults. */
  paths?: {root: string; cwd: string}
  /** Told before each mbox download (the CLI's progress line). */
  onProgress?: (index: number, total: number, subject: string) => void
}

/** A check, where it goes and the patch it is for. */
export interface PlannedCheck {
  patchId: number
  url: string
  check: PatchworkCheck
}

/** What the gate did. */
export interface PatchworkGateResult {
  series: PatchworkSeries
  results: PatchResult[]
  checks: PlannedCheck[]
  /** False in dry runs. */
  posted: boolean
}

/**
 * The `doclint patchwork` subcommand minus argument parsing: fetch the series, download each
 * mbox in order, run `check`, and post one check per patch (or return them in a dry run).
 */
export async function runPatchworkGate(
  options: PatchworkGateOptions
): Promise<PatchworkGateResult> {
  const tokenEnv = options.tokenEnv ?? 'PATCHWORK_TOKEN'
  const env = options.env ?? process.env
  const token = env[tokenEnv]
  // Fail before any network work: a gate that checks everything and then cannot post wastes CI.
  if (options.dryRun !== true && (token === undefined || token === '')) {
    throw new PatchworkError(
      `Set the environment variable ${tokenEnv} to a patchwork API token (or use a dry run)`,
      'config'
    )
  }
  const series = await fetchSeries(options.url, options.series, options)
  if (series.patches.length === 0) {
    throw new PatchworkError(`Series ${series.id} has no patches`, 'shape')
  }
  const mboxes: PatchworkMbox[] = []
  const total = series.patches.length
  for (const [position, patch] of series.patches.entries()) {
    options.onProgress?.(position + 1, total, patch.name)
    const text = await fetchMbox(patch.mbox, options)
    mboxes.push({...patch, index: position + 1, total, text})
  }
  const checked = await options.check(mboxes)
  const results = Array.isArray(checked) ? checked : (checked.patches ?? [])
  if (results.length !== total) {
    throw new PatchworkError(
      `The check returned ${results.length} results for ${total} patches`,
      'shape'
    )
  }
  const paths = Array.isArray(checked)
    ? (options.paths ?? {root: process.cwd(), cwd: process.cwd()})
    : {root: checked.root, cwd: checked.cwd}
  const checks = results.map((result, index): PlannedCheck => {
    const patchId = result.patch.patchworkId ?? series.patches[index]?.id ?? 0
    if (!series.patches.some((patch) => patch.id === patchId)) {
      throw new PatchworkError(
        `Result ${index + 1} names patch ${patchId}, not in the series`,
        'shape'
      )
    }
    return {
      patchId,
      url: checksUrl(options.url, patchId),
      check: patchworkCheck(paths, result, options)
    }
  })
  if (options.dryRun === true || token === undefined) {
    return {series, results, checks, posted: false}
  }
  for (const planned of checks) {
    await postCheck(options.url, planned.patchId, planned.check, token, options)
  }
  return {series, results, checks, posted: true}
}
