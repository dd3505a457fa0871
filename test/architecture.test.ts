/**
 * The code keeps the shape docs/architecture.md gives it: no import runs up the layers, and no
 * module keeps mutable state at its top level. What still does is listed below, each entry with the
 * change that removes it; an entry that no longer occurs fails too, so the lists only shrink.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..')

/** `src/tree/git.ts` → `tree`; `src/cli.ts` → `cli`; `rules/orphan.ts` → `rules`. */
function groupOf(file: string): string {
  const parts = file.split('/')
  if (parts[0] === 'rules') return 'rules'
  return parts.length === 2 ? (parts[1] ?? '').replace(/\.ts$/, '') : (parts[1] ?? '')
}

/** The layers of docs/architecture.md, lowest first: group → layer number. */
function layers(): Map<string, number> {
  const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8')
  const block = /<!-- layers:start -->([\s\S]*?)<!-- layers:end -->/.exec(doc)?.[1] ?? ''
  const result = new Map<string, number>()
  for (const match of block.matchAll(/^(\d+)\.\s+(.+)$/gm)) {
    for (const name of (match[2] ?? '').split(',')) {
      if (result.has(name.trim())) throw new Error(`${name.trim()} is in two layers`)
      result.set(name.trim(), Number(match[1]))
    }
  }
  return result
}

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(path.join(ROOT, dir)).sort()) {
    const relative = `${dir}/${name}`
    if (statSync(path.join(ROOT, relative)).isDirectory()) out.push(...sources(relative))
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative)
  }
  return out
}

const FILES = [...sources('src'), ...sources('rules')]

/** Relative modules a file imports (static, re-exports and dynamic `import()`), as repo paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)
  ].map((match) => match[1] ?? '')
  return specs.map((spec) =>
    path.posix.join(path.posix.dirname(file), spec).replace(/\.js$/, '.ts')
  )
}

/**
 * Upward imports still in the code, `from -> to`. Each is removed by the change named beside it;
 * remove the entry with it.
 */
const KNOWN_UPWARD = new Set([
  // The MyST role-text helpers name the XRef kinds of facts/types.ts: the kinds move down to
  // markdown/ (or the helper up to facts/).
  'src/markdown/xref-text.ts -> src/facts/types.ts'
])

describe('layers (docs/architecture.md)', () => {
  const order = layers()

  it('names every folder and root file of src/ in exactly one layer', () => {
    expect(order.size).toBeGreaterThan(10)
    const groups = [...new Set(FILES.map(groupOf))].sort()
    expect(groups.filter((group) => !order.has(group))).toEqual([])
  })

  it('has no import that runs up the layers but the known ones, and those still exist', () => {
    const upward: string[] = []
    for (const file of FILES) {
      const from = order.get(groupOf(file)) ?? 0
      for (const target of importsOf(file)) {
        const to = order.get(groupOf(target))
        if (to !== undefined && to > from) upward.push(`${file} -> ${target}`)
      }
    }
    const unique = [...new Set(upward)].sort()
    expect(
      unique.filter((edge) => !KNOWN_UPWARD.has(edge)),
      'new upward imports'
    ).toEqual([])
    expect(
      [...KNOWN_UPWARD].filter((edge) => !unique.includes(edge)),
      'gone: remove from KNOWN_UPWARD'
    ).toEqual([])
  })
})

/**
 * Module-level mutable state still in the code, `file: name`, with why it is there or the change
 * that removes it. Everything else keeps its state in objects the engine or a parse creates.
 */
const KNOWN_STATE = new Map([
  // Parser hot paths: module slots so the inner loops allocate nothing. Reset on every use and
  // never observable between calls (one parse runs at a time in a thread).
  ['src/facts/rst.ts: steps', 'the walk stack, saved and restored around each walk'],
  ['src/rst/source.ts: activeTabWidth', 'the tab width of the parse in progress'],
  ['src/rst/source.ts: strippedColumn', 'a second return value of indentStripEnd'],
  ['src/rst/inline.ts: lastScanner', 'the scanner of the context in progress, checked per call'],
  // Sticky regular expressions: `lastIndex` is set right before each `exec`.
  ['src/project/confpy-lexer.ts: NAME', 'sticky regex of the lexer'],
  ['src/project/confpy-lexer.ts: NUMBER', 'sticky regex of the lexer'],
  // Lookup tables filled once while the module loads, read-only after.
  ['src/rst/chars.ts: table', 'character classes'],
  ['src/rst/inline.ts: asciiClass', 'ASCII character classes'],
  // Memos of pure functions: same input, same answer, whatever ran before.
  ['src/hash.ts: crypto', 'node:crypto, loaded when first needed'],
  ['src/cache/facts-store.ts: fingerprint', "the code's own fingerprint, fixed per process"],
  ['src/paths.ts: shown', 'display paths by (root, cwd, file)'],
  ['src/project/patterns.ts: cache', 'compiled globs by pattern'],
  ['src/manifests/glob.ts: cache', 'compiled glob segments by segment']
])

/** Top-level bindings a module changes: every `let`/`var`, and a `const` it mutates. */
function moduleState(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
  const found: string[] = []
  for (const match of text.matchAll(/^(?:export\s+)?(let|var|const)\s+(\w+)/gm)) {
    const [, kind, name = ''] = match
    if (kind !== 'const') {
      found.push(name)
      continue
    }
    const use = new RegExp(
      String.raw`\b${name}(?:\.(?:set|add|delete|clear|push|pop|shift|unshift|splice|fill|sort|reverse)\(|(?:\.\w+|\[[^\]]*\])\s*(?:[-+*/]?=(?!=)|\+\+|--))`
    )
    if (use.test(text)) found.push(name)
  }
  return found.map((name) => `${file}: ${name}`)
}

describe('no module-level mutable state (docs/architecture.md)', () => {
  it('has none but the known ones, and those still exist', () => {
    const found = FILES.flatMap(moduleState).sort()
    expect(
      found.filter((entry) => !KNOWN_STATE.has(entry)),
      'new module-level state'
    ).toEqual([])
    expect(
      [...KNOWN_STATE.keys()].filter((entry) => !found.includes(entry)),
      'gone: remove from KNOWN_STATE'
    ).toEqual([])
  })
})
