'use strict'
// V8's code cache for the bundles (dist/bundle/NAME.cjs.cache, read by bin/load-bundle.cjs): the
// bundles are run here on the demo tree, once as a tree check and once as the pre-commit check
// (`--staged` in a scratch git repository), and the compiled code of everything those runs used
// is stored beside each bundle, so a run starts without compiling doclint again. `npm run
// build:dist` runs it after bundling. The files are never committed (V8 writes them differently
// from build to build, and only the Node that made them accepts them); an install from git has
// none, and bin/load-bundle.cjs keeps one in the git directory instead (--staged).
const {spawnSync} = require('node:child_process')
const {cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync} = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const BIN = path.join(ROOT, 'bin')

/** Run `main` with stdout and stderr silenced; its exit code is not what matters here. */
async function quietly(main, args) {
  const out = process.stdout.write
  const err = process.stderr.write
  process.stdout.write = () => true
  process.stderr.write = () => true
  try {
    await main(args)
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

/** A scratch git repository holding the demo tree, with one staged edit; undefined without git. */
function stagedDemo() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-code-cache-'))
  cpSync(path.join(ROOT, 'fixtures', 'demo'), dir, {recursive: true})
  // the user's git configuration (hooks, signing) stays out of it
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_AUTHOR_NAME: 'doclint',
    GIT_AUTHOR_EMAIL: 'doclint@invalid',
    GIT_COMMITTER_NAME: 'doclint',
    GIT_COMMITTER_EMAIL: 'doclint@invalid'
  }
  const git = (...args) =>
    spawnSync('git', args, {cwd: dir, env, stdio: 'ignore', timeout: 30_000}).status === 0
  const ok =
    git('init', '-q') &&
    git('add', '-A') &&
    git('-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'demo') &&
    (appendFileSync(path.join(dir, 'Documentation', 'index.rst'), '\nEdited.\n'), true) &&
    git('add', '-A')
  if (!ok) {
    rmSync(dir, {recursive: true, force: true})
    return undefined
  }
  return dir
}

/** Run the bundles as users do, then store V8's code cache beside each. */
async function writeCodeCaches() {
  const {loadBundle, loaded, BUNDLE_DIR} = require(path.join(BIN, 'load-bundle.cjs'))
  const {exports} = loadBundle({useCache: false})
  const demo = path.join(ROOT, 'fixtures', 'demo', 'Documentation')
  for (const format of ['stylish', 'json']) await quietly(exports.main, [demo, '--format', format])
  const repo = stagedDemo()
  if (repo !== undefined) {
    const cwd = process.cwd()
    try {
      process.chdir(repo)
      // the first run fills the cache in the git directory; the second, after another prose
      // edit, carries the stored check over it (the near chunk)
      await quietly(exports.main, ['--staged'])
      appendFileSync(path.join(repo, 'Documentation', 'index.rst'), '\nEdited again.\n')
      spawnSync('git', ['add', '-A'], {cwd: repo, stdio: 'ignore', timeout: 30_000})
      await quietly(exports.main, ['--staged'])
    } finally {
      process.chdir(cwd)
      rmSync(repo, {recursive: true, force: true})
    }
  }
  for (const [name, {script}] of loaded) {
    writeFileSync(path.join(BUNDLE_DIR, `${name}.cjs.cache`), script.createCachedData())
  }
}

module.exports = {writeCodeCaches}
