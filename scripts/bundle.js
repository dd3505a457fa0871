// Bundles the CLI into two CommonJS files and stores V8's code cache for each (NAME.cjs.cache), so
// a run loads few files and compiles almost nothing (bin/load-bundle.cjs):
// - dist/bundle/cli.cjs: the command line and all a run answered by the `--cache` file needs;
// - dist/bundle/heavy.cjs: src/engine/heavy.ts (the graph with its parsers), which cli.cjs loads
//   only when a tree is actually checked;
// - dist/bundle/readers.cjs: src/engine/readers.ts (build file, conf.py and manifest readers),
//   loaded only when the `--cache` file does not hold what they found;
// - dist/bundle/near.cjs: src/engine/near.ts (the reStructuredText front end alone), which cli.cjs
//   loads when `--staged` carries a stored check over a prose edit (no graph is built then);
// - dist/bundle/index.js and rst.js: the library entries (ES modules).
// All of them are committed (installs from git run them without a build) and hold every runtime
// dependency, so the package has none.
// Modules both use are in both (they keep no state that must be shared). The caches are made by
// running the bundles on the demo tree in this process, so they hold the compiled code of
// everything a lint run uses. The bundles sit two folders below the package root, like
// dist/src/*.js; src/version.ts finds package.json and rules/*.md from there.
import {build} from 'esbuild'
import {mkdirSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const {WRAPPER_PARAMETERS} = require('../bin/load-bundle.cjs')
const {writeCodeCaches} = require('./code-cache.cjs')
const root = path.resolve(import.meta.dirname, '..')
const outdir = path.join(root, 'dist', 'bundle')
rmSync(outdir, {recursive: true, force: true})
mkdirSync(outdir, {recursive: true})

/**
 * `import('./heavy.js')` and `import('./near.js')` in src/engine/run.ts become loads of those
 * bundles, and `import('./lsp/server.js')` in src/cli.ts a load of the language server's bundle.
 */
const heavyChunk = {
  name: 'doclint-chunks',
  setup(builder) {
    builder.onResolve({filter: /^\.\/heavy\.js$/}, () => ({path: 'heavy', namespace: 'chunk'}))
    builder.onResolve({filter: /^\.\/near\.js$/}, () => ({path: 'near', namespace: 'chunk'}))
    builder.onResolve({filter: /^\.\/readers\.js$/}, () => ({
      path: 'readers',
      namespace: 'chunk'
    }))
    builder.onResolve({filter: /^\.\/lsp\/server\.js$/}, () => ({path: 'lsp', namespace: 'chunk'}))
    builder.onLoad({filter: /.*/, namespace: 'chunk'}, (args) => ({
      contents: `module.exports = __doclintChunk(${JSON.stringify(args.path)})`,
      loader: 'js'
    }))
  }
}

const common = {
  absWorkingDir: root,
  bundle: true,
  // Module paths in the output stay as the tree names them (node_modules/x), never where a linked
  // node_modules really is: the committed bundle must be the same in every clone.
  preserveSymlinks: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // prefer ESM builds: jsonc-parser's UMD main uses a require() esbuild cannot follow
  mainFields: ['module', 'main'],
  // CommonJS has no import.meta: give the modules that ask the bundle's own URL
  define: {'import.meta.url': '__doclintModuleUrl'},
  // The file is the function bin/load-bundle.cjs compiles and calls (CommonJS's own wrapper plus
  // the chunk loader): no copy of the source is made to wrap it at every start.
  banner: {
    js: `(function (${WRAPPER_PARAMETERS}) {"use strict";var __doclintModuleUrl = require('node:url').pathToFileURL(__filename).href;`
  },
  footer: {js: '\n})'},
  // Fewer bytes to read at every start; names are kept, so stack traces still name functions.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning'
}
await build({
  ...common,
  entryPoints: {cli: 'src/cli.ts'},
  outfile: path.join(outdir, 'cli.cjs'),
  plugins: [heavyChunk]
})
await build({
  ...common,
  entryPoints: {heavy: 'src/engine/heavy.ts'},
  outfile: path.join(outdir, 'heavy.cjs')
})
await build({
  ...common,
  entryPoints: {readers: 'src/engine/readers.ts'},
  outfile: path.join(outdir, 'readers.cjs')
})
await build({
  ...common,
  entryPoints: {near: 'src/engine/near.ts'},
  outfile: path.join(outdir, 'near.cjs')
})
await build({
  ...common,
  entryPoints: {lsp: 'src/lsp/server.ts'},
  outfile: path.join(outdir, 'lsp.cjs'),
  plugins: [heavyChunk]
})

// The library entries (package.json `exports`): ES modules with no dependency left outside, so an
// install needs nothing from the registry. Types come from tsc (dist/src/*.d.ts).
for (const [name, entry] of [
  ['index', 'src/index.ts'],
  ['rst', 'src/rst/index.ts']
]) {
  await build({
    absWorkingDir: root,
    bundle: true,
    preserveSymlinks: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    entryPoints: [entry],
    outfile: path.join(outdir, `${name}.js`),
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning'
  })
}

// V8's code cache, made by running the bundles on the demo tree (scripts/code-cache.cjs)
await writeCodeCaches()
