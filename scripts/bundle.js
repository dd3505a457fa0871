// Bundles the CLI into dist/bundle (one file per lazy chunk) so a run loads a handful of modules
// instead of hundreds. Code splitting keeps the CLI's `import()`s lazy. Everything sits two folders
// below the package root, like dist/src/*.js, so `new URL('../../…', import.meta.url)` still
// finds package.json and rules/*.md.
import {build} from 'esbuild'
import {rmSync} from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const outdir = path.join(root, 'dist', 'bundle')
rmSync(outdir, {recursive: true, force: true})

/** install-hook resolves bin/doclint.js three folders up from itself: keep the tsc build of it. */
const keepUnbundled = {
  name: 'keep-unbundled',
  setup(b) {
    b.onResolve({filter: /\/commands\/install-hook\.js$/}, () => ({
      path: '../src/commands/install-hook.js',
      external: true
    }))
  }
}

await build({
  absWorkingDir: root,
  entryPoints: {cli: 'src/cli.ts'},
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // prefer ESM builds: jsonc-parser's UMD main uses a require() esbuild cannot follow
  mainFields: ['module', 'main'],
  // bundled CommonJS dependencies call require() for Node built-ins
  banner: {
    js: "import {createRequire as __doclintRequire} from 'node:module';const require = __doclintRequire(import.meta.url);"
  },
  plugins: [keepUnbundled],
  logLevel: 'warning'
})
