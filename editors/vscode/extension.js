'use strict'
// The doclint extension is only a client: it starts `doclint lsp --stdio` (the workspace's own
// doclint first, as ESLint's extension does, then one on PATH) and lets VS Code talk to it.
const {existsSync} = require('node:fs')
const path = require('node:path')
const vscode = require('vscode')
const {LanguageClient, TransportKind} = require('vscode-languageclient/node')

let client

/** The doclint command: the setting, else the workspace's node_modules/.bin, else PATH. */
function command() {
  const configured = vscode.workspace.getConfiguration('doclint').get('path')
  if (configured) return configured
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', 'doclint')
    if (existsSync(local)) return local
  }
  return 'doclint'
}

function activate(context) {
  const run = {command: command(), args: ['lsp', '--stdio'], transport: TransportKind.stdio}
  client = new LanguageClient(
    'doclint',
    'doclint',
    {run, debug: run},
    {
      documentSelector: [
        {scheme: 'file', language: 'restructuredtext'},
        {scheme: 'file', language: 'markdown'},
        {scheme: 'file', pattern: '**/{automake.mk,Makefile.am,meson.build}'}
      ],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher(
          '**/{*.rst,*.md,*.txt,conf.py,*.am,*.mk,meson.build,doclint.config.json}'
        )
      }
    }
  )
  context.subscriptions.push(client)
  return client.start()
}

function deactivate() {
  return client ? client.stop() : undefined
}

module.exports = {activate, deactivate}
