/** Commits as patches: a commit's diff against its parent, as git would mail it. */
import {PATCH_DIFF_OPTIONS, runGit} from '../tree/git.js'
import type {PatchInput} from './types.js'

/** A commit as a PatchInput: its diff against its first parent (renames detected, binary data). */
export async function commitAsPatch(
  repo: string,
  sha: string,
  position: {index: number; total: number} = {index: 1, total: 1}
): Promise<PatchInput> {
  if (sha.startsWith('-')) throw new Error(`Not a commit: ${sha}`)
  const meta = (
    await runGit(repo, ['show', '-s', '-z', '--format=%H%x01%P%x01%an <%ae>%x01%s', sha, '--'])
  )
    .toString('utf8')
    .replace(/(?<!\0)\0+$/, '')
  const [full = sha, parents = '', author = '', subject = ''] = meta.split('\u0001')
  const firstParent = parents.split(' ').filter(Boolean)[0]
  const diffArgs = ['diff-tree', '-p', ...PATCH_DIFF_OPTIONS]
  const args =
    firstParent === undefined
      ? [...diffArgs, '--root', full, '--']
      : [...diffArgs, firstParent, full, '--']
  const diff = (await runGit(repo, args)).toString('utf8')
  return {
    subject,
    index: position.index,
    total: position.total,
    author,
    diff,
    source: `commit ${full.slice(0, 12)}`,
    id: full
  }
}
