// npm run release: tag HEAD as the version package.json names. Makes `vX.Y.Z` (never moved) and
// moves `vX` to it (the tag `uses: doclint/doclint@vX` and most users follow); then prints the
// commands that publish them. Refuses unless the work tree is clean, every generated file and
// the committed bundle are what the sources make (npm run check:generated, which builds), the
// README pins this version, and vX.Y.Z does not exist yet.
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'

const repo = path.resolve(import.meta.dirname, '..')
const git = (...args) => execFileSync('git', args, {cwd: repo, encoding: 'utf8'}).trim()

function refuse(message) {
  process.stderr.write(`release: ${message}\n`)
  process.exit(1)
}

const {version} = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'))
if (!/^\d+\.\d+\.\d+$/.test(version)) refuse(`package.json version ${version} is not X.Y.Z`)
const tag = `v${version}`
const major = `v${version.split('.')[0]}`

if (git('status', '--porcelain') !== '') refuse('the work tree has changes; commit them first')
if (git('tag', '--list', tag) !== '') refuse(`${tag} exists already; bump the version`)
const readme = readFileSync(path.join(repo, 'README.md'), 'utf8')
if (!readme.includes(`rev: ${tag}\n`) || !readme.includes(`doclint.git#${tag}\n`)) {
  refuse(`README.md does not pin ${tag} (docs/ci.md, then npm run generate)`)
}
try {
  execFileSync('npm', ['run', '--silent', 'check:generated'], {cwd: repo, stdio: 'inherit'})
} catch {
  refuse('generated files or the committed bundle are stale (see above)')
}
if (git('status', '--porcelain') !== '') refuse('check:generated changed the work tree')

const head = git('rev-parse', 'HEAD')
git('tag', '-a', tag, '-m', `doclint ${version}`, head)
git(
  'tag',
  '-f',
  '-a',
  major,
  '-m',
  `doclint ${version} (${major} follows the newest ${major}.x.y)`,
  head
)
console.log(
  `release: tagged ${head.slice(0, 12)} as ${tag} and moved ${major} to it. Publish with:`
)
console.log(`  git push origin ${tag} && git push --force origin ${major}`)
console.log('  npm pack   # the build check:generated just made; attach the tarball to the release')
