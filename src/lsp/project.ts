/**
 * One workspace folder as the language server sees it: a prepared engine (the same configuration,
 * Sphinx model and rules as the command line), the disk with the open buffers on top, and the
 * findings and graphs of the last check.
 */
import path from 'node:path'
import {checkTree, prepareEngine, type Engine, type TreeCheck} from '../engine/run.js'
import type {Graph} from '../graph/types.js'
import {isInside} from '../paths.js'
import {DiskTree} from '../tree/disk.js'
import {BufferTree, StampedReads} from './buffer-tree.js'

/**
 * How long a view of the disk is trusted when the client sends no file events: edits made in
 * the editor arrive as buffer changes; this bounds how stale changes made outside it can be.
 */
const DISK_VIEW_MS = 2_000

export class LspProject {
  /** The workspace folder (absolute). */
  readonly folder: string
  engine: Engine
  /** The last check (undefined before the first). */
  last: TreeCheck | undefined
  /** What the last check published, by tree-relative path (files with findings only). */
  published = new Map<string, string>()
  #disk: DiskTree
  #diskMade: number
  readonly #reads = new StampedReads()

  private constructor(folder: string, engine: Engine) {
    this.folder = folder
    this.engine = engine
    this.#disk = new DiskTree(engine.root, {maxFileSize: engine.config.limits.maxFileSize})
    this.#diskMade = Date.now()
  }

  static async open(folder: string): Promise<LspProject> {
    return new LspProject(folder, await prepareEngine({cwd: folder, paths: ['.']}))
  }

  /** Read the configuration again (doclint.config.json changed). */
  async reload(): Promise<void> {
    const cache = this.engine.cache
    this.engine = {...(await prepareEngine({cwd: this.folder, paths: ['.']})), cache}
    this.forgetDisk()
  }

  /** Files changed outside the editor: list and read the disk afresh at the next check. */
  forgetDisk(): void {
    this.#reads.forget()
    this.#refreshDisk()
  }

  /** A new view of the disk: listed afresh; files read again only where their stamp changed. */
  #refreshDisk(): void {
    this.#disk = new DiskTree(this.engine.root, {
      maxFileSize: this.engine.config.limits.maxFileSize
    })
    this.#diskMade = Date.now()
  }

  /** The tree path of an absolute file path, or undefined when it is outside this project. */
  treePath(file: string): string | undefined {
    if (!isInside(this.engine.root, file)) return undefined
    const relative = path.relative(this.engine.root, file).split(path.sep).join('/')
    return relative === '' ? undefined : relative
  }

  absolute(treePath: string): string {
    return path.join(this.engine.root, treePath)
  }

  /** The tree the editor shows: disk plus open buffers (by absolute path). */
  tree(buffers: ReadonlyMap<string, string>): BufferTree {
    if (Date.now() - this.#diskMade > DISK_VIEW_MS) this.#refreshDisk()
    const own = new Map<string, string>()
    for (const [file, text] of buffers) {
      const relative = this.treePath(file)
      if (relative !== undefined) own.set(relative, text)
    }
    return new BufferTree(this.#disk, own, this.#reads)
  }

  /** Check the tree as the editor shows it. Facts of unchanged files come from the cache. */
  async check(buffers: ReadonlyMap<string, string>): Promise<TreeCheck> {
    // Every keystroke is new content: keep only the facts this check used, so memory stays flat
    // over a long session.
    this.engine.cache.mark()
    const result = await checkTree(this.engine, this.tree(buffers))
    this.engine.cache.sweep()
    this.last = result
    return result
  }

  get graphs(): Graph[] {
    return this.last?.graphs ?? []
  }
}
