/** The package version, read once from package.json. */
import {readFileSync} from 'node:fs'

/**
 * package.json sits one folder above src/ (tests run the sources) and two above dist/src and
 * dist/bundle; the first one that is doclint's own wins.
 */
function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string
        version?: string
      }
      if (json.name === 'doclint' && typeof json.version === 'string') return json.version
    } catch {
      // not there: try the next place
    }
  }
  return '0.0.0'
}

/** doclint's version. */
export const VERSION: string = readVersion()
