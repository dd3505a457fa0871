/**
 * Find how a project invokes sphinx-build, statically: Makefiles and automake fragments (with
 * their variables), meson `custom_target`s, tox.ini, noxfile.py, Read the Docs and CI workflow
 * files. Nothing is run. Each invocation becomes a SphinxBuild; the strictest one is followed.
 */
import {parse as parseYaml} from 'yaml'
import type {FileTree} from '../tree/types.js'
import {parseAutomake} from '../manifests/automake.js'
import {decodeText, dirname, joinPath, normalizePath} from '../manifests/text.js'
import {parseSphinxArgs, shellWords} from './argv.js'
import type {BuildInfo, SphinxBuild, Word} from './types.js'

/** A word that starts sphinx-build in a Makefile recipe, shell line or tox command. */
const INVOKE =
  /(?:^|[\s;&|()@"'])(?:sphinx-build(?:-3)?|\$[({](?:SPHINXBUILD|SPHINX_BUILD|SPHINX|PYSPHINX)[)}]|-m\s+sphinx(?:\.cmd\.build)?)(?=[\s"')]|$)/

/** Most words one expanded command may hold, and variable nesting followed. */
const MAX_WORDS = 4096
const MAX_DEPTH = 10

/** Files at the tree root that may run the documentation build. */
const ROOT_FILES = ['tox.ini', 'noxfile.py', '.gitlab-ci.yml', '.travis.yml']
const READTHEDOCS = ['.readthedocs.yaml', '.readthedocs.yml', 'readthedocs.yml', 'readthedocs.yaml']
const MAKEFILES = ['Makefile', 'GNUmakefile', 'makefile', 'Makefile.am']

interface Source {
  file: string
  text: string
}

async function readText(tree: FileTree, file: string): Promise<string | undefined> {
  const bytes = await tree.read(file)
  return bytes === undefined ? undefined : decodeText(bytes)
}

/** `srcdir` and the folders above it, up to `root` (inclusive). */
function ancestors(srcdir: string, root: string): string[] {
  const folders: string[] = []
  for (let folder = srcdir; ; folder = dirname(folder)) {
    folders.push(folder)
    if (folder === root || folder === '') break
  }
  return folders
}

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** Join backslash-continued lines; each logical line keeps its first line number. */
function logicalLines(text: string): {text: string; line: number}[] {
  const out: {text: string; line: number}[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1
    let joined = (lines[i] ?? '').replace(/\r$/, '')
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      joined = `${joined.slice(0, -1)} ${(lines[++i] ?? '').replace(/\r$/, '')}`
    }
    out.push({text: joined, line: first})
  }
  return out
}

type Variables = Map<string, {words: Word[]; conditional: boolean}>

/** The variables of Makefile-like files (read in order, later assignments win, `+=` appends). */
function makeVariables(sources: Source[]): Variables {
  const variables: Variables = new Map()
  for (const {file, text} of sources) {
    for (const statement of parseAutomake(text, file).statements) {
      if (statement.type !== 'assign') continue
      const words = shellWords(statement.value).map((word): Word => ({
        text: word.text,
        file,
        line: statement.line
      }))
      const known = variables.get(statement.variable)
      const conditional = statement.conditions.length > 0
      if (statement.operator === '?=' && known) continue
      if (statement.operator === '+=' && known) {
        known.words.push(...words)
        known.conditional ||= conditional
      } else variables.set(statement.variable, {words, conditional})
    }
  }
  return variables
}

/** Expand `$(VAR)` words (whole words by their words, embedded ones by their text). */
function expandWords(
  words: Word[],
  variables: Variables,
  state: {count: number; conditional: boolean},
  depth = 0
): Word[] {
  const out: Word[] = []
  for (const word of words) {
    if (state.count > MAX_WORDS) break
    const whole = /^\$[({]([A-Za-z0-9_.-]+)[)}]$/.exec(word.text)
    if (whole && depth < MAX_DEPTH) {
      const variable = variables.get(whole[1] ?? '')
      if (variable) {
        state.conditional ||= variable.conditional
        out.push(...expandWords(variable.words, variables, state, depth + 1))
        continue
      }
      // Set by configure or make itself (`$(builddir)`): kept, as something not known here.
    }
    let text = word.text
    if (depth < MAX_DEPTH && text.includes('$')) {
      text = text.replace(/\$[({]([A-Za-z0-9_.-]+)[)}]/g, (match, name: string) => {
        const variable = variables.get(name)
        return variable ? variable.words.map((w) => w.text).join(' ') : match
      })
    }
    state.count++
    out.push({...word, text})
  }
  return out
}

/** The invocations in Makefile-like sources, expanded with their variables. */
function makeBuilds(sources: Source[], variables: Variables): SphinxBuild[] {
  const builds: SphinxBuild[] = []
  for (const {file, text} of sources) {
    if (!text.includes('sphinx') && !text.includes('SPHINX')) continue
    for (const logical of logicalLines(text)) {
      const match = INVOKE.exec(logical.text)
      if (!match || /^\s*#/.test(logical.text)) continue
      // A variable holding the command (`SPHINXBUILD = sphinx-build -W`) is not a run of it
      // (a recipe line, tab first, may start with `NAME=value` for the environment).
      if (!logical.text.startsWith('\t') && /^[A-Za-z0-9_.-]+\s*[:+?!]?=/.test(logical.text.trim()))
        continue
      const rest = logical.text.slice(match.index + match[0].length)
      const words = shellWords(rest)
        .map((word): Word => ({text: word.text, file, line: logical.line}))
        .filter((word) => !/^[;&|()]$/.test(word.text))
      const state = {count: 0, conditional: false}
      // `$(SPHINXBUILD)` may carry flags of its own (`SPHINXBUILD = $(SPHINX) -W -q -N`).
      const program = /\$[({]([A-Za-z_]+)[)}]/.exec(match[0])?.[1]
      const own = program === undefined ? [] : (variables.get(program)?.words.slice(1) ?? [])
      const expanded = expandWords([...own, ...words], variables, state)
      const build = parseSphinxArgs(expanded, {file, line: logical.line})
      if (state.conditional) build.conditional = true
      builds.push(build)
    }
  }
  return builds
}

/** Command lines (tox.ini, CI workflows): each line running sphinx-build, and SPHINXOPTS set. */
function lineBuilds(source: Source): SphinxBuild[] {
  const builds: SphinxBuild[] = []
  for (const logical of logicalLines(source.text)) {
    const match = INVOKE.exec(logical.text)
    let rest: string | undefined
    if (match && !/^\s*#/.test(logical.text)) {
      rest = logical.text.slice(match.index + match[0].length)
    } else {
      // `make html SPHINXOPTS="-W --keep-going"`, `SPHINXOPTS: -W` (a workflow's env).
      const options = /\bSPHINXOPTS\s*[:=]\s*(.*)$/.exec(logical.text)
      if (!options || /^\s*#/.test(logical.text)) continue
      rest = options[1] ?? ''
    }
    const words = shellWords(rest)
      .map((word): Word => ({text: word.text, file: source.file, line: logical.line}))
      .filter((word) => !/^[;&|()]$/.test(word.text))
    builds.push(parseSphinxArgs(words, {file: source.file, line: logical.line}))
  }
  return builds
}

/** noxfile.py: `session.run("sphinx-build", "-W", …)`: the string literals of the call. */
function noxBuilds(source: Source): SphinxBuild[] {
  const builds: SphinxBuild[] = []
  const text = source.text
  for (const match of text.matchAll(/run\(\s*["']sphinx-build["']/g)) {
    const start = match.index
    let level = 0
    let end = start
    for (let i = text.indexOf('(', start); i < text.length; i++) {
      if (text[i] === '(') level++
      else if (text[i] === ')' && --level === 0) {
        end = i
        break
      }
    }
    const words: Word[] = []
    const body = text.slice(start, end)
    for (const literal of body.matchAll(/(["'])((?:(?!\1)[^\\\n])*)\1/g)) {
      if (literal[2] === 'sphinx-build') continue
      words.push({
        text: literal[2] ?? '',
        file: source.file,
        line: lineOf(text, start + literal.index)
      })
    }
    builds.push(parseSphinxArgs(words, {file: source.file, line: lineOf(text, start)}))
  }
  return builds
}

/**
 * meson: a `custom_target` whose command runs sphinx; its string arguments, and those of the
 * list variables it names (`extra_sphinx_args += '-W'` under `if get_option('werror')`).
 */
function mesonBuilds(source: Source): SphinxBuild[] {
  const builds: SphinxBuild[] = []
  const text = source.text
  for (const match of text.matchAll(/\bcommand\s*:\s*\[/g)) {
    const open = match.index + match[0].length - 1
    let level = 0
    let close = text.length
    for (let i = open; i < text.length; i++) {
      if (text[i] === '[') level++
      else if (text[i] === ']' && --level === 0) {
        close = i
        break
      }
    }
    const body = text.slice(open + 1, close)
    if (!/sphinx/i.test(body)) continue
    const words: Word[] = []
    let conditional = false
    const literals = (from: number, part: string): void => {
      for (const literal of part.matchAll(/'((?:[^'\\\n]|\\.)*)'/g)) {
        words.push({
          text: literal[1] ?? '',
          file: source.file,
          line: lineOf(text, from + literal.index)
        })
      }
    }
    literals(open + 1, body)
    for (const name of body.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*[(.])/g)) {
      const assigned = new RegExp(`^([ \\t]*)${name[1] ?? ''}\\s*\\+?=\\s*(.*)$`, 'gm')
      for (const assignment of text.matchAll(assigned)) {
        if (assignment.index > open || /find_program\s*\(/.test(assignment[0])) continue
        if ((assignment[1] ?? '') !== '') conditional = true
        literals(assignment.index, assignment[0])
      }
    }
    const build = parseSphinxArgs(words, {file: source.file, line: lineOf(text, match.index)})
    // Its source folder is computed (`meson.current_source_dir()`): the meson.build's own.
    delete build.sourcedir
    if (conditional) build.conditional = true
    builds.push(build)
  }
  return builds
}

/** `.readthedocs.yaml`: `sphinx: {configuration: docs/conf.py, fail_on_warning: true}`. */
function readTheDocsBuild(source: Source): SphinxBuild | undefined {
  let data: unknown
  try {
    data = parseYaml(source.text, {maxAliasCount: 100})
  } catch {
    return undefined
  }
  if (typeof data !== 'object' || data === null) return undefined
  const sphinx = (data as {sphinx?: unknown}).sphinx
  if (typeof sphinx !== 'object' || sphinx === null) return undefined
  const {configuration, fail_on_warning: fail} = sphinx as Record<string, unknown>
  const lines = source.text.split('\n')
  const line = Math.max(1, lines.findIndex((text) => /^\s*fail_on_warning\s*:/.test(text)) + 1)
  const build: SphinxBuild = {file: source.file, line, tags: [], overrides: {}}
  if (fail === true)
    build.warningsAreErrors = {text: 'fail_on_warning: true', file: source.file, line}
  // Written relative to the folder of the file (the build's top folder).
  if (typeof configuration === 'string')
    build.confdir = joinPath(dirname(source.file), dirname(configuration))
  return build
}

/** Whether a build's source folder (as written) may be `srcdir`. */
function buildsProject(
  build: SphinxBuild,
  srcdir: string,
  root: string,
  readTheDocs: boolean
): boolean {
  const folder = readTheDocs ? build.confdir : build.sourcedir
  if (folder === undefined) return true
  const written = folder
    .replace(
      /^(?:\$[({](?:abs_)?(?:top_)?srcdir[)}]|\{toxinidir\}|\$\{\{\s*github\.workspace\s*\}\})\/?/,
      ''
    )
    .replace(/\/+$/, '')
  // Computed (`$${subdoc}`, `{posargs}`): it may be any project.
  if (/[$@{}`]/.test(written)) return true
  const base = dirname(build.file)
  // Relative to the build's top folder (`$(top_srcdir)`, tox.ini's) or to the file's own.
  const candidates = [
    normalizePath(joinPath(root, written)),
    normalizePath(joinPath(base, written)),
    normalizePath(written)
  ]
  return candidates.some(
    (candidate) =>
      candidate !== undefined && (candidate === srcdir || (candidate === '' && srcdir === ''))
  )
}

/** The strictest of several builds: -W first, then -n, then the first found. */
function strictest(builds: SphinxBuild[]): SphinxBuild | undefined {
  const score = (build: SphinxBuild): number =>
    (build.warningsAreErrors ? 2 : 0) + (build.nitpicky ? 1 : 0)
  let best: SphinxBuild | undefined
  for (const build of builds) if (!best || score(build) > score(best)) best = build
  return best
}

/**
 * Find the sphinx-build invocations that build the project in `srcdir`, reading build files from
 * `srcdir` up to `root`, the project's build folder (project/root.ts; '' for the tree root), where
 * tox.ini, Read the Docs and CI workflow files are too.
 */
export async function findBuilds(tree: FileTree, srcdir: string, root = ''): Promise<BuildInfo> {
  const folders = ancestors(srcdir, root).reverse()
  const makeSources: Source[] = []
  const seen = new Set<string>()
  const add = async (file: string, into: Source[]): Promise<void> => {
    if (seen.has(file)) return
    seen.add(file)
    const text = await readText(tree, file)
    if (text !== undefined) into.push({file, text})
  }
  const near = new Set([srcdir, dirname(srcdir)])
  for (const folder of folders) {
    for (const name of MAKEFILES) await add(joinPath(folder, name), makeSources)
    if (!near.has(folder) || folder === root) continue
    // Fragments beside the documentation (automake.mk, subdir.am, docs.mk).
    const listed = await tree.list(folder)
    for (const file of listed) {
      if (dirname(file) !== folder) continue
      if (/\.(?:am|mk)$/.test(file)) await add(file, makeSources)
    }
  }
  if (srcdir !== root) {
    // The top-level Makefile.am's fragments that mention sphinx (`include doc/doc.mk`).
    for (const file of await tree.list(srcdir)) {
      if (dirname(file) === srcdir && /(?:^|\/)Makefile$/.test(file)) await add(file, makeSources)
    }
  }
  const variables = makeVariables(makeSources)
  const found: {build: SphinxBuild; readTheDocs: boolean}[] = []
  for (const build of makeBuilds(makeSources, variables)) found.push({build, readTheDocs: false})
  for (const folder of folders) {
    const file = joinPath(folder, 'meson.build')
    const text = await readText(tree, file)
    if (text === undefined) continue
    for (const build of mesonBuilds({file, text})) found.push({build, readTheDocs: false})
  }
  for (const name of ROOT_FILES) {
    const file = joinPath(root, name)
    const text = await readText(tree, file)
    if (text === undefined) continue
    const builds = name === 'noxfile.py' ? noxBuilds({file, text}) : lineBuilds({file, text})
    for (const build of builds) found.push({build, readTheDocs: false})
  }
  for (const name of READTHEDOCS) {
    const file = joinPath(root, name)
    const text = await readText(tree, file)
    const build = text === undefined ? undefined : readTheDocsBuild({file, text})
    if (build) found.push({build, readTheDocs: true})
  }
  const workflows = (await tree.list(joinPath(root, '.github/workflows'))).filter((file) =>
    /\.ya?ml$/.test(file)
  )
  for (const file of workflows.slice(0, 200)) {
    const text = await readText(tree, file)
    if (text === undefined || !/sphinx|SPHINXOPTS/.test(text)) continue
    for (const build of lineBuilds({file, text})) found.push({build, readTheDocs: false})
  }
  const builds = found
    .filter(({build, readTheDocs}) => buildsProject(build, srcdir, root, readTheDocs))
    .map(({build}) => build)
  const best = strictest(builds)
  return best ? {builds, strictest: best} : {builds}
}
