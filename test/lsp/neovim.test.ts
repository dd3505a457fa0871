/**
 * A real editor: Neovim (Debian's, headless) with its built-in LSP client starts
 * `doclint lsp --stdio`, a link is broken in the open buffer, and the diagnostic is read back
 * through Neovim's own API (vim.diagnostic.get), by test/lsp/neovim.lua.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {BIN, tree} from './client.js'

const nvim = spawnSync('nvim', ['--version'], {encoding: 'utf8'})
const missing = nvim.status !== 0 ? 'Neovim is not installed (apt-get install neovim)' : undefined
if (missing) console.warn(`skipped: the Neovim test: ${missing}`)

describe.skipIf(missing !== undefined)('Neovim as the client', () => {
  it('shows the doc-unknown diagnostic for a link broken in an unsaved buffer', () => {
    const dir = tree({
      'conf.py': "project = 'nvim'\n",
      'index.rst': 'Home\n====\n\n.. toctree::\n\n   guide/b\n',
      'guide/b.rst': 'Page B\n======\n\nSee :doc:`/index` here.\n'
    })
    const out = path.join(dir, 'diagnostics.txt')
    const run = spawnSync(
      'nvim',
      [
        '--headless',
        '--clean',
        '-u',
        'NONE',
        '-c',
        `luafile ${path.join(import.meta.dirname, 'neovim.lua')}`
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          DOCLINT_ROOT: dir,
          DOCLINT_OUT: out,
          DOCLINT_NODE: process.execPath,
          DOCLINT_BIN: BIN
        }
      }
    )
    expect(run.status, run.stderr).toBe(0)
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual([
      '4:doc-unknown:Cannot find document `nowhere`'
    ])
  })
})
