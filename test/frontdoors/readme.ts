/**
 * The snippets of README.md's "Use it in your project" section, so the front-door tests run what
 * the README says, word for word (only where the repository is changes: this checkout instead of
 * GitHub).
 */
import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8')

/** The text of the README's `### <title>` section (up to the next heading of level 2 or 3). */
export function readmeSection(title: string): string {
  const start = README.indexOf(`\n### ${title}\n`)
  if (start < 0) throw new Error(`README.md has no section "### ${title}"`)
  const body = README.slice(start + title.length + 6)
  const end = body.search(/^##{1,2} /m)
  return end < 0 ? body : body.slice(0, end)
}

/** The fenced code blocks of one language in a README section, in order. */
export function readmeBlocks(title: string, language: string): string[] {
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm')
  return [...readmeSection(title).matchAll(fence)].map((match) => match[1] ?? '')
}

/** The one code block of a language in a README section. */
export function readmeBlock(title: string, language: string): string {
  const blocks = readmeBlocks(title, language)
  if (blocks.length !== 1) {
    throw new Error(`README.md "### ${title}" has ${blocks.length} \`${language}\` blocks, not 1`)
  }
  return blocks[0] as string
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {cwd, encoding: 'utf8'})
}

/**
 * This checkout as installers see it: they clone it at HEAD. When it has uncommitted changes to
 * tracked files, a one-commit snapshot of those files as they are (in a folder under `work`).
 */
export function checkoutAtHead(work: string): string {
  if (git(ROOT, 'status', '--porcelain', '--untracked-files=no') === '') return ROOT
  const snapshot = path.join(work, 'doclint-snapshot')
  if (existsSync(snapshot)) return snapshot
  mkdirSync(snapshot)
  for (const file of git(ROOT, 'ls-files', '-z').split('\0')) {
    if (file === '' || !existsSync(path.join(ROOT, file))) continue
    cpSync(path.join(ROOT, file), path.join(snapshot, file), {recursive: true})
  }
  git(snapshot, 'init', '-q')
  git(snapshot, 'add', '-A')
  git(snapshot, 'commit', '-q', '-m', 'doclint snapshot')
  return snapshot
}
