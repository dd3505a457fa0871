#!/usr/bin/env node
// Hostile inputs, whole CLI runs: each case writes a small tree (or a repository and a patch) that
// asks doclint for as much work as the default limits allow, runs the real bin cold, and prints
// wall time, peak RSS (GNU time's %M), exit status and the first line of stderr. A case over one
// second is marked SLOW; one that ends on a signal, an exit status other than 0, 1 or 2, or an
// internal error is marked BAD. docs/bad-input.md keeps the table.
// Usage: npm run build:dist && node bench/hostile.bench.js [case-name-filter...]
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {git, measure} from './lib.js'
import {CONFPY_SHAPES} from '../test/hostile/properties.js'

const only = process.argv.slice(2)
/** The limits that decide the largest input of each kind (defaults). */
const CONF_PY_MAX = 1024 * 1024
const BUILD_FILE_MAX = 512 * 1024
const CONFIG_MAX = 1024 * 1024
const CACHE_MAX = 64 * 1024 * 1024
const work = mkdtempSync(path.join(os.tmpdir(), 'doclint-hostile-'))
const MB = 8 * 1024 * 1024 - 4096

/** `unit` repeated up to `size` characters (whole units). */
function fill(unit, size = MB) {
  return unit.repeat(Math.floor(size / unit.length))
}

/** Lines `make(n)` for n = 0.. until `size` characters. */
function lines(make, size = MB) {
  const out = []
  let length = 0
  for (let n = 0; length < size; n++) {
    const line = make(n) + '\n'
    length += line.length
    if (length > size) break
    out.push(line)
  }
  return out.join('')
}

function writeFiles(dir, files) {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name)
    mkdirSync(path.dirname(full), {recursive: true})
    writeFileSync(full, content)
  }
}

const INDEX = 'Index\n=====\n\n.. toctree::\n\n   doc\n'

/** A tree whose one document `doc.rst` is `text`. */
function docTree(text, extra = {}) {
  return (dir) => {
    writeFiles(dir, {'conf.py': "project = 'h'\n", 'index.rst': INDEX, 'doc.rst': text, ...extra})
    return [dir, '--format', 'json']
  }
}

/** A conf.py shape of CONFPY_SHAPES repeated up to the conf.py limit. */
function confpyTree(make) {
  return (dir) => {
    let n = 1
    while (make(n * 2).length <= CONF_PY_MAX) n *= 2
    // the largest count under the limit, found by halving the step
    for (let step = n / 2; step >= 1; step /= 2) if (make(n + step).length <= CONF_PY_MAX) n += step
    writeFiles(dir, {'conf.py': make(n), 'index.rst': INDEX, 'doc.rst': 'Doc\n===\n'})
    return [dir, '--format', 'json']
  }
}

/** A MyST tree whose one document `doc.md` is `text`. */
function mystTree(text) {
  return (dir) => {
    writeFiles(dir, {
      'conf.py': "extensions = ['myst_parser']\nmyst_enable_extensions = ['colon_fence']\n",
      'index.rst': INDEX,
      'doc.md': text
    })
    return [dir, '--format', 'json']
  }
}

/** A tree whose one build file `name` (read for manifests) is `text`. */
function buildFileTree(name, text) {
  return (dir) => {
    writeFiles(dir, {
      'conf.py': "project = 'h'\n",
      'index.rst': INDEX,
      'doc.rst': 'D\n=\n',
      [name]: text
    })
    return [dir, '--format', 'json']
  }
}

/**
 * A repository (an index globbing `d/*`, `d/a.rst`) and one mbox of `count` patches made by
 * `change(repo, n)`.
 */
function seriesCase(count, change) {
  return (dir) => {
    const repo = path.join(dir, 'repo')
    writeFiles(repo, {
      'conf.py': "project = 'h'\n",
      'index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   d/*\n',
      'd/a.rst': 'A\n=\n\nLine.\n'
    })
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'base')
    for (let n = 1; n <= count; n++) {
      change(repo, n)
      git(repo, 'add', '-A')
      git(repo, 'commit', '-q', '-m', `Change ${n}`)
    }
    const mbox = git(repo, 'format-patch', `-${count}`, '--stdout')
    git(repo, 'reset', '-q', '--hard', `HEAD~${count}`)
    writeFileSync(path.join(dir, 'series.mbox'), mbox)
    return {cwd: repo, args: ['--patch', path.join(dir, 'series.mbox'), '--format', 'json']}
  }
}

/**
 * name → function(dir) that writes the input and returns the CLI arguments (run in `dir`), or
 * {cwd, args}.
 */
const cases = {
  // conf.py: every hostile shape at the largest conf.py read (1 MiB)
  ...Object.fromEntries(
    Object.entries(CONFPY_SHAPES).map(([name, make]) => [`confpy-${name}`, confpyTree(make)])
  ),
  // MyST: 8 MB of the shapes micromark is superlinear on (the budgets cut them)
  'myst-quotes': mystTree(fill('> ')),
  'myst-link-openers': mystTree(fill('[a](')),
  'myst-colon-fences': mystTree(fill(':::\n')),
  'myst-staircase': mystTree(lines((n) => '  '.repeat(n % 800) + '- x')),
  'myst-paragraphs': mystTree(fill('word\n\n')),
  'myst-roles': mystTree(fill('{doc}`a` ')),
  // build files at the build-file limit (512 KiB): expansions claiming more than they hold
  'automake-doubling': buildFileTree(
    'Makefile.am',
    'A0 = x.rst\n' +
      lines((n) => `A${n + 1} = $(A${n}) $(A${n})`, BUILD_FILE_MAX - 100) +
      'DOC_SOURCE = $(A1)\n'
  ),
  'meson-doubling': buildFileTree(
    'meson.build',
    "a = ['x.rst']\n" + lines(() => 'a += a', BUILD_FILE_MAX - 100) + 'docs = files(a)\n'
  ),
  'meson-flat-list': buildFileTree(
    'meson.build',
    'docs = files(' + fill("'d/x.rst', ", BUILD_FILE_MAX - 100) + ')\n'
  ),
  // config at its limit (1 MiB): globs that each cost a compile and a match per file
  'config-globs': (dir) => {
    const globs = lines((n) => `"**/*a*b*c*${n}*/**/*.rst",`, CONFIG_MAX - 100)
    writeFiles(dir, {
      'conf.py': "project = 'h'\n",
      'index.rst': INDEX,
      'doc.rst': 'D\n=\n',
      'doclint.config.json': `{"ignore": [${globs}"x"]}`
    })
    return [dir, '--format', 'json']
  },
  // cache at its limit (64 MiB): one line of junk, then a head that is valid JSON of that size
  'cache-junk-line': (dir) => {
    writeFiles(dir, {'conf.py': "project = 'h'\n", 'index.rst': INDEX, 'doc.rst': 'D\n=\n'})
    writeFileSync(path.join(dir, '.doclintcache'), Buffer.alloc(CACHE_MAX - 1, 'x'))
    return [dir, '--cache', '--format', 'json']
  },
  'cache-big-head': (dir) => {
    writeFiles(dir, {'conf.py': "project = 'h'\n", 'index.rst': INDEX, 'doc.rst': 'D\n=\n'})
    const runs = `{"doclint":"0","format":1,"code":"x","runs":{"k":[${'1,'.repeat(CACHE_MAX / 2 - 100)}1]}}\n`
    writeFileSync(path.join(dir, '.doclintcache'), runs)
    return [dir, '--cache', '--format', 'json']
  },
  words: docTree('T\n=\n\n' + fill('word ')),
  emphasis: docTree('T\n=\n\n' + fill('*a* **b** ``c`` ')),
  'broken-doc-links': docTree('T\n=\n\n' + fill(':doc:`a` ')),
  references: docTree('T\n=\n\n' + fill('`a`_ b_ |c| [#]_ ')),
  'mixed-lines': docTree('T\n=\n\n' + lines(() => '*a* `b`_ :ref:`c`')),
  backquotes: docTree('T\n=\n\n' + fill('`')),
  backslashes: docTree('T\n=\n\n' + fill('\\')),
  colons: docTree('T\n=\n\n' + fill(':')),
  'spaces-then-word': docTree('T\n=\n\n' + fill(' ', MB - 10) + 'x\n'),
  'deep-quotes': docTree('T\n=\n\n' + lines((n) => '\t'.repeat(n) + 'q\n', 6e6)),
  'deep-bullets': docTree('T\n=\n\n' + '- '.repeat(10000) + ':doc:`nowhere`\n'),
  'deep-enumerated': docTree('T\n=\n\n' + '1. '.repeat(10000) + ':doc:`nowhere`\n'),
  'list-items': docTree('T\n=\n\n' + fill('- x\n')),
  'field-list': docTree('T\n=\n\n' + lines((n) => `:f${n}: v`)),
  'definition-list': docTree('T\n=\n\n' + lines((n) => `t${n}\n  d`)),
  'nested-directives': docTree(
    'T\n=\n\n' + lines((n) => '   '.repeat(n % 2000) + '.. note::\n', 4e6)
  ),
  'chained-targets': docTree('T\n=\n\n' + lines((n) => `.. _t${n}:`, 195000) + '\nPara.\n'),
  targets: docTree('T\n=\n\n' + lines((n) => `.. _t${n}:\n\nP ${n}.\n`)),
  'labels-and-refs': docTree(
    'T\n=\n\n' +
      lines((n) => `.. _t${n}:\n\nS${n}\n${'-'.repeat(String(n).length + 1)}\n\n:ref:\`t${n}\`\n`)
  ),
  sections: docTree('T\n=\n\n' + lines((n) => `S${n}\n${'-'.repeat(String(n).length + 1)}\n`)),
  substitutions: docTree('T\n=\n\n' + lines((n) => `.. |s${n}| replace:: x\n\n|s${n}|`)),
  footnotes: docTree('T\n=\n\n' + lines((n) => `.. [#f${n}] x\n\n[#f${n}]_`)),
  citations: docTree('T\n=\n\n' + lines((n) => `.. [C${n}] x\n\n[C${n}]_`)),
  'grid-table': docTree(
    'T\n=\n\n' +
      (() => {
        const border = '+' + '---+'.repeat(300) + '\n'
        return border + ('|' + ' x |'.repeat(300) + '\n' + border).repeat(300)
      })()
  ),
  'simple-table': docTree(
    'T\n=\n\n' +
      (() => {
        const border = '= '.repeat(2000).trimEnd() + '\n'
        return border + ('x '.repeat(2000).trimEnd() + '\n').repeat(1500) + border
      })()
  ),
  'toctree-entries': docTree('T\n=\n\n.. toctree::\n\n' + lines((n) => `   missing${n}`)),
  'self-include': docTree('T\n=\n\n.. include:: doc.rst\n\n:doc:`x`\n'),
  'include-big-many': docTree('T\n=\n\n' + '.. include:: big.txt\n\n'.repeat(1000), {
    'big.txt': fill(':doc:`a` ', 7e6)
  }),
  'include-fanout': (dir) => {
    const files = {
      'conf.py': "project = 'h'\n",
      'index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   d*\n',
      'part.txt': fill(':doc:`a` ', 9 * 9999)
    }
    for (let n = 0; n < 200; n++) files[`d${n}.rst`] = `D${n}\n===\n\n.. include:: part.txt\n`
    writeFiles(dir, files)
    return [dir, '--format', 'json']
  },
  'many-documents-broken-links': (dir) => {
    const files = {
      'conf.py': "project = 'h'\n",
      'index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   d*\n'
    }
    for (let n = 0; n < 100; n++)
      files[`d${n}.rst`] = `D${n}\n===\n\n` + fill(':doc:`a` ', MB / 100)
    writeFiles(dir, files)
    return [dir, '--format', 'json']
  },
  'include-chain': (dir) => {
    const files = {
      'conf.py': "project = 'h'\n",
      'index.rst': INDEX,
      'doc.rst': '.. include:: i0.txt\n'
    }
    for (let n = 0; n < 2000; n++)
      files[`i${n}.txt`] = `.. include:: i${n + 1}.txt\n.. include:: i${n + 1}.txt\n`
    writeFiles(dir, files)
    return [dir, '--format', 'json']
  },
  'big-document': docTree('T\n=\n\n' + fill('word ', 50e6)),
  'many-junk-files': (dir) => {
    writeFiles(dir, {'conf.py': "project = 'h'\n", 'index.rst': 'Index\n=====\n'})
    for (let folder = 0; folder < 100; folder++) {
      mkdirSync(path.join(dir, `j${folder}`))
      for (let n = 0; n < 1000; n++) writeFileSync(path.join(dir, `j${folder}`, `f${n}.c`), '')
    }
    return [dir, '--format', 'json']
  },
  'glob-everything': (dir) => {
    const files = {
      'conf.py': "project = 'h'\n",
      'index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   d/*\n'
    }
    for (let n = 0; n < 1000; n++)
      files[`d/p${n}.rst`] = `P${n}\n===\n\n.. toctree::\n   :glob:\n\n   *\n`
    writeFiles(dir, files)
    return [dir, '--format', 'json']
  },
  'deep-folders': (dir) => {
    writeFiles(dir, {'conf.py': "project = 'h'\n", 'index.rst': 'Index\n=====\n'})
    let folder = dir
    for (let n = 0; n < 1500; n++) folder = path.join(folder, 'a')
    mkdirSync(folder, {recursive: true})
    writeFileSync(path.join(folder, 'deep.rst'), 'Deep\n====\n')
    return [dir, '--format', 'json']
  },
  'symlink-loops': (dir) => {
    writeFiles(dir, {'conf.py': "project = 'h'\n", 'index.rst': 'Index\n=====\n'})
    for (let n = 0; n < 50; n++) {
      mkdirSync(path.join(dir, `l${n}`))
      symlinkSync('..', path.join(dir, `l${n}`, 'up'))
      symlinkSync('/', path.join(dir, `l${n}`, 'root'))
    }
    return [dir, '--format', 'json']
  },
  // one patch on the series base (index globbing d/*, d/a.rst)
  'patch-adds-big-file': seriesCase(1, (repo) =>
    // the mail adds a `+` per line: about 7.5 MB, under limits.maxPatchSize
    writeFileSync(
      path.join(repo, 'big.c'),
      lines((n) => `int x${n};`, MB * 0.9)
    )
  ),
  'patch-adds-many-documents': seriesCase(1, (repo) => {
    for (let n = 0; n < 20000; n++) writeFileSync(path.join(repo, 'd', `f${n}.rst`), `D${n}\n==\n`)
  }),
  'series-adding-documents': seriesCase(500, (repo, n) =>
    writeFileSync(
      path.join(repo, 'd', `p${n}.rst`),
      `P${n}\n${'='.repeat(String(n).length + 1)}\n\nSee :doc:\`a\`.\n`
    )
  ),
  'series-max-patches': seriesCase(1000, (repo, n) =>
    writeFileSync(path.join(repo, 'd', `p${n}.rst`), `P${n}\n${'='.repeat(String(n).length + 1)}\n`)
  ),
  'series-editing-one-document': seriesCase(1000, (repo, n) =>
    writeFileSync(path.join(repo, 'd', 'a.rst'), `A\n=\n\nLine ${n}, :doc:\`p${n}\`.\n`)
  )
}

/**
 * Cases that still go past the bar (the automake and meson readers are reworked elsewhere):
 * run only when named (`node bench/hostile.bench.js automake-doubling`), so a plain bench run
 * neither hangs nor exhausts the machine's memory.
 */
const PENDING = new Set(['automake-doubling', 'meson-doubling', 'meson-flat-list'])

const rows = []
try {
  for (const [name, make] of Object.entries(cases)) {
    if (only.length && !only.some((word) => name.includes(word))) continue
    if (PENDING.has(name) && !only.includes(name)) {
      console.log(`skip ${name.padEnd(28)} (pending: name it to run it)`)
      continue
    }
    const dir = path.join(work, name)
    mkdirSync(dir)
    const made = make(dir)
    // a patch case runs in its repository, as a gate would; a tree case names its tree
    const {cwd, args} = Array.isArray(made) ? {cwd: dir, args: made} : made
    const run = measure(cwd, args)
    const {seconds, stderr} = run
    const first = stderr.split('\n')[0].slice(0, 110)
    const bad =
      ![0, 1, 2].includes(run.status) ||
      /internal error|RangeError|heap out of memory/i.test(stderr)
    // issue 18's bar: every input at the default limits within 10 s and 1 GiB
    const over = seconds > 10 || run.rssMiB > 1024
    const mark = bad ? 'BAD ' : over ? 'OVER' : seconds > 1 ? 'SLOW' : 'ok  '
    rows.push({name, seconds, bad: bad || over})
    console.log(
      `${mark} ${name.padEnd(28)} ${seconds.toFixed(2).padStart(6)} s (cpu ${run.cpuSeconds.toFixed(2).padStart(5)} s) ${run.rssMiB.toFixed(0).padStart(5)} MiB exit ${run.status} ${first}`
    )
    rmSync(dir, {recursive: true, force: true})
  }
  const slow = rows.filter((row) => row.seconds > 1).length
  const bad = rows.filter((row) => row.bad).length
  console.log(
    `${rows.length} cases: ${slow} over one second, ${bad} without a clear exit or over 10 s / 1 GiB`
  )
} finally {
  rmSync(work, {recursive: true, force: true})
}
