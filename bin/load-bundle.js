// Loads dist/bundle/cli.cjs (one esbuild bundle of the CLI) with V8's code cache: `npm run build`
// runs the bundle once and stores the compiled code beside it (cli.cjs.cache), so a run starts
// without parsing or compiling doclint again. The cache is only ever written by the build; when V8
// rejects it (another Node version or flags) the bundle is compiled as usual.
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import vm from 'node:vm'

/** The bundle and its code cache. */
export const BUNDLE = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url))
export const CODE_CACHE = `${BUNDLE}.cache`

/** Compile and run the bundle; returns its exports and the compiled script. */
export function loadBundle({useCache = true} = {}) {
  const source = readFileSync(BUNDLE, 'utf8')
  let cachedData
  if (useCache) {
    try {
      cachedData = readFileSync(CODE_CACHE)
    } catch {
      // no cache: compile
    }
  }
  // The CommonJS wrapper, so the source (and with it the cache) is the same on every load.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    {filename: BUNDLE, ...(cachedData ? {cachedData} : {})}
  )
  const module = {exports: {}}
  script.runInThisContext()(
    module.exports,
    createRequire(BUNDLE),
    module,
    BUNDLE,
    path.dirname(BUNDLE)
  )
  return {exports: module.exports, script}
}
