// The wild corpus (bench/corpus.json): real projects doclint was not built against.
//
//   node scripts/corpus.js extract [--out DIR] [--mirrors DIR]
//       each project's pinned commit, from its git mirror (/work/.mirror/owner+name/repo, as the
//       fetch tool leaves it, or $DOCLINT_MIRRORS), into DIR/owner+name (default
//       /tmp/corpus-wild); an extracted tree is kept. Projects without a mirror are listed.
//   node scripts/corpus.js mutate SRC DEST
//       a copy of an extracted project with deterministic defects in each docs folder (what
//       a refactoring patch breaks): documents and labels deleted, :doc:/:ref:/image/Markdown
//       targets broken, an orphan added. DEST/.doclint-mutations.json lists them.
//
// Trees are never committed; only this script and the list are.
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')

/** The corpus list. */
export function loadCorpus() {
  return JSON.parse(readFileSync(path.join(ROOT, 'bench', 'corpus.json'), 'utf8')).projects
}

/** The folder name of a project (`owner+name`, as the mirrors are named). */
export function projectDir(project) {
  return project.repo.replace('/', '+')
}

function extract(out, mirrors) {
  mkdirSync(out, {recursive: true})
  const missing = []
  for (const project of loadCorpus()) {
    const dest = path.join(out, projectDir(project))
    const stamp = path.join(dest, '.doclint-corpus-commit')
    if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === project.commit) continue
    const gitDir = path.join(mirrors, projectDir(project), 'repo')
    if (!existsSync(gitDir)) {
      missing.push(project.repo)
      continue
    }
    rmSync(dest, {recursive: true, force: true})
    mkdirSync(dest, {recursive: true})
    const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', project.commit], {
      maxBuffer: 1024 * 1024 * 1024
    })
    execFileSync('tar', ['-x', '-C', dest], {input: archive, maxBuffer: 1024 * 1024 * 1024})
    // What `configure` would write (varnish's conf.py.in): plain substitutions, nothing run.
    for (const [from, {to, replace}] of Object.entries(project.prepare ?? {})) {
      let text = readFileSync(path.join(dest, from), 'utf8')
      for (const [key, value] of Object.entries(replace)) text = text.split(key).join(value)
      writeFileSync(path.join(dest, to), text)
    }
    writeFileSync(stamp, `${project.commit}\n`)
    console.log(`extracted ${project.repo} -> ${dest}`)
  }
  if (missing.length > 0) {
    console.log(`no mirror for: ${missing.join(', ')} (fetch them: github:owner/name)`)
  }
}

function hash(text) {
  return createHash('sha1').update(text).digest('hex')
}

function listSources(dir, prefix = '') {
  const out = []
  for (const entry of readdirSync(path.join(dir, prefix), {withFileTypes: true})) {
    if (entry.name.startsWith('.') || entry.name === '_build' || entry.name === 'node_modules')
      continue
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.isDirectory()) out.push(...listSources(dir, rel))
    // a linked file may live outside the copy: never edited
    else if (entry.isFile() && /\.(rst|md)$/.test(entry.name)) out.push(rel)
  }
  return out
}

/** Files in a fixed order that does not follow the folder layout (sha1 of the path). */
function shuffled(files, salt) {
  return [...files].sort((a, b) => hash(salt + a).localeCompare(hash(salt + b)))
}

/**
 * Break one Sphinx source folder the ways a refactoring patch does. Deterministic: the same tree
 * gets the same defects. Returns what was done.
 */
export function mutateDocs(docs) {
  const done = []
  const sources = listSources(docs).sort()
  const read = (file) => readFileSync(path.join(docs, file), 'utf8')
  const write = (file, text) => writeFileSync(path.join(docs, file), text)
  const notRoot = (file) => !/^(index|contents)\.(rst|md)$/.test(file)
  const texts = new Map(sources.map((file) => [file, read(file)]))
  const all = [...texts.values()].join('\n')
  // 1. two documents that another document names (a toctree entry, a :doc:) are deleted
  const deleted = []
  for (const file of shuffled(sources.filter(notRoot), 'doc')) {
    if (deleted.length === 2) break
    const stem = file.replace(/\.(rst|md)$/, '')
    const base = stem.split('/').pop()
    if (
      !new RegExp(
        `(^|[\\s/<\`])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.(rst|md))?[>\`]?\\s*$`,
        'm'
      ).test(all)
    )
      continue
    rmSync(path.join(docs, file))
    texts.delete(file)
    deleted.push(file)
    done.push({kind: 'delete-document', file})
  }
  // 2. two labels that a :ref: uses are deleted (RST `.. _x:` or MyST `(x)=`)
  let labels = 0
  for (const file of shuffled([...texts.keys()], 'label')) {
    if (labels === 2) break
    const text = texts.get(file)
    const match = /^(?:\.\. _([A-Za-z0-9][\w.-]*):|\(([A-Za-z0-9][\w.-]*)\)=)[ \t]*$/m.exec(text)
    const name = match?.[1] ?? match?.[2]
    if (
      !match ||
      (!all.toLowerCase().includes(`<${name.toLowerCase()}>`) &&
        !all.toLowerCase().includes(`:ref:\`${name.toLowerCase()}\``))
    )
      continue
    const next = text.slice(0, match.index) + text.slice(match.index + match[0].length)
    texts.set(file, next)
    write(file, next)
    labels++
    done.push({kind: 'delete-label', file, label: name})
  }
  // 3. broken targets: :doc:, :ref:, an image, a Markdown link
  const breakOne = (kind, pattern, replace, salt) => {
    for (const file of shuffled([...texts.keys()], salt)) {
      const text = texts.get(file)
      const match = pattern.exec(text)
      if (!match) continue
      const next =
        text.slice(0, match.index) + replace(match) + text.slice(match.index + match[0].length)
      texts.set(file, next)
      write(file, next)
      done.push({kind, file, was: match[0]})
      return
    }
  }
  breakOne('break-doc', /:doc:`([^`<>]+)`/, (m) => `:doc:\`${m[1]}-typo\``, 'doc1')
  breakOne('break-doc', /:doc:`([^`<>]+)`/, (m) => `:doc:\`${m[1]}-typo\``, 'doc2')
  breakOne('break-ref', /:ref:`([^`<>]+)`/, (m) => `:ref:\`${m[1]}-typo\``, 'ref1')
  breakOne('break-ref', /:ref:`([^`<>]+)`/, (m) => `:ref:\`${m[1]}-typo\``, 'ref2')
  breakOne(
    'break-ref',
    /:ref:`([^`<]*)<([^`>]+)>`/,
    (m) => `:ref:\`${m[1]}<${m[2]}-typo>\``,
    'ref3'
  )
  breakOne(
    'break-image',
    /^(\s*\.\. (?:image|figure):: )(?![\w+.-]+:\/\/)(\S+\.(?:png|svg|jpg))\s*$/m,
    (m) => `${m[1]}${m[2]}.missing`,
    'image'
  )
  breakOne('break-mdlink', /\]\(([\w./-]+)\.md\)/, (m) => `](${m[1]}-typo.md)`, 'md')
  // 4. an orphan
  writeFileSync(path.join(docs, 'doclint-orphan.rst'), 'Orphan\n======\n\nIn no toctree.\n')
  done.push({kind: 'add-orphan', file: 'doclint-orphan.rst'})
  return done
}

function mutate(src, dest) {
  const project = loadCorpus().find((p) => projectDir(p) === path.basename(src))
  if (!project) throw new Error(`${src} is not a corpus project folder (owner+name)`)
  rmSync(dest, {recursive: true, force: true})
  // symbolic links stay as written: resolved, they would point into (and let us edit) SRC
  cpSync(src, dest, {recursive: true, verbatimSymlinks: true})
  const mutations = {}
  for (const docs of project.docs) mutations[docs] = mutateDocs(path.join(dest, docs))
  writeFileSync(
    path.join(dest, '.doclint-mutations.json'),
    `${JSON.stringify(mutations, null, 2)}\n`
  )
  return mutations
}

const [command, ...args] = process.argv.slice(2)
const option = (name, fallback) => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : args[at + 1]
}
if (command === 'extract') {
  extract(
    option('--out', process.env.DOCLINT_CORPUS ?? '/tmp/corpus-wild'),
    option('--mirrors', process.env.DOCLINT_MIRRORS ?? '/work/.mirror')
  )
} else if (command === 'mutate') {
  const [src, dest] = args
  if (!src || !dest || !statSync(src).isDirectory()) {
    console.error('usage: node scripts/corpus.js mutate SRC DEST')
    process.exit(2)
  }
  console.log(JSON.stringify(mutate(src, dest), null, 2))
} else if (command !== undefined) {
  console.error(
    'usage: node scripts/corpus.js extract [--out DIR] [--mirrors DIR] | mutate SRC DEST'
  )
  process.exit(2)
}
