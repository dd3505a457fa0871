/**
 * The VS Code extension (editors/vscode): a client only. Its package is what `vsce` needs, its
 * `npm pack` holds the files it names, and activating it with VS Code's modules stubbed starts
 * `doclint lsp --stdio` on the documents doclint reads.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const FOLDER = path.resolve(import.meta.dirname, '..', '..', 'editors', 'vscode')
const manifest = JSON.parse(readFileSync(path.join(FOLDER, 'package.json'), 'utf8')) as {
  name: string
  publisher: string
  main: string
  engines: {vscode: string}
  activationEvents: string[]
  contributes: {configuration: {properties: Record<string, unknown>}}
  dependencies: Record<string, string>
}

describe('the VS Code extension', () => {
  it('has the manifest fields vsce requires, and its main file', () => {
    expect(manifest.publisher).toBeTruthy()
    expect(manifest.engines.vscode).toMatch(/^\^1\.\d+\.\d+$/)
    expect(manifest.activationEvents.length).toBeGreaterThan(0)
    expect(Object.keys(manifest.contributes.configuration.properties)).toEqual(['doclint.path'])
    expect(manifest.dependencies).toHaveProperty('vscode-languageclient')
    expect(existsSync(path.join(FOLDER, manifest.main))).toBe(true)
  })

  it('packs the files it needs', () => {
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: FOLDER,
      encoding: 'utf8'
    })
    expect(pack.status, pack.stderr).toBe(0)
    const [result] = JSON.parse(pack.stdout) as {files: {path: string}[]}[]
    expect(result?.files.map((file) => file.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'extension.js',
      'package.json'
    ])
  })

  it('starts `doclint lsp --stdio` for RST, Markdown and build files when activated', async () => {
    const started: {
      id: string
      server: {run: {command: string; args: string[]}}
      client: {documentSelector: {language?: string; pattern?: string}[]}
    }[] = []
    const require = createRequire(path.join(FOLDER, 'extension.js'))
    const Module = require('node:module') as {
      _load: (request: string, ...rest: unknown[]) => unknown
    }
    const load = Module._load
    Module._load = (request: string, ...rest: unknown[]) => {
      if (request === 'vscode') {
        return {
          workspace: {
            getConfiguration: () => ({get: () => ''}),
            workspaceFolders: [{uri: {fsPath: '/nonexistent'}}],
            createFileSystemWatcher: () => ({dispose() {}})
          }
        }
      }
      if (request === 'vscode-languageclient/node') {
        return {
          TransportKind: {stdio: 0},
          LanguageClient: class {
            constructor(id: string, _name: string, server: never, client: never) {
              started.push({id, server, client})
            }
            start() {
              return Promise.resolve()
            }
          }
        }
      }
      return load(request, ...rest)
    }
    try {
      const extension = require('./extension.js') as {
        activate: (context: {subscriptions: unknown[]}) => Promise<void>
      }
      await extension.activate({subscriptions: []})
    } finally {
      Module._load = load
    }
    expect(started).toHaveLength(1)
    expect(started[0]?.server.run).toMatchObject({command: 'doclint', args: ['lsp', '--stdio']})
    expect(started[0]?.client.documentSelector.map((s) => s.language ?? s.pattern)).toEqual([
      'restructuredtext',
      'markdown',
      '**/{automake.mk,Makefile.am,meson.build}'
    ])
  })
})
