/**
 * SHA-256 for cache keys and answers, with node:crypto loaded on first use: loading it takes
 * about 6 ms, more than a run answered from the `--cache` file spends on everything else.
 */
import {createRequire} from 'node:module'

type Crypto = typeof import('node:crypto')

let crypto: Crypto | undefined

/** node:crypto, loaded when first asked for. */
export function cryptoModule(): Crypto {
  crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto
  return crypto
}

/** The SHA-256 of the parts in order (base64url); callers separate parts that could run together. */
export function sha256(...parts: (string | Uint8Array)[]): string {
  const hash = cryptoModule().createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('base64url')
}

/** A git object id: 40 hexadecimal digits (SHA-1) or 64 (SHA-256). */
export const GIT_OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/** git's object id of a blob, in the format of `like` (another id of the same repository). */
export function gitBlobId(bytes: Uint8Array, like: string): string {
  return cryptoModule()
    .createHash(like.length === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex')
}
