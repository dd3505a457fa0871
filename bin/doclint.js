#!/usr/bin/env node
import {main} from '../dist/src/cli.js'

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
    console.error(`doclint: internal error: ${error instanceof Error ? error.stack : String(error)}`)
    process.exitCode = 2
  }
)
