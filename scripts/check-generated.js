// npm run check:generated: after `npm run generate` (which builds first), fails when a committed
// generated file differs from what the sources make: the README's generated sections,
// schema.json, the rule docs' examples, package.json's `files` and the committed CLI bundle
// (dist/bundle/*.cjs, which installs from git run without building).
import {execFileSync} from 'node:child_process'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '..')
const GENERATED = [
  'README.md',
  'docs/rules.md',
  'schema.json',
  'rules',
  'package.json',
  'dist/bundle'
]
const status = execFileSync('git', ['status', '--porcelain', '--', ...GENERATED], {
  cwd: repo,
  encoding: 'utf8'
})
if (status !== '') {
  process.stderr.write(
    `check:generated: these files differ from what the sources generate:\n${status}` +
      'Run `npm run generate` and commit the result.\n'
  )
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', ...GENERATED], {
    cwd: repo,
    stdio: 'inherit'
  })
  process.exit(1)
}
console.log('check:generated: every generated file is up to date')
