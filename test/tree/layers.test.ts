/**
 * Honest layers (issue 21): `tree/` depends on nothing above it, and patch mechanics (`patch/`)
 * sit below series orchestration and the engine. A test reads every import of those folders.
 */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const src = path.join(import.meta.dirname, '..', '..', 'src')

/** The src folders each file of `folder` imports from (relative imports only). */
function importedFolders(folder: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const name of readdirSync(path.join(src, folder))) {
    if (!name.endsWith('.ts')) continue
    const text = readFileSync(path.join(src, folder, name), 'utf8')
    for (const match of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)) {
      const target = path.relative(src, path.resolve(src, folder, match[1] as string))
      const top = target.includes(path.sep) ? target.split(path.sep)[0]! : '.'
      found.set(`${folder}/${name}`, [...(found.get(`${folder}/${name}`) ?? []), top])
    }
  }
  return found
}

/** What each folder may import besides itself ('.': the files at the top of src/). */
const ALLOWED: Record<string, string[]> = {
  tree: ['.', 'fs'],
  patch: ['.', 'tree', 'config', 'fs']
}

describe('layers', () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only from ${allowed.join(', ')}`, () => {
      const wrong: string[] = []
      for (const [file, folders] of importedFolders(folder)) {
        for (const top of folders) {
          if (top !== folder && !allowed.includes(top)) wrong.push(`${file} → ${top}/`)
        }
      }
      expect(wrong).toEqual([])
    })
  }
})
