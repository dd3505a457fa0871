'use strict'
// Loads the bundles in dist/bundle (esbuild, CommonJS) with V8's code cache: `npm run build:dist` runs
// them once and stores the compiled code beside each (NAME.cjs.cache), so a run starts without
// parsing or compiling doclint again. `cli` is the command line and everything a run answered by
// the `--cache` file needs; `heavy` (parsers, conf.py and manifest readers, the graph) is loaded by
// `cli` only when a tree is checked. When V8 rejects a cache (another Node version or flags) that
// bundle is compiled as usual. An install from git has no build-made caches: for `--staged` (the
// pre-commit hook) bin/doclint.cjs keeps them in the repository's git directory instead
// (`doclint-code-cache`, beside the run cache), written by the first run that had to compile.
const {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} = require('node:fs')
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

/**
 * The code cache kept in the repository's git directory (`--staged`, beside its `doclint-cache`)
 * for installs that have no build-made caches (from git, as pre-commit installs): set by
 * `useRuntimeCodeCache`, written by `saveRuntimeCodeCache` when a bundle had to be compiled.
 */
let runtime

/** The largest code cache file read (the two bundles' caches take about 1 MB). */
const MAX_RUNTIME_CACHE_BYTES = 32 * 1024 * 1024

/** What a code cache was made from: this Node, and this very bundle file (size, time, inode). */
function keyOf(file) {
  const stats = statSync(file)
  return `${process.version} ${process.arch} ${stats.size} ${stats.mtimeMs} ${stats.ino}`
}

/**
 * Read the code caches kept at `file`: a JSON line naming each bundle's cache (name, key,
 * length), then the caches one after the other. Anything unexpected (a link, not a regular file,
 * too large, damaged) is ignored: the bundles are then compiled, and the file written again.
 */
function readRuntimeCaches(file) {
  const entries = new Map()
  let fd
  try {
    if (lstatSync(file, {throwIfNoEntry: false})?.isSymbolicLink()) return entries
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
    const stats = fstatSync(fd)
    if (!stats.isFile() || stats.size > MAX_RUNTIME_CACHE_BYTES) return entries
    const bytes = readFileSync(fd)
    const newline = bytes.indexOf(10)
    const head = JSON.parse(bytes.subarray(0, newline).toString('utf8'))
    let offset = newline + 1
    for (const {name, key, length} of head.entries) {
      if (typeof name !== 'string' || typeof key !== 'string' || !Number.isSafeInteger(length))
        break
      if (length < 0 || offset + length > bytes.length) break
      entries.set(name, {key, data: bytes.subarray(offset, offset + length)})
      offset += length
    }
  } catch {
    // damaged or unreadable: compiled and written again
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  return entries
}

/** Keep the bundles' code cache at `file` (inside the git directory) from now on. */
function useRuntimeCodeCache(file) {
  runtime = {file, entries: readRuntimeCaches(file), compiled: new Set()}
}

/**
 * Write the code cache file when a bundle loaded in this run had to be compiled (the first run,
 * a new doclint or another Node), atomically and never through a link; a failure only costs the
 * next run its speed.
 */
function saveRuntimeCodeCache() {
  if (runtime === undefined || runtime.compiled.size === 0) return
  const {file} = runtime
  const temp = `${file}.tmp-${process.pid}`
  try {
    const present = lstatSync(file, {throwIfNoEntry: false})
    if (present !== undefined && !present.isFile()) return
    const parts = []
    for (const [name, loadedBundle] of loaded) {
      const {script} = loadedBundle
      const key = loadedBundle.key ?? keyOf(bundleFile(name))
      const kept = runtime.entries.get(name)
      const data =
        !runtime.compiled.has(name) && kept !== undefined && kept.key === key
          ? kept.data
          : script.createCachedData()
      parts.push({name, key, data})
    }
    // bundles this run did not load keep their cache while it still fits them
    for (const [name, kept] of runtime.entries) {
      if (!loaded.has(name) && kept.key === keyOf(bundleFile(name))) parts.push({name, ...kept})
    }
    const head = JSON.stringify({
      entries: parts.map(({name, key, data}) => ({name, key, length: data.length}))
    })
    writeFileSync(temp, Buffer.concat([Buffer.from(`${head}\n`), ...parts.map((p) => p.data)]), {
      flag: 'wx',
      mode: 0o644
    })
    renameSync(temp, file)
  } catch {
    rmSync(temp, {force: true})
  }
  runtime.compiled.clear()
}

/** Compile and run a bundle (once); returns its exports and the compiled script. */
function loadBundle({name = 'cli', useCache = true} = {}) {
  const known = loaded.get(name)
  if (known) return known
  const file = bundleFile(name)
  const source = readFileSync(file, 'utf8')
  let cachedData
  // the git directory's cache first: it was made by this Node for this very file
  const key = runtime === undefined ? undefined : keyOf(file)
  const kept = runtime?.entries.get(name)
  if (useCache && kept !== undefined && kept.key === key) cachedData = kept.data
  if (useCache && cachedData === undefined) {
    try {
      cachedData = readFileSync(`${file}.cache`)
    } catch {
      // no cache: compile
    }
  }
  // The file is one function expression (CommonJS's wrapper and the chunk loader are written
  // around the bundle at build time), compiled as it is: no copy of the source is made here.
  const script = new vm.Script(source, {filename: file, ...(cachedData ? {cachedData} : {})})
  if (runtime !== undefined && useCache && (cachedData === undefined || script.cachedDataRejected))
    runtime.compiled.add(name)
  const module = {exports: {}}
  const result = {exports: module.exports, script, key}
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

module.exports = {
  BUNDLE_DIR,
  WRAPPER_PARAMETERS,
  bundleFile,
  loadBundle,
  loaded,
  saveRuntimeCodeCache,
  useRuntimeCodeCache
}
