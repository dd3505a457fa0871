#!/usr/bin/env node
import {statSync} from 'node:fs'

// `npm run build` writes dist/bundle/cli.cjs (esbuild, one file, with a V8 code cache: fast start)
// and dist/src (tsc). Use the bundle unless it is missing or older than a later plain `tsc` build.
function mtime(relative) {
  try {
    return statSync(new URL(relative, import.meta.url)).mtimeMs
  } catch {
    return -1
  }
}
const bundled = mtime('../dist/bundle/cli.cjs')
const {main} =
  bundled >= 0 && bundled >= mtime('../dist/src/cli.js') - 1000
    ? (await import('./load-bundle.js')).loadBundle().exports
    : await import('../dist/src/cli.js')

// `doclint rules | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    console.error(
      `doclint: internal error: ${error instanceof Error ? error.stack : String(error)}`
    )
    process.exitCode = 2
  }
)
