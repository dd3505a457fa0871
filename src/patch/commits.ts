/** Commits as patches: a commit's diff against its parent, as git would mail it. */
import {PATCH_DIFF_OPTIONS, runGit} from '../tree/git.js'
import type {PatchInput} from './types.js'

/**
 * A commit as a PatchInput: its diff against its parent (renames detected, binary data); a merge's
 * combined diff.
 */
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
  const parentList = parents.split(' ').filter(Boolean)
  const firstParent = parentList[0]
  const diffArgs = ['diff-tree', '-p', ...PATCH_DIFF_OPTIONS]
  // a merge: its combined diff, as `git show --cc` shows it (what it changes beyond its parents)
  const args =
    parentList.length > 1
      ? ['diff-tree', '--cc', '-p', '--no-color', full, '--']
      : firstParent === undefined
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
    id: full,
    commit: {sha: full, parents: parentList}
  }
}
