'use strict'
// Loads the bundles in dist/bundle (esbuild, CommonJS) with V8's code cache: `npm run build:dist` runs
// them once and stores the compiled code beside each (NAME.cjs.cache), so a run starts without
// parsing or compiling doclint again. `cli` is the command line and everything a run answered by
// the `--cache` file needs; `heavy` (parsers, conf.py and manifest readers, the graph) is loaded by
// `cli` only when a tree is checked. The caches are only ever written by the build; when V8 rejects
// one (another Node version or flags) that bundle is compiled as usual.
const {readFileSync} = require('node:fs')
const {createRequire} = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

/** The folder of the bundles. */
const BUNDLE_DIR = path.join(__dirname, '..', 'dist', 'bundle')

/** The parameters of the function each bundle file is (scripts/bundle.js writes it so). */
const WRAPPER_PARAMETERS = 'exports, require, module, __filename, __dirname, __doclintChunk'

/** Loaded bundles by name: each runs once per process. */
const loaded = new Map()

/** The file of a bundle. */
function bundleFile(name) {
  return path.join(BUNDLE_DIR, `${name}.cjs`)
}

/** Compile and run a bundle (once); returns its exports and the compiled script. */
function loadBundle({name = 'cli', useCache = true} = {}) {
  const known = loaded.get(name)
  if (known) return known
  const file = bundleFile(name)
  const source = readFileSync(file, 'utf8')
  let cachedData
  if (useCache) {
    try {
      cachedData = readFileSync(`${file}.cache`)
    } catch {
      // no cache: compile
    }
  }
  // The file is one function expression (CommonJS's wrapper and the chunk loader are written
  // around the bundle at build time), compiled as it is: no copy of the source is made here.
  const script = new vm.Script(source, {filename: file, ...(cachedData ? {cachedData} : {})})
  const module = {exports: {}}
  const result = {exports: module.exports, script}
  loaded.set(name, result)
  script.runInThisContext()(
    module.exports,
    createRequire(file),
    module,
    file,
    BUNDLE_DIR,
    (chunk) => loadBundle({name: chunk, useCache}).exports
  )
  result.exports = module.exports
  return result
}

module.exports = {BUNDLE_DIR, WRAPPER_PARAMETERS, bundleFile, loadBundle, loaded}
