/** Read and validate doclint.config.json(c); every error names the file, line, column and key. */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {isInside} from '../paths.js'
import {ConfigError} from './error.js'
import {findConfig} from './find.js'
import {defaultConfig, type DoclintConfig} from './types.js'

export {ConfigError} from './error.js'
export {findConfig} from './find.js'
export {configSchema} from './schema.js'
export {defaultConfig} from './types.js'

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
  let text: string
  try {
    text = readFileSync(file, 'utf8')
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

function displayName(cwd: string, file: string): string {
  const relative = path.relative(cwd, file)
  return relative === '' || !isInside(cwd, file) ? file : relative.split(path.sep).join('/')
}
