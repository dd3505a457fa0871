/**
 * Move or remove documents, as a maintainer would by hand: toctree entries, `:doc:` links,
 * Markdown links, relative includes and images, and build-file list lines follow a move; a
 * removal deletes the toctree entries, link-only list items and list lines that named the
 * document, and lists every other mention (prose, conf.py) for a person to edit.
 */
import path from 'node:path'
import type {Range, TextEdit} from '../diagnostic.js'
import {removeEntryEdits} from '../fix/manifest-edits.js'
import {docnameJoin} from '../graph/paths.js'
import {docnameOf as projectDocname} from '../project/discover.js'
import type {AssetRef, Graph, GraphDocument} from '../graph/types.js'
import {RefactorError} from './label.js'
import {entryTargetSpan, mdlinkTargetSpan, roleTargetSpan, type Span} from './spans.js'
import type {ReadText, Refactoring, Unedited} from './types.js'

/** The graph and document a tree path belongs to. */
export function findDocument(
  graphs: readonly Graph[],
  file: string
): {graph: Graph; document: GraphDocument} | undefined {
  for (const graph of graphs) {
    for (const document of graph.documents.values()) {
      if (document.path === file) return {graph, document}
    }
  }
  return undefined
}

/** The docname a tree path would have in `graph`'s project, or undefined (not a source file). */
export function docnameOf(graph: Graph, file: string): string | undefined {
  const {srcdir} = graph.project
  const prefix = srcdir === '' ? '' : `${srcdir}/`
  return file.startsWith(prefix)
    ? projectDocname(graph.project, file.slice(prefix.length))
    : undefined
}

/**
 * A `:doc:`-style target from document `from` to docname `to`, written like `written`: absolute
 * (`/to`) when it is, else relative to `from`'s folder; with `suffix` when `written` has it.
 */
export function docTarget(written: string, from: string, to: string, suffix = ''): string {
  const keepSuffix = suffix !== '' && written.endsWith(suffix)
  const name = keepSuffix ? `${to}${suffix}` : to
  if (written.startsWith('/')) return `/${name}`
  return path.posix.relative(path.posix.dirname(`/${from}`), `/${name}`)
}

/** A file path written relative to a document (`include`, `image`), re-aimed from a new folder. */
function assetTarget(written: string, newDocPath: string, srcPath: string): string {
  if (written.startsWith('/')) return written
  return path.posix.relative(path.posix.dirname(`/${newDocPath}`), `/${srcPath}`)
}

/** The suffix of a document's file (`.rst`). */
function suffixOf(graph: Graph, file: string): string {
  return graph.project.sourceSuffix.find(([suffix]) => file.endsWith(suffix))?.[0] ?? ''
}

/** Collects edits and unedited places, reading each file once. */
class Edits {
  readonly edits: TextEdit[] = []
  readonly unedited: Unedited[] = []
  readonly #texts = new Map<string, string | undefined>()
  readonly #read: ReadText

  constructor(read: ReadText) {
    this.#read = read
  }

  async text(file: string): Promise<string | undefined> {
    if (!this.#texts.has(file)) this.#texts.set(file, await this.#read(file))
    return this.#texts.get(file)
  }

  /** Replace the span `find` gives by `replacement`, or list the place as unedited. */
  async replace(
    file: string,
    range: Range,
    find: (text: string) => Span | undefined,
    replacement: string,
    what: string
  ): Promise<void> {
    const text = await this.text(file)
    const span = text === undefined ? undefined : find(text)
    if (span === undefined || text === undefined) {
      this.unedited.push({file, range, message: `${what}: not edited (unusual form)`})
    } else if (text.slice(span.start, span.end) !== replacement) {
      this.edits.push({file, start: span.start, end: span.end, text: replacement})
    }
  }

  /**
   * Delete the line holding `range` when the line holds nothing else (a toctree entry, or a list
   * item that is only this link); otherwise list it with `message`.
   */
  async deleteLineIfAlone(
    file: string,
    range: Range,
    alone: RegExp,
    message: string
  ): Promise<void> {
    const text = await this.text(file)
    if (text !== undefined) {
      const from = text.lastIndexOf('\n', range.start.offset - 1) + 1
      const newline = text.indexOf('\n', range.end.offset)
      const to = newline < 0 ? text.length : newline + 1
      const line = text.slice(from, to).replace(/\r?\n$/, '')
      const written = text.slice(range.start.offset, range.end.offset)
      const rest =
        line.slice(0, range.start.offset - from) + '\u0000' + line.slice(range.end.offset - from)
      // The next line must not continue the item (more indented text after a bullet).
      const next = text.slice(to, text.indexOf('\n', to) < 0 ? text.length : text.indexOf('\n', to))
      const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0
      const continues = /\S/.test(next) && (/^[ \t]*/.exec(next)?.[0].length ?? 0) > indent
      if (!written.includes('\n') && alone.test(rest) && (alone === ENTRY_ALONE || !continues)) {
        this.edits.push({file, start: from, end: to, text: ''})
        return
      }
    }
    this.unedited.push({file, range, message})
  }

  /** Every other mention of `needle` in `file` (prose naming the file): listed, not edited. */
  async mentions(file: string, needle: string, message: string): Promise<void> {
    const text = await this.text(file)
    if (text === undefined || needle === '') return
    let at = text.indexOf(needle)
    while (at >= 0) {
      const end = at + needle.length
      if (!this.edits.some((edit) => edit.file === file && edit.start <= at && end <= edit.end)) {
        const line = text.slice(0, at).split('\n').length
        const column = at - text.lastIndexOf('\n', at - 1)
        this.unedited.push({
          file,
          range: {
            start: {line, column, offset: at},
            end: {line, column: column + needle.length, offset: end}
          },
          message
        })
      }
      at = text.indexOf(needle, end)
    }
  }
}

/** A toctree entry alone on its line (the marker stands where the entry was). */
const ENTRY_ALONE = /^[ \t]*\u0000[ \t]*$/
/** A bullet or enumerated list item holding only the link. */
const ITEM_ALONE = /^[ \t]*(?:[-*+\u2022]|\d+[.)]|#\.)[ \t]+\u0000[ \t]*$/

/** The word a build-file list should carry for `to`, written like `word` names `from`. */
function movedWord(word: string, from: string, to: string): string | undefined {
  // The word is written relative to some folder: find the longest tail of `from` it ends with.
  const parts = from.split('/')
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join('/')
    if (
      !word.endsWith(tail) ||
      !(word.length === tail.length || word.at(-tail.length - 1) === '/')
    ) {
      continue
    }
    const base = parts.slice(0, i).join('/')
    const prefix = base === '' ? '' : `${base}/`
    if (!to.startsWith(prefix)) return undefined
    return word.slice(0, word.length - tail.length) + to.slice(prefix.length)
  }
  return undefined
}

/** Asset references (include, image, download) of a document, and where each is written. */
function assets(document: GraphDocument): AssetRef[] {
  return [...document.includes, ...document.images, ...document.downloads]
}

/** Rewrite an asset's written path in place. */
async function reaimAsset(edits: Edits, asset: AssetRef, replacement: string): Promise<void> {
  await edits.replace(
    asset.file,
    asset.range,
    (text) => {
      const written = text.slice(asset.range.start.offset, asset.range.end.offset)
      const at = written.lastIndexOf(asset.target)
      return at < 0
        ? undefined
        : {
            start: asset.range.start.offset + at,
            end: asset.range.start.offset + at + asset.target.length
          }
    },
    replacement,
    `\`${asset.target}\``
  )
}

/**
 * Move the document at tree path `from` to `to`: every reference follows. Relative references
 * inside the moved document are re-aimed from its new folder.
 */
export async function moveDocument(
  graphs: readonly Graph[],
  from: string,
  to: string,
  read: ReadText
): Promise<Refactoring> {
  const found = findDocument(graphs, from)
  if (!found) throw new RefactorError(`${from} is not a document of any Sphinx project here`)
  const {graph, document: moved} = found
  const newDocname = docnameOf(graph, to)
  if (newDocname === undefined) {
    throw new RefactorError(
      `${to} is not a source file of the project in ${graph.project.srcdir || '.'} (wrong folder or suffix)`
    )
  }
  if (findDocument(graphs, to) || graph.documents.has(newDocname)) {
    throw new RefactorError(`${to} exists already`)
  }
  const oldDocname = moved.docname
  const srcPrefix = graph.project.srcdir === '' ? '' : `${graph.project.srcdir}/`
  const newSrcPath = to.slice(srcPrefix.length)
  const suffix = suffixOf(graph, from)
  const edits = new Edits(read)
  const after = (docname: string): string => (docname === oldDocname ? newDocname : docname)

  for (const document of graph.documents.values()) {
    const isMoved = document === moved
    const fromDoc = isMoved ? newDocname : document.docname
    for (const xref of document.xrefs) {
      if (xref.kind !== 'doc') continue
      const resolved = docnameJoin(document.docname, xref.target)
      if (!isMoved && resolved !== oldDocname) continue
      if (!graph.documents.has(resolved)) continue
      const target = docTarget(xref.target, fromDoc, after(resolved), suffix)
      if (target === xref.target) continue
      if (xref.file !== document.path) {
        edits.unedited.push({
          file: xref.file,
          range: xref.range,
          message: `\`${xref.raw}\` is in a file ${document.path} includes: make it \`${target}\` by hand`
        })
        continue
      }
      await edits.replace(
        xref.file,
        xref.range,
        (text) => roleTargetSpan(text, xref.range),
        target,
        `\`${xref.raw}\``
      )
    }
    for (const toctree of document.toctrees) {
      for (const resolved of toctree.entries) {
        const docname = resolved.docname
        if (docname === undefined || resolved.status === 'external' || resolved.status === 'glob') {
          if (isMoved && resolved.status === 'glob') {
            edits.unedited.push({
              file: toctree.file,
              range: resolved.entry.range,
              message: `glob \`${resolved.entry.ref}\` matches from the document's new folder now`
            })
          }
          continue
        }
        if (!isMoved && docname !== oldDocname) continue
        if (!graph.documents.has(docname) && !graph.generated.has(docname)) continue
        if (graph.generated.has(docname)) continue
        const target = docTarget(resolved.entry.ref, fromDoc, after(docname), suffix)
        if (target === resolved.entry.ref) continue
        await edits.replace(
          toctree.file,
          resolved.entry.range,
          (text) => entryTargetSpan(text, resolved.entry.range),
          target,
          `toctree entry \`${resolved.entry.raw.trim()}\``
        )
      }
    }
    for (const link of document.mdlinks ?? []) {
      if (link.status !== 'doc' || link.resolved === undefined) continue
      if (!isMoved && link.resolved !== oldDocname) continue
      const url = link.xref.target
      const hash = url.indexOf('#')
      const pathPart = hash < 0 ? url : url.slice(0, hash)
      const fragment = hash < 0 ? '' : url.slice(hash)
      const targetDoc = after(link.resolved)
      const targetSuffix =
        pathPart.endsWith(suffix) && suffix !== ''
          ? suffix
          : (graph.project.sourceSuffix.find(([s]) => pathPart.endsWith(s))?.[0] ?? '')
      const relative = path.posix.relative(
        path.posix.dirname(`/${fromDoc}`),
        `/${targetDoc}${targetSuffix}`
      )
      const target = `${pathPart.startsWith('/') ? `/${targetDoc}${targetSuffix}` : relative}${fragment}`
      if (target === url) continue
      await edits.replace(
        link.xref.file,
        link.xref.range,
        (text) => mdlinkTargetSpan(text, link.xref.range),
        target,
        `link \`${url}\``
      )
    }
    for (const asset of assets(document)) {
      if (asset.status === 'skipped' || asset.status === 'unknown') continue
      if (isMoved && asset.file === document.path && !asset.target.startsWith('/')) {
        const target = assetTarget(asset.target, newSrcPath, asset.srcPath)
        if (target !== asset.target) await reaimAsset(edits, asset, target)
      } else if (!isMoved && asset.treePath === from) {
        const target = asset.target.startsWith('/')
          ? `/${newSrcPath}`
          : path.posix.relative(
              path.posix.dirname(`/${document.path.slice(srcPrefix.length)}`),
              `/${newSrcPath}`
            )
        await reaimAsset(edits, asset, target)
      }
    }
  }
  for (const list of graph.manifests.lists) {
    for (const entry of list.entries) {
      if (entry.path !== from) continue
      if (list.kind === 'toctree') continue
      const word = list.kind === 'conf.py' ? undefined : movedWord(entry.word, from, to)
      if (word === undefined) {
        edits.unedited.push({
          file: entry.file,
          range: entry.range,
          message:
            list.kind === 'conf.py'
              ? `conf.py ${list.variable} names \`${entry.word}\`: change it to \`${newDocname}\` (doclint never edits conf.py)`
              : `\`${entry.word}\` in ${list.variable}: not edited (computed word)`
        })
        continue
      }
      await edits.replace(
        entry.file,
        entry.range,
        (text) =>
          text.slice(entry.range.start.offset, entry.range.end.offset) === entry.word
            ? {start: entry.range.start.offset, end: entry.range.end.offset}
            : undefined,
        word,
        `\`${entry.word}\` in ${list.variable}`
      )
    }
  }
  return {
    edits: edits.edits,
    moves: [{from, to}],
    deletes: [],
    unedited: sortUnedited(edits.unedited)
  }
}

/**
 * Remove the documents at tree paths `files`: toctree entries, link-only list items and build
 * file lines that name them go; other mentions are listed.
 */
export async function removeDocuments(
  graphs: readonly Graph[],
  files: readonly string[],
  read: ReadText
): Promise<Refactoring> {
  const removed = new Map<Graph, Set<string>>()
  for (const file of files) {
    const found = findDocument(graphs, file)
    if (!found) throw new RefactorError(`${file} is not a document of any Sphinx project here`)
    const set = removed.get(found.graph) ?? new Set<string>()
    set.add(found.document.docname)
    removed.set(found.graph, set)
  }
  const gone = new Set(files)
  const edits = new Edits(read)
  for (const [graph, docnames] of removed) {
    const removedLabels = new Set<string>()
    for (const docname of docnames) {
      for (const label of graph.documents.get(docname)?.labels ?? []) removedLabels.add(label.name)
    }
    for (const document of graph.documents.values()) {
      if (docnames.has(document.docname)) continue
      for (const toctree of document.toctrees) {
        for (const resolved of toctree.entries) {
          if (resolved.docname === undefined || !docnames.has(resolved.docname)) continue
          if (resolved.status === 'glob' || resolved.status === 'external') continue
          await edits.deleteLineIfAlone(
            toctree.file,
            resolved.entry.range,
            ENTRY_ALONE,
            `toctree entry \`${resolved.entry.raw.trim()}\` shares its line: remove it by hand`
          )
        }
      }
      for (const xref of document.xrefs) {
        if (xref.kind === 'doc') {
          const resolved = docnameJoin(document.docname, xref.target)
          if (!docnames.has(resolved)) continue
          await edits.deleteLineIfAlone(
            xref.file,
            xref.range,
            ITEM_ALONE,
            `\`${xref.raw}\` is mentioned in prose: edit the text by hand`
          )
        } else if (
          (xref.kind === 'ref' || xref.kind === 'numref') &&
          removedLabels.has(xref.target) &&
          !otherDefinition(graph, xref.target, docnames)
        ) {
          edits.unedited.push({
            file: xref.file,
            range: xref.range,
            message: `\`${xref.raw}\` names label \`${xref.target}\` of a removed document`
          })
        }
      }
      for (const link of document.mdlinks ?? []) {
        if (link.status !== 'doc' || link.resolved === undefined || !docnames.has(link.resolved)) {
          continue
        }
        await edits.deleteLineIfAlone(
          link.xref.file,
          link.xref.range,
          ITEM_ALONE,
          `link \`${link.xref.target}\` is mentioned in prose: edit the text by hand`
        )
      }
      for (const asset of assets(document)) {
        if (asset.treePath !== undefined && gone.has(asset.treePath)) {
          edits.unedited.push({
            file: asset.file,
            range: asset.range,
            message: `\`${asset.target}\` names a removed file`
          })
        }
      }
    }
    for (const list of graph.manifests.lists) {
      if (list.kind === 'toctree') continue
      for (const entry of list.entries) {
        if (!gone.has(entry.path)) continue
        const text = await edits.text(entry.file)
        const removal = text === undefined ? undefined : removeEntryEdits(text, entry, list.kind)
        if (removal) edits.edits.push(...removal)
        else {
          edits.unedited.push({
            file: entry.file,
            range: entry.range,
            message:
              list.kind === 'conf.py'
                ? `conf.py ${list.variable} still names \`${entry.word}\`: remove that entry (doclint never edits conf.py)`
                : `\`${entry.word}\` in ${list.variable}: not removed (shared or computed word)`
          })
        }
      }
    }
    // Plain mentions of a removed file's name (`windows.rst`) in the other documents.
    const srcPrefix = graph.project.srcdir === '' ? '' : `${graph.project.srcdir}/`
    for (const document of graph.documents.values()) {
      if (docnames.has(document.docname)) continue
      for (const file of files) {
        if (!file.startsWith(srcPrefix) || findDocument([graph], file) === undefined) continue
        await edits.mentions(
          document.path,
          file.slice(srcPrefix.length),
          `mentions \`${file.slice(srcPrefix.length)}\`, which is removed`
        )
      }
    }
  }
  return {
    edits: edits.edits,
    moves: [],
    deletes: [...files].sort(),
    unedited: sortUnedited(edits.unedited)
  }
}

/** Whether a label is also defined in a document that stays. */
function otherDefinition(graph: Graph, name: string, removed: ReadonlySet<string>): boolean {
  const entry = graph.anonLabels.get(name)
  return entry !== undefined && !removed.has(entry.docname)
}

function sortUnedited(list: Unedited[]): Unedited[] {
  const seen = new Set<string>()
  return list
    .filter((item) => {
      const key = `${item.file}\u0000${item.range.start.offset}\u0000${item.message}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .sort(
      (a, b) =>
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
        a.range.start.offset - b.range.start.offset
    )
}
