/** The package version, read once from package.json. */
import {readFileSync} from 'node:fs'

/** doclint's version. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
).version
