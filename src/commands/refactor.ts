/**
 * `doclint mv OLD NEW` and `doclint rm DOC...`: the language server's document refactorings on
 * the command line. `--dry-run` prints the change as a git diff (`git apply` takes it) and writes
 * nothing; without it the edits are written, then the file is moved or deleted.
 */
import {mkdir, rename, unlink} from 'node:fs/promises'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {checkTree, prepareEngine, UsageError} from '../engine/run.js'
import {formatUnifiedDiff} from '../fix/diff.js'
import {writeFileAtomic} from '../fs/atomic.js'
import {isInside} from '../paths.js'
import {moveDocument, removeDocuments} from '../refactor/document.js'
import {RefactorError} from '../refactor/label.js'
import {applyEdits, editsByFile, type Refactoring} from '../refactor/types.js'
import {DiskTree} from '../tree/disk.js'

const USAGE = `Usage: doclint mv OLD NEW [--dry-run] [-c FILE]
       doclint rm DOC... [--dry-run] [-c FILE]`

/** A git-style diff of the whole refactoring, given each file's text before. */
export function refactoringDiff(
  refactoring: Refactoring,
  before: ReadonlyMap<string, string>
): string {
  const out: string[] = []
  const moved = new Map(refactoring.moves.map((move) => [move.from, move.to]))
  const grouped = editsByFile(refactoring.edits)
  const files = new Set([...grouped.keys(), ...moved.keys(), ...refactoring.deletes])
  for (const file of [...files].sort()) {
    const text = before.get(file) ?? ''
    if (refactoring.deletes.includes(file)) {
      const body = formatUnifiedDiff(file, text, '').split('\n').slice(2).join('\n')
      out.push(
        `diff --git a/${file} b/${file}\ndeleted file mode 100644\n--- a/${file}\n+++ /dev/null\n${body}`
      )
      continue
    }
    const after = applyEdits(text, grouped.get(file) ?? [])
    const to = moved.get(file)
    if (to !== undefined) {
      const body = formatUnifiedDiff(file, text, after).split('\n').slice(2).join('\n')
      out.push(
        `diff --git a/${file} b/${to}\nrename from ${file}\nrename to ${to}\n` +
          (body === '' ? '' : `--- a/${file}\n+++ b/${to}\n${body}`)
      )
      continue
    }
    out.push(`diff --git a/${file} b/${file}\n${formatUnifiedDiff(file, text, after)}`)
  }
  return out.map((part) => (part.endsWith('\n') ? part : `${part}\n`)).join('')
}

/** Run `mv` or `rm`; resolves to the exit code. */
export async function commandRefactor(verb: 'mv' | 'rm', argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {'dry-run': {type: 'boolean'}, config: {type: 'string', short: 'c'}}
    })
  } catch (error) {
    process.stderr.write(`doclint ${verb}: ${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  const {values, positionals} = parsed
  if ((verb === 'mv' && positionals.length !== 2) || (verb === 'rm' && positionals.length === 0)) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const cwd = process.cwd()
  try {
    const engine = await prepareEngine({
      cwd,
      paths: ['.'],
      ...(values.config === undefined ? {} : {configPath: values.config})
    })
    const treePath = (given: string): string => {
      const absolute = path.resolve(cwd, given)
      if (!isInside(engine.root, absolute)) {
        throw new UsageError(`${given} is outside the tree ${engine.root}`)
      }
      return path.relative(engine.root, absolute).split(path.sep).join('/')
    }
    const tree = new DiskTree(engine.root, {maxFileSize: engine.config.limits.maxFileSize})
    const {graphs} = await checkTree(engine, tree)
    const texts = new Map<string, string>()
    const read = async (file: string): Promise<string | undefined> => {
      if (texts.has(file)) return texts.get(file)
      const bytes = await tree.read(file)
      if (bytes === undefined) return undefined
      const text = new TextDecoder().decode(bytes)
      texts.set(file, text)
      return text
    }
    const refactoring =
      verb === 'mv'
        ? await moveDocument(
            graphs,
            treePath(positionals[0] ?? ''),
            treePath(positionals[1] ?? ''),
            read
          )
        : await removeDocuments(graphs, positionals.map(treePath), read)
    for (const file of [...refactoring.deletes, ...refactoring.moves.map((m) => m.from)]) {
      await read(file)
    }
    if (values['dry-run']) {
      process.stdout.write(refactoringDiff(refactoring, texts))
    } else {
      await write(engine.root, refactoring, texts)
    }
    for (const place of refactoring.unedited) {
      const file = path.relative(cwd, path.join(engine.root, place.file)).split(path.sep).join('/')
      process.stderr.write(
        `${file}:${place.range.start.line}:${place.range.start.column}: ${place.message}\n`
      )
    }
    if (!values['dry-run']) {
      const files = editsByFile(refactoring.edits).size
      const what =
        verb === 'mv'
          ? `moved ${positionals[0]} to ${positionals[1]}`
          : `removed ${refactoring.deletes.length} document(s)`
      process.stderr.write(
        `doclint: ${what}; edited ${files} file(s); ${refactoring.unedited.length} place(s) left to edit by hand\n`
      )
    }
    return 0
  } catch (error) {
    if (error instanceof RefactorError || error instanceof UsageError) {
      process.stderr.write(`doclint ${verb}: ${error.message}\n`)
      return 2
    }
    if (error instanceof Error && error.name === 'ConfigError') {
      process.stderr.write(`doclint: ${error.message}\n`)
      return 2
    }
    throw error
  }
}

/** Write the edits, then move and delete files; every path stays inside `root`. */
async function write(
  root: string,
  refactoring: Refactoring,
  texts: ReadonlyMap<string, string>
): Promise<void> {
  for (const [file, edits] of editsByFile(refactoring.edits)) {
    const text = texts.get(file)
    if (text === undefined) continue
    await writeFileAtomic(path.join(root, file), applyEdits(text, edits), {within: root})
  }
  for (const {from, to} of refactoring.moves) {
    const target = path.join(root, to)
    await mkdir(path.dirname(target), {recursive: true})
    await rename(path.join(root, from), target)
  }
  for (const file of refactoring.deletes) await unlink(path.join(root, file))
}
