/** Atomic, symlink-safe writes for `--fix` and `--output`. */
import {promises as fs, renameSync, rmSync, writeFileSync} from 'node:fs'
import {cryptoModule} from '../hash.js'
import path from 'node:path'
import {DoclintError} from '../errors.js'
import {isInside} from '../paths.js'
import {describeFsError} from './read.js'

/** Thrown when a write is refused (a symlink pointing out of the allowed folder, …). */
export class UnsafeWriteError extends DoclintError {
  override name = 'UnsafeWriteError'
}

/**
 * Write `data` to `file` atomically: a temp file in the same folder, fsync, rename over the
 * target, fsync the folder. An interrupted run leaves the original intact (at worst a stray
 * `.doclint-tmp-*` file). When `within` is given, the real path of the target (following
 * symlinks) must stay inside it.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: {within?: string; mode?: number; makeDir?: boolean} = {}
): Promise<void> {
  let target = path.resolve(file)
  if (options.makeDir === true) {
    // as ESLint's --output-file does: a missing folder is created (a file in the way is an error)
    await fs.mkdir(path.dirname(target), {recursive: true}).catch((error: unknown) => {
      throw new UnsafeWriteError(`cannot write ${file}: ${describeFsError(error)}`)
    })
  }
  const stat = await fs.lstat(target).catch(() => undefined)
  if (stat?.isSymbolicLink()) {
    target = await fs.realpath(target)
  }
  if (options.within !== undefined) {
    const root = await fs.realpath(options.within)
    const dir = await fs.realpath(path.dirname(target))
    if (!isInside(root, path.join(dir, path.basename(target)))) {
      throw new UnsafeWriteError(`refusing to write ${file}: it resolves outside ${options.within}`)
    }
  }
  const dir = path.dirname(target)
  const temp = path.join(
    dir,
    `.doclint-tmp-${process.pid}-${cryptoModule().randomBytes(6).toString('hex')}`
  )
  const mode = options.mode ?? (stat?.isFile() ? stat.mode & 0o7777 : 0o644)
  const handle = await fs.open(temp, 'wx', mode).catch((error: unknown) => {
    throw new UnsafeWriteError(`cannot write ${file}: ${describeFsError(error, 'no such folder')}`)
  })
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await fs.rm(temp, {force: true})
    throw error
  }
  await handle.close()
  try {
    await fs.rename(temp, target)
  } catch (error) {
    await fs.rm(temp, {force: true})
    throw error
  }
  const dirHandle = await fs.open(dir, 'r').catch(() => undefined)
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined)
    await dirHandle.close()
  }
}

/**
 * Replace `file` with `data` at once (a temp file beside it, then a rename), synchronously and
 * without fsync: for a cache, which after a crash is at worst damaged (and then discarded), in a
 * run that has nothing else to do meanwhile. The caller has checked that `file` is not a link.
 */
export function replaceFileSync(file: string, data: string): void {
  const temp = path.join(
    path.dirname(file),
    `.doclint-tmp-${process.pid}-${cryptoModule().randomBytes(6).toString('hex')}`
  )
  try {
    writeFileSync(temp, data, {flag: 'wx', mode: 0o644})
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, {force: true})
    throw error
  }
}
