/**
 * The on-disk cache of fetched inventories: one folder, two files per URL (`<sha256>.inv`, the
 * bytes as fetched, and `<sha256>.json`, when and from where). Nothing is written outside it.
 * The folder is `.git/doclint/intersphinx` when the tree has a `.git` folder, else the user's
 * cache folder (`$XDG_CACHE_HOME/doclint/intersphinx`, `~/.cache/doclint/intersphinx`).
 */
import {existsSync, promises as fs, readFileSync, statSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {sha256} from '../hash.js'
import {writeFileAtomic} from '../fs/atomic.js'

/** The default cache folder for a tree rooted at `root` (absolute). */
export function defaultCacheDir(root: string | undefined): string {
  if (root !== undefined) {
    const git = path.join(root, '.git')
    if (existsSync(git) && statSync(git).isDirectory())
      return path.join(git, 'doclint', 'intersphinx')
  }
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  return path.join(base, 'doclint', 'intersphinx')
}

/** What copyName makes (sha256, base64url). */
const COPY_NAME = /^[\w-]{43}$/

/** One cached inventory. */
export interface CachedInventory {
  bytes: Uint8Array
  /** When it was fetched, in seconds since the epoch. */
  fetched: number
}

/** Fetched inventories on disk, keyed by URL. */
export class InventoryCache {
  /**
   * Inventories already read in this run, by URL and base URI: patch modes check a tree once per
   * patch, and fetch or parse each inventory once.
   */
  readonly session = new Map<string, Promise<unknown>>()

  constructor(readonly dir: string) {}

  #base(url: string): string {
    return path.join(this.dir, this.copyName(url))
  }

  /** The cached copy of `url`, if there is a readable one. */
  async read(url: string): Promise<CachedInventory | undefined> {
    const base = this.#base(url)
    try {
      const meta = JSON.parse(await fs.readFile(`${base}.json`, 'utf8')) as {
        url?: unknown
        fetched?: unknown
      }
      if (meta.url !== url || typeof meta.fetched !== 'number') return undefined
      const bytes = new Uint8Array(await fs.readFile(`${base}.inv`))
      return {bytes, fetched: meta.fetched}
    } catch {
      return undefined
    }
  }

  /**
   * Keep `bytes` as the copy of `url`; a cache that cannot be written only costs a refetch.
   * Whether it was written.
   */
  async write(url: string, bytes: Uint8Array, fetched: number): Promise<boolean> {
    const base = this.#base(url)
    try {
      await fs.mkdir(this.dir, {recursive: true, mode: 0o700})
      await writeFileAtomic(`${base}.inv`, bytes, {within: this.dir, mode: 0o600})
      await writeFileAtomic(`${base}.json`, JSON.stringify({url, fetched}), {
        within: this.dir,
        mode: 0o600
      })
      return true
    } catch {
      // not fatal: the inventory was loaded, only the next run pays for fetching it again
      return false
    }
  }

  /** The name of the copy of `url` (no secret in it: a URL's credentials stay out of caches). */
  copyName(url: string): string {
    return sha256(url)
  }

  /**
   * When the copy named `name` was fetched, read now, without the URL (a stored check names
   * the copies it used); undefined when there is no such copy. A name of another shape (a
   * damaged cache file) is never a path.
   */
  fetchedAt(name: string): number | undefined {
    if (!COPY_NAME.test(name)) return undefined
    try {
      const meta = JSON.parse(readFileSync(path.join(this.dir, `${name}.json`), 'utf8')) as {
        fetched?: unknown
      }
      return typeof meta.fetched === 'number' ? meta.fetched : undefined
    } catch {
      return undefined
    }
  }
}
