/**
 * A real Language Server Protocol client for the tests: it starts `doclint lsp --stdio` (the
 * built bin, as editors start it) and speaks JSON-RPC to it over the child's stdio.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection
} from 'vscode-jsonrpc/node.js'

export const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'doclint.cjs')

export interface PublishedDiagnostic {
  range: {start: {line: number; character: number}; end: {line: number; character: number}}
  severity?: number
  code?: string | number
  message: string
  data?: unknown
}

/** Write files (POSIX relative paths) into a new temp folder; returns it. */
export function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'doclint-lsp-'))
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    writeFileSync(path.join(dir, file), text)
  }
  return dir
}

export function uri(dir: string, file: string): string {
  return pathToFileURL(path.join(dir, file)).href
}

/** A client connected to a fresh server for workspace folder `dir`. */
export class Client {
  readonly child: ChildProcess
  readonly connection: MessageConnection
  readonly dir: string
  /** The latest diagnostics published per URI. */
  readonly diagnostics = new Map<string, PublishedDiagnostic[]>()
  #waiters: (() => void)[] = []
  #versions = new Map<string, number>()

  constructor(dir: string) {
    this.dir = dir
    this.child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    if (!this.child.stdout || !this.child.stdin) throw new Error('no stdio')
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin)
    )
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: {uri: string; diagnostics: PublishedDiagnostic[]}) => {
        this.diagnostics.set(params.uri, params.diagnostics)
        const waiters = this.#waiters
        this.#waiters = []
        for (const wake of waiters) wake()
      }
    )
    this.connection.onRequest('workspace/configuration', () => [])
    this.connection.onRequest('client/registerCapability', () => null)
    this.connection.onNotification('window/showMessage', () => undefined)
    this.connection.onNotification('window/logMessage', () => undefined)
    this.connection.listen()
  }

  async start(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.dir).href,
      workspaceFolders: [{uri: pathToFileURL(this.dir).href, name: 'test'}],
      capabilities: {
        workspace: {workspaceEdit: {documentChanges: true}},
        textDocument: {publishDiagnostics: {relatedInformation: true}}
      }
    })
    await this.connection.sendNotification('initialized', {})
    // Any request waits for the first check of the workspace.
    await this.request('workspace/symbol', {query: '\u0000never'})
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>
  }

  /** Resolves when `test` holds for the published diagnostics (checked after each publish). */
  async until(test: () => boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms
    while (!test()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for diagnostics')
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve)
        setTimeout(resolve, 200)
      })
    }
  }

  async open(file: string, text: string): Promise<void> {
    const target = uri(this.dir, file)
    this.#versions.set(target, 1)
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: target,
        languageId: file.endsWith('.md') ? 'markdown' : 'restructuredtext',
        version: 1,
        text
      }
    })
  }

  /** Replace the whole text of an open buffer (unsaved). */
  async change(file: string, text: string): Promise<void> {
    const target = uri(this.dir, file)
    const version = (this.#versions.get(target) ?? 1) + 1
    this.#versions.set(target, version)
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: {uri: target, version},
      contentChanges: [{text}]
    })
  }

  of(file: string): PublishedDiagnostic[] {
    return this.diagnostics.get(uri(this.dir, file)) ?? []
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', resolve))
    try {
      await this.request('shutdown', null)
      await this.connection.sendNotification('exit')
    } catch {
      // already gone
    }
    const code = await exited
    this.connection.dispose()
    return code
  }
}
