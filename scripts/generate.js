// npm run generate: refreshes generated parts of committed files from the code (docs/style.md
// §3.1.5): the rules table of docs/rules.md, the README demo output and CI section, schema.json
// (the config file's JSON Schema), the rule docs' examples and package.json `files`.
// Run after `npm run build:dist`. `npm run check:generated` fails when the committed files are stale.
import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '..')
const {rules} = await import(path.join(repo, 'dist/rules/index.js'))
const {configSchema} = await import(path.join(repo, 'dist/src/config/schema.js'))

function replaceBetween(text, marker, body) {
  const start = `<!-- ${marker}:start -->`
  const end = `<!-- ${marker}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < 0) throw new Error(`a generated file lacks ${start} … ${end}`)
  return `${text.slice(0, from + start.length)}\n${body}${text.slice(to)}`
}

const table = [
  '| rule | what it checks | default | fixable |',
  '| --- | --- | --- | --- |',
  ...rules.map(
    (rule) =>
      `| [\`${rule.meta.id}\`](../rules/${rule.meta.id}.md) | ${rule.meta.description} | ${rule.meta.defaultSeverity} | ${rule.meta.fixable ? 'yes' : ''} |`
  )
].join('\n')

let demo
try {
  demo = execFileSync(
    process.execPath,
    ['bin/doclint.cjs', 'fixtures/demo/Documentation', '--no-color'],
    {
      cwd: repo,
      encoding: 'utf8'
    }
  )
} catch (error) {
  demo = String(error.stdout ?? '')
}
// Timing varies run to run; keep the committed sample stable.
demo = demo.replace(/, \d+ ms$/m, ', 9 ms')

/** A docs/ page without its first heading level raised: README embeds it as a section. */
function embed(file) {
  const full = path.join(repo, 'docs', file)
  if (!existsSync(full)) return ''
  const text = readFileSync(full, 'utf8').trimEnd() + '\n'
  // README's sections are level 2: a page that starts at level 1 moves down one level.
  return /^# /.test(text) ? text.replace(/^(#+) /gm, '#$1 ') : text
}

const readmePath = path.join(repo, 'README.md')
let readme = readFileSync(readmePath, 'utf8')
readme = replaceBetween(readme, 'ci', embed('ci.md'))
readme = replaceBetween(
  readme,
  'demo',
  '```\n$ npx doclint fixtures/demo/Documentation\n' + demo + '```\n'
)
writeFileSync(readmePath, readme)
const rulesPath = path.join(repo, 'docs', 'rules.md')
writeFileSync(rulesPath, replaceBetween(readFileSync(rulesPath, 'utf8'), 'rules', `${table}\n`))
writeFileSync(path.join(repo, 'schema.json'), `${JSON.stringify(configSchema(rules), null, 2)}\n`)
// Rule docs: inline the first failing fixture case of each rule (its files and expected output)
// between example markers, so docs and tests cannot drift (docs/style.md §3.7).
const fence = (file) =>
  /\.rst$/.test(file)
    ? 'rst'
    : /\.md$/.test(file)
      ? 'md'
      : /\.py$/.test(file)
        ? 'python'
        : /(\.mk|\.am|Makefile)$/.test(file)
          ? 'make'
          : ''
function caseFiles(dir, prefix = '') {
  const out = []
  for (const entry of readdirSync(path.join(dir, prefix), {withFileTypes: true}).sort((a, b) =>
    a.name < b.name ? -1 : 1
  )) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      if (entry.name !== 'expected-fixed') out.push(...caseFiles(dir, rel))
    } else if (entry.name !== 'expected.txt' && fence(entry.name) !== '') {
      out.push(rel)
    }
  }
  return out
}
for (const rule of rules) {
  const docPath = path.join(repo, 'rules', `${rule.meta.id}.md`)
  let doc = readFileSync(docPath, 'utf8').replace(
    /\n<!-- example:start -->[\s\S]*?<!-- example:end -->\n/,
    '\n'
  )
  const cases = [...doc.matchAll(/See `fixtures\/([^`/]+)\/([^`]+)`/g)].map((m) => m[2])
  const failing = cases.find((name) => !name.startsWith('valid-'))
  const caseDir = failing && path.join(repo, 'fixtures', rule.meta.id, failing)
  if (caseDir && existsSync(caseDir)) {
    const parts = ['<!-- example:start -->', `Case \`${failing}\`:`, '']
    for (const file of caseFiles(caseDir)) {
      parts.push(
        `\`${file}\`:`,
        '',
        '```' + fence(file),
        readFileSync(path.join(caseDir, file), 'utf8').trimEnd(),
        '```',
        ''
      )
    }
    parts.push(
      'doclint reports:',
      '',
      '```',
      readFileSync(path.join(caseDir, 'expected.txt'), 'utf8').trimEnd(),
      '```',
      '<!-- example:end -->'
    )
    // After the paragraph that holds the last `See fixtures/…` reference: the reference may be
    // wrapped over several lines, and a sentence must never be cut in two.
    const lastSee = [...doc.matchAll(/^See `fixtures\/.*$/gm)].at(-1)
    if (lastSee?.index !== undefined) {
      const blank = doc.slice(lastSee.index).search(/\n[ \t]*(\n|$)/)
      const at = blank < 0 ? doc.length : lastSee.index + blank
      doc = `${doc.slice(0, at)}\n\n${parts.join('\n')}\n${doc.slice(at).replace(/^\n+/, '\n')}`
    }
  }
  writeFileSync(docPath, doc)
}
// package.json `files`: the package ships every fixture case a rule doc names (`doclint explain`
// prints those names, so they must exist in an installed package) and the demo tree.
const packagePath = path.join(repo, 'package.json')
const pkg = JSON.parse(readFileSync(packagePath, 'utf8'))
const named = new Set(['fixtures/demo'])
for (const rule of rules) {
  const doc = readFileSync(path.join(repo, 'rules', `${rule.meta.id}.md`), 'utf8')
  for (const [, name] of doc.matchAll(/`(fixtures\/[^`\s]+?)\/?`/g)) {
    if (!existsSync(path.join(repo, name))) {
      throw new Error(`rules/${rule.meta.id}.md names ${name}, which does not exist`)
    }
    named.add(name)
  }
}
const shipped = pkg.files.filter((entry) => !entry.startsWith('fixtures/'))
pkg.files = [...shipped, ...[...named].sort()].sort()
writeFileSync(packagePath, `${JSON.stringify(pkg, null, 2)}\n`)
console.log(
  'generated: README.md (demo, CI), docs/rules.md (rules), schema.json, rule doc examples, package.json files'
)
