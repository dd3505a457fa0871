/**
 * Tests that run bin/doclint.cjs load the build in dist/. Before any test runs, build when the
 * build is missing or older than one of its sources, so `npm test` never tests an old bundle
 * (a fresh clone builds here; an edit to src/ rebuilds).
 */
import {execFileSync} from 'node:child_process'
import {readdirSync, statSync} from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')

/** Modification time of a file, or -1 when it is missing. */
function mtime(file: string): number {
  try {
    return statSync(path.join(ROOT, file)).mtimeMs
  } catch {
    return -1
  }
}

/** The newest modification time of the files under `dir` (relative to the root). */
function newest(dir: string): number {
  let latest = -1
  for (const entry of readdirSync(path.join(ROOT, dir), {withFileTypes: true, recursive: true})) {
    if (!entry.isFile()) continue
    latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return latest
}

/** What the build reads (src/, rules/*.ts, the bundler and the configuration it uses). */
function sourcesTime(): number {
  return Math.max(
    newest('src'),
    newest('rules'),
    mtime('scripts/bundle.js'),
    mtime('bin/load-bundle.cjs'),
    mtime('tsconfig.json'),
    mtime('tsconfig.build.json'),
    mtime('package-lock.json')
  )
}

/**
 * When the build finished: tsc writes dist/src, then scripts/bundle.js writes the bundles and,
 * last, their code caches (never committed, so a fresh clone has none).
 */
function buildTime(): number {
  return Math.min(mtime('dist/src/cli.js'), mtime('dist/bundle/heavy.cjs.cache'))
}

export default function setup(): void {
  if (buildTime() >= sourcesTime()) return
  process.stderr.write(
    'test setup: dist/ is missing or older than its sources; npm run build:dist\n'
  )
  execFileSync('npm', ['run', 'build:dist'], {cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit']})
}
