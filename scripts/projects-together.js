// Several Sphinx projects under one PATH find what each finds alone (issue #17).
//
//   node scripts/projects-together.js [--corpus DIR] [--bin FILE] [--only a,b] [--json]
//
// DIR (default /tmp/corpus-wild-mutated, as `scripts/corpus.js mutate` leaves it) holds the
// projects of bench/corpus.json side by side (owner+name). Each project's docs folders are checked
// alone (cwd: the project's folder), then all of them together, in three ways:
//   paths:  `doclint p1/docs p2/doc/source …` from DIR (one run, several PATHs)
//   parent: `doclint .` from DIR (one PATH holding every project; the projects found there)
//   docdir: `doclint docs` from each project's folder's parent (PATH below the project's top)
// and the findings of each project are compared (rule, file, line, column, severity, message,
// paths made relative to the project). Prints one line per project and the totals; exits 1 when
// some run differs. Nothing is written anywhere.
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')

// As scripts/corpus.js reads the list (importing it would run its command line).
const loadCorpus = () =>
  JSON.parse(readFileSync(path.join(ROOT, 'bench', 'corpus.json'), 'utf8')).projects
const projectDir = (project) => project.repo.replace('/', '+')

function option(name, fallback) {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : fallback
}

const corpus = path.resolve(option('--corpus', '/tmp/corpus-wild-mutated'))
const bin = path.resolve(option('--bin', path.join(ROOT, 'bin', 'doclint.cjs')))
const only = option('--only', undefined)?.split(',')
const asJson = process.argv.includes('--json')

/** One doclint run: its JSON output (or why there is none). */
function doclint(cwd, paths) {
  const started = Date.now()
  const run = spawnSync(process.execPath, [bin, ...paths, '--format', 'json', '--offline'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024
  })
  const seconds = (Date.now() - started) / 1000
  if (run.status !== 0 && run.status !== 1) {
    return {error: `exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`}
  }
  return {data: JSON.parse(run.stdout), seconds}
}

/**
 * Findings of a run as lines, paths relative to the project: only those under `prefix` (the
 * project's folder from the run's cwd), or, with `projects`, those the JSON names one of them
 * for; `below` is the run's cwd inside the project (its file paths are put back in front).
 */
function findingsOf(data, {prefix = '', projects, below = ''} = {}) {
  const strip = (text) => (prefix === '' ? text : text.split(`${prefix}/`).join(''))
  return data.diagnostics
    .filter((d) =>
      // (a doclint that does not name projects: by folder, which may take in others inside)
      projects && d.project !== undefined
        ? projects.includes(d.project)
        : prefix === '' || d.file.startsWith(`${prefix}/`)
    )
    .map((d) => {
      const file = below === '' ? strip(d.file) : path.posix.normalize(`${below}/${d.file}`)
      return `${file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${strip(d.message)}`
    })
    .sort()
}

/** Lines in one list and not the other (multisets). */
function difference(a, b) {
  const counts = new Map()
  for (const line of b) counts.set(line, (counts.get(line) ?? 0) + 1)
  const out = []
  for (const line of a) {
    const left = counts.get(line) ?? 0
    if (left > 0) counts.set(line, left - 1)
    else out.push(line)
  }
  return out
}

const isManifest = (line) => / manifest-[a-z]+ /.test(line)

const projects = loadCorpus()
  .filter((project) => existsSync(path.join(corpus, projectDir(project))))
  .filter((project) => !only || only.some((name) => project.repo.includes(name)))
if (projects.length === 0) {
  console.error(`no corpus project under ${corpus} (node scripts/corpus.js extract, then mutate)`)
  process.exit(2)
}

const alone = new Map()
for (const project of projects) {
  const dir = path.join(corpus, projectDir(project))
  alone.set(project.repo, doclint(dir, project.docs))
}
const paths = doclint(
  corpus,
  projects.flatMap((project) => project.docs.map((docs) => `${projectDir(project)}/${docs}`))
)
const parent = doclint(corpus, ['.'])

const rows = []
let differing = 0
for (const project of projects) {
  const name = projectDir(project)
  const own = alone.get(project.repo)
  const row = {project: project.repo}
  if (own.error) {
    row.error = own.error
    rows.push(row)
    continue
  }
  const expected = findingsOf(own.data)
  row.alone = expected.length
  row.aloneManifest = expected.filter(isManifest).length
  row.aloneSeconds = own.seconds
  const compare = (label, run, select) => {
    if (run.error) {
      row[label] = run.error
      differing++
      return
    }
    const got = findingsOf(run.data, select)
    const missing = difference(expected, got)
    const extra = difference(got, expected)
    row[label] = {
      findings: got.length,
      manifest: got.filter(isManifest).length,
      missing: missing.length,
      extra: extra.length
    }
    if (missing.length + extra.length > 0) {
      differing++
      row[label].examples = [
        ...missing.slice(0, 3).map((line) => `- ${line}`),
        ...extra.slice(0, 3).map((line) => `+ ${line}`)
      ]
    }
  }
  compare('paths', paths, {prefix: name})
  // `doclint .` finds the Sphinx projects a few levels down (and maybe others inside a project,
  // such as test data): compare those of the docs folders, by the project the JSON names.
  const found = new Set((parent.data?.summary.builds ?? []).map((build) => build.project))
  const folders = project.docs.map((docs) => `${name}/${docs}`)
  if (folders.every((folder) => found.has(folder))) {
    compare('parent', parent, {prefix: name, projects: folders})
  } else row.parent = 'not found from the parent folder (deeper than doclint looks)'
  // PATH below the project's top, cwd there: `cd docs && doclint .`.
  if (project.docs.length === 1) {
    const docs = project.docs[0]
    compare('docdir', doclint(path.join(corpus, name, docs), ['.']), {below: docs})
  } else row.docdir = 'several docs folders'
  rows.push(row)
}

if (asJson) console.log(JSON.stringify({corpus, bin, rows, differing}, null, 2))
else {
  for (const row of rows) {
    if (row.error) {
      console.log(`${row.project}: alone: ${row.error}`)
      continue
    }
    const show = (value) =>
      typeof value === 'string'
        ? value
        : `${value.findings} (${value.manifest} manifest)${value.missing + value.extra ? ` DIFFERS -${value.missing} +${value.extra}` : ' same'}`
    console.log(
      `${row.project}: alone ${row.alone} (${row.aloneManifest} manifest); paths ${show(row.paths)}; parent ${show(row.parent)}; docdir ${show(row.docdir)}`
    )
    for (const label of ['paths', 'parent', 'docdir']) {
      for (const example of row[label]?.examples ?? []) console.log(`    ${label} ${example}`)
    }
  }
  console.log(`${rows.length} projects, ${differing} comparisons differ`)
}
process.exit(differing > 0 ? 1 : 0)
