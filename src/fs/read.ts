/**
 * Reads shared by the disk tree, the `--cache` file, patch input and the patchwork client, and how
 * their errors read.
 */
import {readSync} from 'node:fs'

/**
 * The content of an open regular file of `size` bytes (as `fs.readFile`: size from fstat), or the
 * `size` bytes from byte `from` on.
 */
export function readOpenFile(fd: number, size: number, from?: number): Buffer {
  const buffer = Buffer.allocUnsafeSlow(size)
  let length = 0
  while (length < size) {
    const position = from === undefined ? null : from + length
    const bytesRead = readSync(fd, buffer, length, size - length, position)
    if (bytesRead === 0) break
    length += bytesRead
  }
  return length === size ? buffer : buffer.subarray(0, length)
}

/** Whether a file system error says the path is not there. */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/** A file system error in words (`missing`: what ENOENT means where it happened). */
export function describeFsError(error: unknown, missing = 'no such file'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ELOOP') return 'too many levels of symbolic links'
  if (code === 'ENOENT') return missing
  if (code === 'ENOTDIR') return 'a file is in the way of its folder'
  return error instanceof Error ? error.message : String(error)
}

/**
 * The chunks of `source` joined, read until it ends or until more than `limit` bytes have come
 * (then reading stops one chunk past the limit and `over` is true): input never held whole.
 */
export async function readUpTo(
  source: AsyncIterable<Uint8Array>,
  limit: number
): Promise<{bytes: Buffer; over: boolean}> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of source) {
    chunks.push(chunk)
    size += chunk.byteLength
    if (size > limit) return {bytes: Buffer.concat(chunks), over: true}
  }
  return {bytes: Buffer.concat(chunks), over: false}
}
