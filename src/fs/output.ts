/** `--output FILE`: where reports and graphs are written. */
import {lstatSync} from 'node:fs'
import path from 'node:path'
import {DoclintError} from '../errors.js'

/** Write `--output FILE` atomically; a symlink is followed only when it stays inside the tree. */
export async function writeOutput(
  cwd: string,
  root: string,
  output: string,
  text: string
): Promise<void> {
  const {writeFileAtomic} = await import('./atomic.js')
  const target = path.resolve(cwd, output)
  // A plain path anywhere is the user's choice; a symlink (planted in a hostile tree) is
  // followed only when it stays inside the tree.
  try {
    // (a file where a folder should be makes lstat throw ENOTDIR: said below like any other)
    const link = lstatSync(target, {throwIfNoEntry: false})?.isSymbolicLink() === true
    // a missing folder is made, as ESLint does (a file where a folder should be: it says so)
    await writeFileAtomic(target, text, {makeDir: true, ...(link ? {within: root} : {})})
  } catch (error) {
    if (
      (error as Error).name === 'UnsafeWriteError' &&
      !/^cannot write /.test((error as Error).message)
    )
      throw error
    // named as typed; exit status 2, no stack trace
    const {describeFsError} = await import('./read.js')
    throw new OutputError(
      `cannot write ${output} (--output): ${describeFsError(error, 'no such folder')}`
    )
  }
}

/** `--output` could not be written: exit status 2. */
export class OutputError extends DoclintError {
  override name = 'OutputError'
}
