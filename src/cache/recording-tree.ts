/**
 * A FileTree that writes down every question asked of it and the answer, so a result computed
 * from a tree (the manifests of a project) can be reused later exactly when asking the same
 * questions of the new tree gives the same answers.
 */
import {sha256} from '../hash.js'
import type {FileTree} from '../tree/types.js'

/**
 * One question and its answer (`read` and `list` answers are hashes; null: no such file). Where
 * the tree could stamp what it read (FileTree.stamp), the stamps are kept too: a later check whose
 * stamps are all equal need not read the file or the folders again.
 */
export type TreeQuery =
  | {op: 'read'; path: string; answer: string | null; stamp?: string}
  /** A file trusted by its stamp alone (never read): the same only while the stamp is. */
  | {op: 'stamp'; path: string; stamp: string}
  | {op: 'list'; path: string | null; answer: string; folders?: [string, string][]}
  | {op: 'exists' | 'isDir'; path: string; answer: boolean}

/** What a `read` query records of a file's bytes. */
export function contentDigest(data: Uint8Array | string): string {
  return sha256(data)
}

function listingDigest(files: string[]): string {
  return contentDigest(files.join('\u0000'))
}

/** One question asked of a tree, without its answer. */
export interface TreeQuestion {
  op: TreeQuery['op']
  path: string | null
}

/**
 * Passes every call through to `inner` and records it: always the questions, and (unless
 * `answers` is false) each answer too, hashed, for a cache that must check them later.
 */
export class RecordingTree implements FileTree {
  readonly label: string
  /** Every question, in the order asked. */
  readonly questions: TreeQuestion[] = []
  /** Every question with its answer (empty when recording without answers). */
  readonly queries: TreeQuery[] = []
  readonly #inner: FileTree
  readonly #answers: boolean

  constructor(inner: FileTree, options: {answers?: boolean} = {}) {
    this.#inner = inner
    this.label = inner.label
    this.#answers = options.answers ?? true
    // A stamp is a question about the file (a cache that finds it unchanged need not read it).
    // With answers, a stamp given is recorded as a query of its own: a caller that trusts it
    // (facts found by stamp) never reads the file, and the record holds only while the stamp does.
    if (inner.stamp) {
      this.stamp = (path) => {
        this.questions.push({op: 'read', path})
        const stamp = inner.stamp?.(path)
        if (this.#answers && stamp !== undefined) this.queries.push({op: 'stamp', path, stamp})
        return stamp
      }
    }
  }

  stamp?: (path: string) => string | undefined

  /**
   * Note `queries` as asked and answered so, without asking them: a value known to hold for this
   * tree without asking (recorded for the very same tree) still depended on them.
   */
  note(queries: readonly TreeQuery[]): void {
    for (const query of queries) {
      this.questions.push({op: query.op === 'stamp' ? 'read' : query.op, path: query.path})
      if (this.#answers) this.queries.push(query)
    }
  }

  async read(file: string): Promise<Uint8Array | undefined> {
    // stamped before it is read: a change while reading shows in the next stamp
    const stamp = this.#answers ? this.#inner.stamp?.(file) : undefined
    const bytes = await this.#inner.read(file)
    this.questions.push({op: 'read', path: file})
    if (this.#answers) {
      this.queries.push(
        bytes === undefined
          ? {op: 'read', path: file, answer: null}
          : stamp === undefined
            ? {op: 'read', path: file, answer: contentDigest(bytes)}
            : {op: 'read', path: file, answer: contentDigest(bytes), stamp}
      )
    }
    return bytes
  }

  async list(dir?: string): Promise<string[]> {
    const path = dir ?? null
    this.questions.push({op: 'list', path})
    if (!this.#answers) return this.#inner.list(dir)
    if (this.#inner.listStamped) {
      const {files, folders} = await this.#inner.listStamped(dir)
      const answer = listingDigest(files)
      this.queries.push(folders ? {op: 'list', path, answer, folders} : {op: 'list', path, answer})
      return files
    }
    const files = await this.#inner.list(dir)
    this.queries.push({op: 'list', path, answer: listingDigest(files)})
    return files
  }

  async exists(file: string): Promise<boolean> {
    const answer = await this.#inner.exists(file)
    this.questions.push({op: 'exists', path: file})
    if (this.#answers) this.queries.push({op: 'exists', path: file, answer})
    return answer
  }

  async isDir(dir: string): Promise<boolean> {
    const answer = await this.#inner.isDir(dir)
    this.questions.push({op: 'isDir', path: dir})
    if (this.#answers) this.queries.push({op: 'isDir', path: dir, answer})
    return answer
  }
}

/**
 * The recorded file questions (`read`, `stamp`) that `tree` answers otherwise, when no other kind
 * of question does, at most `max` do and each is about a file that `mayDiffer`; undefined
 * otherwise (the record is not near the tree).
 */
export async function differingQueries(
  tree: FileTree,
  queries: readonly TreeQuery[],
  max: number,
  /** Whether a file may differ at all (false: the record is not near, stop at once). */
  mayDiffer: (path: string) => boolean = () => true
): Promise<(TreeQuery & {op: 'read' | 'stamp'})[] | undefined> {
  const differing: (TreeQuery & {op: 'read' | 'stamp'})[] = []
  for (const query of queries) {
    if (query.op === 'read' || query.op === 'stamp') {
      // an unchanged stamp answers at once (most of a record's questions); a stamp question
      // differs when its stamp does, a read when its bytes do
      if (query.stamp !== undefined && tree.stamp?.(query.path) === query.stamp) continue
      if (query.op === 'read' && (await answersSame(tree, [query]))) continue
      if (!mayDiffer(query.path)) return undefined
      differing.push(query)
      if (differing.length > max) return undefined
    } else if (!(await answersSame(tree, [query]))) {
      return undefined
    }
  }
  return differing
}

/** Whether `tree` answers every recorded question as recorded (stops at the first difference). */
export async function answersSame(tree: FileTree, queries: readonly TreeQuery[]): Promise<boolean> {
  const listings = new Map<string | null, string>()
  for (const query of queries) {
    switch (query.op) {
      case 'read': {
        // An unchanged stamp is an unchanged file (see FileTree.stamp); else compare the bytes.
        if (query.stamp !== undefined && tree.stamp?.(query.path) === query.stamp) break
        const bytes = await tree.read(query.path)
        if ((bytes === undefined ? null : contentDigest(bytes)) !== query.answer) return false
        break
      }
      case 'stamp':
        if (tree.stamp?.(query.path) !== query.stamp) return false
        break
      case 'list': {
        // The same folder is often listed several times by one computation: list it once.
        let answer = listings.get(query.path)
        if (answer === undefined && query.folders && stampsSame(tree, query.folders)) break
        if (answer === undefined) {
          answer = listingDigest(await tree.list(query.path ?? undefined))
          listings.set(query.path, answer)
        }
        if (answer !== query.answer) return false
        break
      }
      case 'exists':
        if ((await tree.exists(query.path)) !== query.answer) return false
        break
      case 'isDir':
        if ((await tree.isDir(query.path)) !== query.answer) return false
        break
    }
  }
  return true
}

function isFolderStamps(value: unknown): value is [string, string][] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry: unknown) =>
        Array.isArray(entry) &&
        entry.length === 2 &&
        typeof entry[0] === 'string' &&
        typeof entry[1] === 'string'
    )
  )
}

/** Whether every folder still has the stamp it had. */
function stampsSame(tree: FileTree, folders: readonly [string, string][]): boolean {
  if (!tree.stamp) return false
  for (const [folder, stamp] of folders) if (tree.stamp(folder) !== stamp) return false
  return true
}

/** Whether a value read back from a cache file is a list of queries. */
export function isQueryList(value: unknown): value is TreeQuery[] {
  return (
    Array.isArray(value) &&
    value.every((query: unknown) => {
      if (typeof query !== 'object' || query === null) return false
      const {op, path, answer, stamp, folders} = query as Record<string, unknown>
      switch (op) {
        case 'read':
          return (
            typeof path === 'string' &&
            (answer === null || typeof answer === 'string') &&
            (stamp === undefined || typeof stamp === 'string')
          )
        case 'stamp':
          return typeof path === 'string' && typeof stamp === 'string'
        case 'list':
          return (
            (path === null || typeof path === 'string') &&
            typeof answer === 'string' &&
            (folders === undefined || isFolderStamps(folders))
          )
        case 'exists':
        case 'isDir':
          return typeof path === 'string' && typeof answer === 'boolean'
        default:
          return false
      }
    })
  )
}
