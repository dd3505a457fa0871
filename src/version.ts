/** Where doclint is installed and which version it is, found once from this module's place. */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * The package folder: the nearest folder above this module whose package.json is doclint's.
 * That is one level above src/ (tests run the sources), two above dist/src and dist/bundle.
 */
function findPackage(): {root: string; version: string} {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let level = 0; level < 4; level++) {
    dir = path.dirname(dir)
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (json.name === 'doclint' && typeof json.version === 'string') {
        return {root: dir, version: json.version}
      }
    } catch {
      // not there: look one folder up
    }
  }
  return {
    root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
    version: '0.0.0'
  }
}

const found = findPackage()

/** doclint's version. */
export const VERSION: string = found.version

/** The folder doclint is installed in (holds package.json, bin/, rules/*.md). */
export const PACKAGE_ROOT: string = found.root
