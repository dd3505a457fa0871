/** `--output FILE`: where reports and graphs are written. */
import {lstatSync} from 'node:fs'
import path from 'node:path'

/** Write `--output FILE` atomically; a symlink is followed only when it stays inside the tree. */
export async function writeOutput(
  cwd: string,
  root: string,
  output: string,
  text: string
): Promise<void> {
  const {writeFileAtomic} = await import('../fs/atomic.js')
  const target = path.resolve(cwd, output)
  // A plain path anywhere is the user's choice; a symlink (planted in a hostile tree) is
  // followed only when it stays inside the tree.
  const link = lstatSync(target, {throwIfNoEntry: false})?.isSymbolicLink() === true
  await writeFileAtomic(target, text, link ? {within: root} : {})
}
