/** Rename a label: its definitions and every `:ref:`, `:numref:`, MyST `{ref}` and link to it. */
import type {TextEdit} from '../diagnostic.js'
import type {Graph} from '../graph/types.js'
import {normalizeName} from '../rst/index.js'
import {labelNameSpan, mdlinkTargetSpan, roleTargetSpan, type Span} from './spans.js'
import type {ReadText, Refactoring} from './types.js'

/** Thrown when a refactoring cannot be done as asked (exit status 2 on the command line). */
export class RefactorError extends Error {
  override name = 'RefactorError'
}

/** A label name a definition and a role can both carry unchanged. */
function checkLabelName(name: string): void {
  if (!/\S/.test(name) || /[`<>:\n\r]/.test(name) || name !== name.trim()) {
    throw new RefactorError(`\`${name}\` cannot be a label name`)
  }
}

/** Every edit renaming label `from` to `to` in the graphs. */
export async function renameLabel(
  graphs: readonly Graph[],
  from: string,
  to: string,
  read: ReadText
): Promise<Refactoring> {
  checkLabelName(to)
  const old = normalizeName(from)
  const renamed = normalizeName(to)
  const edits: TextEdit[] = []
  const unedited: Refactoring['unedited'] = []
  const texts = new Map<string, string | undefined>()
  const text = async (file: string): Promise<string | undefined> => {
    if (!texts.has(file)) texts.set(file, await read(file))
    return texts.get(file)
  }
  const replace = async (
    file: string,
    find: (text: string) => Span | undefined,
    range: Refactoring['unedited'][number]['range'],
    what: string
  ): Promise<void> => {
    const content = await text(file)
    const span = content === undefined ? undefined : find(content)
    if (span) edits.push({file, start: span.start, end: span.end, text: to})
    else unedited.push({file, range, message: `${what}: not edited (unusual form)`})
  }
  let defined = false
  for (const graph of graphs) {
    if (old !== renamed && graph.anonLabels.has(renamed)) {
      throw new RefactorError(`label \`${renamed}\` already exists`)
    }
    for (const document of graph.documents.values()) {
      for (const label of document.labels) {
        if (label.name !== old || label.anchorOnly) continue
        defined = true
        await replace(
          label.file,
          (content) => labelNameSpan(content, label.range, old),
          label.range,
          `label \`${old}\``
        )
      }
      for (const xref of document.xrefs) {
        if ((xref.kind !== 'ref' && xref.kind !== 'numref') || xref.target !== old) continue
        await replace(
          xref.file,
          (content) => roleTargetSpan(content, xref.range),
          xref.range,
          `\`${xref.raw}\``
        )
      }
      for (const link of document.mdlinks ?? []) {
        if (link.status !== 'label' || normalizeName(link.xref.target) !== old) continue
        await replace(
          link.xref.file,
          (content) => mdlinkTargetSpan(content, link.xref.range),
          link.xref.range,
          `link \`${link.xref.target}\``
        )
      }
    }
  }
  if (!defined) throw new RefactorError(`no label \`${old}\` is defined`)
  return {edits, moves: [], deletes: [], unedited}
}
