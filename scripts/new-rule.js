// npm run new-rule -- <id>: the files a new rule is made of, ready to fill in (docs/contributing.md):
// rules/<id>.ts, rules/<id>.md, a failing and a valid fixture case with a hand-written marker;
// then rules/index.ts is regenerated. Nothing else needs an edit: the README table and the rule
// doc's example come from `npm run generate`, the Sphinx parity tables from meta.sphinxMatch.
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {writeRulesIndex} from './rules-index.js'

const repo = path.resolve(import.meta.dirname, '..')
const id = process.argv[2] ?? ''
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
  process.stderr.write('usage: npm run new-rule -- <kebab-case-id>\n')
  process.exit(2)
}
const ruleFile = path.join(repo, 'rules', `${id}.ts`)
if (existsSync(ruleFile)) {
  process.stderr.write(`rules/${id}.ts exists already\n`)
  process.exit(2)
}

const files = {
  [`rules/${id}.ts`]: `/** TODO: one line: what the rule checks. */
import {defineRule} from '../src/rule.js'

export default defineRule({
  meta: {
    id: '${id}',
    description: 'TODO: one line: what the rule checks',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    // For a rule that mirrors a Sphinx warning: its wording, and how the parity tests find it.
    // sphinx: "the warning, 'x' for the target",
    // sphinxMatch: {patterns: [/the warning, '(.+)'$/], compare: 'target'},
    messages: {found: 'TODO: Cannot find \`{target}\`'}
  },
  check({graph, report}) {
    // Read the graph (src/graph/queries.ts has the common walks) and report what is broken.
    void graph
    void report
  }
})
`,
  [`rules/${id}.md`]: `TODO: one line: what the rule checks

## What it checks

TODO.

## Why

TODO.

## Options

None.

## Examples

See \`fixtures/${id}/reports-it\`.
See \`fixtures/${id}/valid-basic\`.
`,
  [`fixtures/${id}/reports-it/conf.py`]: "project = 'fixture'\n",
  [`fixtures/${id}/reports-it/index.rst`]: `Index
=====

.. doclint-expect-next-line ${id}

TODO: the construct the rule reports.
`,
  [`fixtures/${id}/reports-it/expected.txt`]: '',
  [`fixtures/${id}/valid-basic/conf.py`]: "project = 'fixture'\n",
  [`fixtures/${id}/valid-basic/index.rst`]: `Index
=====

TODO: the same construct, written correctly.
`,
  [`fixtures/${id}/valid-basic/expected.txt`]: ''
}
for (const [file, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(repo, file)), {recursive: true})
  writeFileSync(path.join(repo, file), text)
  process.stdout.write(`created ${file}\n`)
}
writeRulesIndex()
process.stdout.write(
  'updated rules/index.ts\nNext: fill in the TODOs, `npx vitest run test/rules.test.ts -u` to write expected.txt, `npm run generate`.\n'
)
