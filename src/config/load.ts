/** Read and validate doclint.config.json(c); every error names the file, line, column and key. */
import {closeSync, constants, fstatSync, openSync} from 'node:fs'
import {readOpenFile} from '../fs/read.js'
import path from 'node:path'
import {isInside} from '../paths.js'
import {ConfigError} from './error.js'
import {findConfig} from './find.js'
import {defaultConfig, type DoclintConfig} from './types.js'

export {ConfigError} from './error.js'
export {findConfig} from './find.js'
export {configSchema} from './schema.js'
export {defaultConfig} from './types.js'

/**
 * The largest config file read: 1 MiB (a config lists rules, globs and limits; real ones are
 * under 2 KB). A config file in a hostile tree cannot make doclint read gigabytes.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024

/** What loadConfig needs besides the file. */
export interface LoadConfigOptions {
  /** Where the upward search starts and what messages are relative to. */
  cwd: string
  /** An explicit config file (skips the search). */
  path?: string
  /** Every rule id that exists; others are errors. */
  ruleIds: readonly string[]
  /** Per rule: option name → JSON Schema fragment. */
  ruleOptionSchemas?: Record<string, Record<string, unknown>>
}

/** Find (or take) the config file, validate it and apply defaults. Throws ConfigError. */
export async function loadConfig(options: LoadConfigOptions): Promise<DoclintConfig> {
  const cwd = path.resolve(options.cwd)
  const file = options.path === undefined ? await findConfig(cwd) : path.resolve(cwd, options.path)
  if (file === undefined) return defaultConfig()
  const display = displayName(cwd, file)
  let text: string | {refused: string}
  try {
    text = readConfigFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ConfigError(
      file,
      0,
      0,
      '',
      code === 'ENOENT' ? 'no such config file' : `cannot read config file (${code ?? 'error'})`,
      display
    )
  }
  if (typeof text !== 'string') throw new ConfigError(file, 0, 0, '', text.refused, display)
  const {parseConfig} = await import('./parse.js')
  const config = parseConfig(text, {
    file,
    display,
    ruleIds: options.ruleIds,
    ruleOptionSchemas: options.ruleOptionSchemas ?? {}
  })
  config.path = file
  return config
}

/** The config file's text: a regular file of at most MAX_CONFIG_BYTES, opened without blocking. */
function readConfigFile(file: string): string | {refused: string} {
  // a FIFO would block a plain open for ever
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) return {refused: 'not a regular file; not read'}
    if (stats.size > MAX_CONFIG_BYTES)
      return {
        refused: `config file is ${stats.size} bytes, more than ${MAX_CONFIG_BYTES}; not read`
      }
    return readOpenFile(fd, stats.size).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function displayName(cwd: string, file: string): string {
  const relative = path.relative(cwd, file)
  return relative === '' || !isInside(cwd, file) ? file : relative.split(path.sep).join('/')
}
