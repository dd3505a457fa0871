// npm run generate: refreshes generated parts of committed files from the code (style.md §3.1.5):
// the README rules table and demo output, and schema.json (the config file's JSON Schema).
// Run after `npm run build`. `npm run check:generated` fails when the committed files are stale.
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '..')
const {rules} = await import(path.join(repo, 'dist/rules/index.js'))
const {configSchema} = await import(path.join(repo, 'dist/src/config/schema.js'))

function replaceBetween(text, marker, body) {
  const start = `<!-- ${marker}:start -->`
  const end = `<!-- ${marker}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < 0) throw new Error(`README.md lacks ${start} … ${end}`)
  return `${text.slice(0, from + start.length)}\n${body}${text.slice(to)}`
}

const table = [
  '| rule | what it checks | default | fixable |',
  '| --- | --- | --- | --- |',
  ...rules.map(
    (rule) =>
      `| [\`${rule.meta.id}\`](rules/${rule.meta.id}.md) | ${rule.meta.description} | ${rule.meta.defaultSeverity} | ${rule.meta.fixable ? 'yes' : ''} |`
  )
].join('\n')

let demo
try {
  demo = execFileSync(process.execPath, ['bin/doclint.js', 'fixtures/demo/Documentation', '--no-color'], {
    cwd: repo,
    encoding: 'utf8'
  })
} catch (error) {
  demo = String(error.stdout ?? '')
}
// Timing varies run to run; keep the committed sample stable.
demo = demo.replace(/, \d+ ms$/m, ', 9 ms')

const readmePath = path.join(repo, 'README.md')
let readme = readFileSync(readmePath, 'utf8')
readme = replaceBetween(readme, 'rules', `${table}\n`)
readme = replaceBetween(readme, 'demo', '```\n$ npx doclint fixtures/demo/Documentation\n' + demo + '```\n')
writeFileSync(readmePath, readme)
writeFileSync(path.join(repo, 'schema.json'), `${JSON.stringify(configSchema(rules), null, 2)}\n`)
console.log('generated: README.md (rules, demo), schema.json')
