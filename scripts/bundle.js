// Bundles the CLI into one CommonJS file, dist/bundle/cli.cjs, and stores V8's code cache for it
// (cli.cjs.cache): a run then loads one file and compiles almost nothing (bin/load-bundle.js).
// The cache is made by running the bundle on the demo tree in this process, so it holds the
// compiled code of everything a lint run uses. The bundle sits two folders below the package
// root, like dist/src/*.js; src/version.ts finds package.json and rules/*.md from there.
import {build} from 'esbuild'
import {rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const outdir = path.join(root, 'dist', 'bundle')
rmSync(outdir, {recursive: true, force: true})

await build({
  absWorkingDir: root,
  entryPoints: {cli: 'src/cli.ts'},
  outfile: path.join(outdir, 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // prefer ESM builds: jsonc-parser's UMD main uses a require() esbuild cannot follow
  mainFields: ['module', 'main'],
  // CommonJS has no import.meta: give the modules that ask the bundle's own URL
  define: {'import.meta.url': '__doclintModuleUrl'},
  banner: {js: "var __doclintModuleUrl = require('node:url').pathToFileURL(__filename).href;"},
  // Half the bytes to read at every start; names are kept, so stack traces still name functions.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning'
})

const {CODE_CACHE, loadBundle} = await import('../bin/load-bundle.js')
const {exports, script} = loadBundle({useCache: false})
const demo = path.join(root, 'fixtures', 'demo', 'Documentation')
const write = process.stdout.write
process.stdout.write = () => true
try {
  for (const format of ['stylish', 'json']) await exports.main([demo, '--format', format])
} finally {
  process.stdout.write = write
}
writeFileSync(CODE_CACHE, script.createCachedData())
