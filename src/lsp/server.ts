/**
 * `doclint lsp --stdio`: a Language Server Protocol server over the same engine as the command
 * line. Each workspace folder is a project (its Sphinx projects, manifests and configuration);
 * unsaved buffers overlay the disk. After every change the project is checked again: facts of
 * unchanged files come from the facts cache, so only the edited file is parsed again, and the
 * findings of every file they concern are published (a label deleted in one file turns the
 * `:ref:` in another red). Nothing is ever written by the server: renames and fixes are
 * WorkspaceEdits the editor applies.
 */
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {TextDocument} from 'vscode-languageserver-textdocument'
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeParams,
  type Location,
  type TextDocumentEdit,
  type WorkspaceEdit
} from 'vscode-languageserver/node.js'
import type {TextEdit} from '../diagnostic.js'
import type {Finding} from '../engine/types.js'
import {docnameJoin} from '../graph/paths.js'
import {docTarget, findDocument, moveDocument} from '../refactor/document.js'
import {renameLabel, RefactorError} from '../refactor/label.js'
import {entryTargetSpan, labelNameSpan, roleTargetSpan} from '../refactor/spans.js'
import {editsByFile, type Refactoring} from '../refactor/types.js'
import {complete, completionContext} from './completion.js'
import {
  fileUri,
  offsetAt,
  toLspDiagnostic,
  toLspEdits,
  toLspRange,
  type DiagnosticData
} from './convert.js'
import {locate, targetLabel} from './locate.js'
import {definition, hover, references, type Place} from './navigation.js'
import {LspProject} from './project.js'
import {documentSymbols, workspaceSymbols} from './symbols.js'

const USAGE = 'Usage: doclint lsp --stdio'

/** The server's state: projects, open buffers, and the check in flight per project. */
class Server {
  readonly connection: Connection
  readonly documents = new TextDocuments(TextDocument)
  projects: LspProject[] = []
  /** A check per project: the one running, and whether another must follow it. */
  readonly #running = new Map<LspProject, Promise<void>>()
  readonly #again = new Set<LspProject>()
  #ready: Promise<void> = Promise.resolve()

  constructor(connection: Connection) {
    this.connection = connection
  }

  /** Open buffers by absolute path. */
  buffers(): Map<string, string> {
    const buffers = new Map<string, string>()
    for (const document of this.documents.all()) {
      const file = pathOf(document.uri)
      if (file !== undefined) buffers.set(file, document.getText())
    }
    return buffers
  }

  async open(folders: string[]): Promise<void> {
    this.#ready = (async () => {
      for (const folder of folders) {
        try {
          this.projects.push(await LspProject.open(folder))
        } catch (error) {
          this.connection.window.showErrorMessage(
            `doclint: ${folder}: ${error instanceof Error ? error.message : String(error)}`
          )
        }
      }
      // The deepest root first: a file belongs to the innermost project that holds it.
      this.projects.sort((a, b) => b.engine.root.length - a.engine.root.length)
      await Promise.all(this.projects.map((project) => this.check(project)))
    })()
    await this.#ready
  }

  projectOf(file: string): LspProject | undefined {
    return this.projects.find((project) => project.treePath(file) !== undefined)
  }

  /** Check `project` now, or right after the check in flight; resolves when up to date. */
  check(project: LspProject): Promise<void> {
    const running = this.#running.get(project)
    if (running) {
      this.#again.add(project)
      return running
    }
    const run = (async () => {
      do {
        this.#again.delete(project)
        try {
          const result = await project.check(this.buffers())
          this.publish(project, result.diagnostics)
        } catch (error) {
          // A document mid-edit must never take the server down or wipe other findings.
          this.connection.console.error(
            `doclint: check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
          )
        }
      } while (this.#again.has(project))
    })().finally(() => this.#running.delete(project))
    this.#running.set(project, run)
    return run
  }

  /** Wait for every check asked for so far. */
  async settled(): Promise<void> {
    await this.#ready
    await Promise.all([...this.#running.values()])
  }

  publish(project: LspProject, findings: readonly Finding[]): void {
    const byFile = new Map<string, Finding[]>()
    for (const finding of findings) {
      const list = byFile.get(finding.file) ?? []
      list.push(finding)
      byFile.set(finding.file, list)
    }
    const uriOf = (file: string): string => fileUri(project.absolute(file))
    const published = new Map<string, string>()
    // Only files whose findings changed are sent again.
    for (const file of new Set([...project.published.keys(), ...byFile.keys()])) {
      const diagnostics = (byFile.get(file) ?? []).map((finding) => toLspDiagnostic(finding, uriOf))
      const sent = JSON.stringify(diagnostics)
      if (diagnostics.length > 0) published.set(file, sent)
      if (project.published.get(file) === sent) continue
      void this.connection.sendDiagnostics({uri: uriOf(file), diagnostics})
    }
    project.published = published
  }

  /** A file's text: the open buffer, else the disk. */
  async text(file: string): Promise<string | undefined> {
    const open = this.documents.get(fileUri(file))
    if (open) return open.getText()
    try {
      return await readFile(file, 'utf8')
    } catch {
      return undefined
    }
  }

  /** Where a request points: project, tree path, offset, up-to-date graphs. */
  async at(uri: string, position: {line: number; character: number}) {
    await this.settled()
    const file = pathOf(uri)
    const project = file === undefined ? undefined : this.projectOf(file)
    if (file === undefined || project === undefined) return undefined
    const treePath = project.treePath(file)
    const text = await this.text(file)
    if (treePath === undefined || text === undefined) return undefined
    return {project, file, treePath, text, offset: offsetAt(text, position)}
  }

  location(project: LspProject, place: Place): Location {
    return {uri: fileUri(project.absolute(place.file)), range: toLspRange(place.range)}
  }

  /** A refactoring as one WorkspaceEdit: text edits first, then file moves and deletions. */
  async workspaceEdit(project: LspProject, refactoring: Refactoring): Promise<WorkspaceEdit> {
    const changes: WorkspaceEdit['documentChanges'] = []
    for (const [file, edits] of editsByFile(refactoring.edits)) {
      const absolute = project.absolute(file)
      const text = await this.text(absolute)
      if (text === undefined) continue
      const uri = fileUri(absolute)
      const edit: TextDocumentEdit = {
        textDocument: {uri, version: this.documents.get(uri)?.version ?? null},
        edits: toLspEdits(text, edits)
      }
      changes.push(edit)
    }
    for (const move of refactoring.moves) {
      changes.push({
        kind: 'rename',
        oldUri: fileUri(project.absolute(move.from)),
        newUri: fileUri(project.absolute(move.to))
      })
    }
    for (const file of refactoring.deletes) {
      changes.push({kind: 'delete', uri: fileUri(project.absolute(file))})
    }
    return {documentChanges: changes}
  }

  /** The file-system text of a tree file for refactorings (buffers win). */
  reader(project: LspProject) {
    return (file: string) => this.text(project.absolute(file))
  }
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined
  try {
    return fileURLToPath(uri)
  } catch {
    return undefined
  }
}

/** Quick fixes for one published diagnostic: "did you mean" replacements and manifest fixes. */
async function quickFixes(
  server: Server,
  project: LspProject,
  file: string,
  diagnostic: {range: {start: {line: number; character: number}}; message: string; data?: unknown}
): Promise<CodeAction[]> {
  const data = diagnostic.data as DiagnosticData | undefined
  if (!data) return []
  const actions: CodeAction[] = []
  const text = await server.text(file)
  const treePath = project.treePath(file)
  if (text === undefined || treePath === undefined) return []
  if (data.fix) {
    const edits: Record<string, ReturnType<typeof toLspEdits>> = {}
    for (const [target, list] of editsByFile(data.fix.edits)) {
      const targetText = await server.text(project.absolute(target))
      if (targetText !== undefined)
        edits[fileUri(project.absolute(target))] = toLspEdits(targetText, list)
    }
    actions.push({
      title: data.fix.description,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic as never],
      isPreferred: data.fix.applicability === 'safe',
      edit: {changes: edits}
    })
  }
  if (data.suggestions?.length) {
    const offset = offsetAt(text, diagnostic.range.start)
    const found = locate(project.graphs, treePath, offset)
    for (const suggestion of data.suggestions.slice(0, 3)) {
      let span: {start: number; end: number} | undefined
      let replacement = suggestion
      if (found?.kind === 'doc' || found?.kind === 'ref' || found?.kind === 'term') {
        span = roleTargetSpan(text, found.xref.range)
        if (found.kind === 'doc')
          replacement = docTarget(found.xref.target, found.document.docname, suggestion)
      } else if (found?.kind === 'entry') {
        span = entryTargetSpan(text, found.resolved.entry.range)
        const document = [...found.graph.documents.values()].find((d) => d.files.includes(treePath))
        if (document)
          replacement = docTarget(found.resolved.entry.ref, document.docname, suggestion)
      }
      if (!span) continue
      const edit: TextEdit = {file: treePath, start: span.start, end: span.end, text: replacement}
      actions.push({
        title: `Change to \`${replacement}\``,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic as never],
        edit: {changes: {[fileUri(file)]: toLspEdits(text, [edit])}}
      })
    }
  }
  return actions
}

/** Wire the protocol to the server. */
export function listen(connection: Connection): Server {
  const server = new Server(connection)
  let folders: string[] = []
  connection.onInitialize((params: InitializeParams) => {
    folders = (params.workspaceFolders ?? [])
      .map((folder) => pathOf(folder.uri))
      .filter((folder): folder is string => folder !== undefined)
    const rootPath = params.rootUri ? pathOf(params.rootUri) : undefined
    if (folders.length === 0 && rootPath) folders = [rootPath]
    if (folders.length === 0) folders = [process.cwd()]
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        completionProvider: {triggerCharacters: ['`', '/', '<', '(']},
        codeActionProvider: {codeActionKinds: [CodeActionKind.QuickFix]},
        renameProvider: {prepareProvider: true},
        workspace: {
          fileOperations: {
            willRename: {filters: [{pattern: {glob: '**/*.{rst,md,txt}'}}]}
          }
        }
      },
      serverInfo: {name: 'doclint'}
    }
  })
  connection.onInitialized(() => {
    void server.open(folders)
  })
  server.documents.onDidChangeContent((change) => {
    const file = pathOf(change.document.uri)
    const project = file === undefined ? undefined : server.projectOf(file)
    if (project) void server.check(project)
  })
  server.documents.onDidClose((event) => {
    const file = pathOf(event.document.uri)
    const project = file === undefined ? undefined : server.projectOf(file)
    if (project) {
      project.forgetDisk()
      void server.check(project)
    }
  })
  server.documents.onDidSave((event) => {
    const file = pathOf(event.document.uri)
    const project = file === undefined ? undefined : server.projectOf(file)
    project?.forgetDisk()
  })
  connection.onDidChangeWatchedFiles((params) => {
    void (async () => {
      for (const project of server.projects) {
        const touched = params.changes.some((change) => {
          const file = pathOf(change.uri)
          return file !== undefined && project.treePath(file) !== undefined
        })
        if (!touched) continue
        const config = params.changes.some((change) => /doclint\.config\.jsonc?$/.test(change.uri))
        try {
          if (config) await project.reload()
          else project.forgetDisk()
        } catch (error) {
          // a config being edited may not parse yet: keep the last good one
          connection.window.showErrorMessage(
            `doclint: ${error instanceof Error ? error.message : String(error)}`
          )
        }
        void server.check(project)
      }
    })()
  })

  connection.onDefinition(async (params) => {
    const at = await server.at(params.textDocument.uri, params.position)
    if (!at) return []
    return definition(at.project.graphs, at.treePath, at.offset).map((place) =>
      server.location(at.project, place)
    )
  })
  connection.onReferences(async (params) => {
    const at = await server.at(params.textDocument.uri, params.position)
    if (!at) return []
    return references(
      at.project.graphs,
      at.treePath,
      at.offset,
      params.context.includeDeclaration
    ).map((place) => server.location(at.project, place))
  })
  connection.onHover(async (params) => {
    const at = await server.at(params.textDocument.uri, params.position)
    if (!at) return null
    const value = hover(at.project.graphs, at.treePath, at.offset)
    return value === undefined ? null : {contents: {kind: 'markdown', value}}
  })
  connection.onDocumentSymbol(async (params) => {
    const at = await server.at(params.textDocument.uri, {line: 0, character: 0})
    if (!at) return []
    return documentSymbols(at.project.graphs, at.treePath, at.text)
  })
  connection.onWorkspaceSymbol(async (params) => {
    await server.settled()
    return server.projects.flatMap((project) =>
      workspaceSymbols(project.graphs, params.query).map((symbol) => ({
        name: symbol.name,
        kind: symbol.kind,
        location: server.location(project, symbol.place),
        ...(symbol.container === undefined ? {} : {containerName: symbol.container})
      }))
    )
  })
  connection.onCompletion(async (params) => {
    const at = await server.at(params.textDocument.uri, params.position)
    if (!at) return []
    const lines = at.text.split('\n')
    const before = (lines[params.position.line] ?? '').slice(0, params.position.character)
    const context = completionContext(lines, params.position.line, before)
    if (!context) return []
    const found = findDocument(at.project.graphs, at.treePath)
    if (!found) return []
    const start = {
      line: params.position.line,
      character: params.position.character - context.typed.length
    }
    return complete(found.graph, found.document, context).map((item) => ({
      ...item,
      textEdit: {range: {start, end: params.position}, newText: item.label}
    }))
  })
  connection.onCodeAction(async (params) => {
    const file = pathOf(params.textDocument.uri)
    const project = file === undefined ? undefined : server.projectOf(file)
    if (file === undefined || !project) return []
    await server.settled()
    const actions: CodeAction[] = []
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'doclint') continue
      actions.push(...(await quickFixes(server, project, file, diagnostic)))
    }
    return actions
  })
  connection.onPrepareRename(async (params) => {
    const at = await server.at(params.textDocument.uri, params.position)
    if (!at) return null
    const found = locate(at.project.graphs, at.treePath, at.offset)
    if (!found) return null
    const label = targetLabel(found)
    let span: {start: number; end: number} | undefined
    if (label && found.kind === 'label')
      span = labelNameSpan(at.text, found.label.range, label.name)
    else if (found.kind === 'ref') span = roleTargetSpan(at.text, found.xref.range)
    else if (found.kind === 'doc') span = roleTargetSpan(at.text, found.xref.range)
    else if (found.kind === 'entry') span = entryTargetSpan(at.text, found.resolved.entry.range)
    if (!span) return null
    const document = TextDocument.create(params.textDocument.uri, 'text', 0, at.text)
    return {
      range: {start: document.positionAt(span.start), end: document.positionAt(span.end)},
      placeholder: at.text.slice(span.start, span.end)
    }
  })
  connection.onRenameRequest(async (params) => {
    const at = await server.at(params.textDocument.uri, params.position)
    if (!at) return null
    const found = locate(at.project.graphs, at.treePath, at.offset)
    if (!found) return null
    try {
      const label = targetLabel(found)
      if (label) {
        const refactoring = await renameLabel(
          at.project.graphs,
          label.name,
          params.newName,
          server.reader(at.project)
        )
        return await server.workspaceEdit(at.project, refactoring)
      }
      // Renaming a `:doc:` target or toctree entry moves the document: the new name is a docname
      // (relative to the linking document, or absolute with `/`).
      let docname: string | undefined
      let current: string | undefined
      if (found.kind === 'doc') {
        docname = found.docname
        current = found.document.docname
      } else if (found.kind === 'entry') {
        docname = found.resolved.docname
        current = [...found.graph.documents.values()].find((d) =>
          d.files.includes(at.treePath)
        )?.docname
      }
      const target = docname === undefined ? undefined : found.graph.documents.get(docname)
      if (!target || current === undefined) return null
      const newDocname = docnameJoin(current, params.newName)
      const suffix = target.path.slice(target.path.lastIndexOf('.'))
      const srcdir = found.graph.project.srcdir
      const to = `${srcdir === '' ? '' : `${srcdir}/`}${newDocname}${suffix}`
      const refactoring = await moveDocument(
        at.project.graphs,
        target.path,
        to,
        server.reader(at.project)
      )
      return await server.workspaceEdit(at.project, refactoring)
    } catch (error) {
      if (error instanceof RefactorError) throw new Error(error.message)
      throw error
    }
  })
  connection.workspace.onWillRenameFiles(async (params) => {
    await server.settled()
    const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = []
    for (const file of params.files) {
      const from = pathOf(file.oldUri)
      const to = pathOf(file.newUri)
      const project = from === undefined ? undefined : server.projectOf(from)
      if (!project || from === undefined || to === undefined) continue
      const oldPath = project.treePath(from)
      const newPath = project.treePath(to)
      if (oldPath === undefined || newPath === undefined) continue
      if (!findDocument(project.graphs, oldPath)) continue
      try {
        const refactoring = await moveDocument(
          project.graphs,
          oldPath,
          newPath,
          server.reader(project)
        )
        // The editor moves the file itself: only the text edits are ours.
        const edit = await server.workspaceEdit(project, {...refactoring, moves: []})
        documentChanges.push(...(edit.documentChanges ?? []))
      } catch (error) {
        if (!(error instanceof RefactorError)) throw error
        connection.window.showWarningMessage(`doclint: ${error.message}`)
      }
    }
    return {documentChanges}
  })
  server.documents.listen(connection)
  connection.listen()
  return server
}

/** The `lsp` command: serve over stdio until the client leaves. */
export async function commandLsp(argv: string[]): Promise<number> {
  if (argv.some((arg) => arg !== '--stdio')) {
    process.stderr.write(`doclint lsp: only --stdio is supported\n${USAGE}\n`)
    return 2
  }
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)
  listen(connection)
  // The server lives until the client says exit or closes stdin (then the connection ends the
  // process); this promise never settles on its own.
  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(0))
    process.stdin.on('close', () => resolve(0))
  })
}
