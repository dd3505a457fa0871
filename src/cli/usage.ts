/**
 * Command-line checks that come before any work: unknown flags, flags without their value,
 * modes that cannot run together, colour. Every message names the flag as the user typed it.
 */
import {parseArgs, type ParseArgsConfig} from 'node:util'
import {distance} from 'fastest-levenshtein'
import {DoclintError} from '../errors.js'

/** A usage error: exit status 2, one line, no help dump. */
export class CliUsageError extends DoclintError {
  override name = 'CliUsageError'
}

/** The hint under every usage error. */
export const HELP_HINT = 'Run `doclint --help` for the options.'

type Options = NonNullable<ParseArgsConfig['options']>

/** The closest known flag to a mistyped one, when it is close enough to be a likely typo. */
export function closestFlag(raw: string, options: Options): string | undefined {
  const name = raw.replace(/^-+/, '').split('=')[0] ?? ''
  let best: string | undefined
  let bestDistance = Infinity
  for (const known of Object.keys(options)) {
    const d = distance(name, known)
    if (d < bestDistance) {
      best = known
      bestDistance = d
    }
  }
  if (best === undefined) return undefined
  return bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? `--${best}` : undefined
}

/**
 * Why Node's strict parse refused argv, in one line naming the flag as typed (Node's own message
 * quotes it oddly and suggests `--`). Called only after the strict parse threw.
 */
export function describeParseError(argv: string[], options: Options, error: unknown): string {
  const {tokens} = parseArgs({
    args: argv,
    options,
    strict: false,
    tokens: true,
    allowPositionals: true
  })
  for (const token of tokens ?? []) {
    if (token.kind !== 'option') continue
    const known = options[token.name]
    if (known === undefined) {
      const near = closestFlag(token.rawName, options)
      return `unknown option ${token.rawName}${near === undefined ? '' : `; did you mean ${near}?`}`
    }
    if (known.type === 'string' && token.value === undefined) {
      return `option ${token.rawName} needs a value`
    }
    if (known.type === 'boolean' && token.inlineValue === true) {
      return `option ${token.rawName} takes no value (got "${token.value ?? ''}")`
    }
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * The first flag as the user typed it (`-f` or `--format`), for messages; `--name` when absent.
 */
export function typedFlag(argv: string[], name: string, short?: string): string {
  for (const arg of argv) {
    if (arg === '--') break
    if (arg === `--${name}` || arg.startsWith(`--${name}=`)) return `--${name}`
    if (short !== undefined && arg.startsWith(`-${short}`) && !arg.startsWith('--')) {
      return `-${short}`
    }
  }
  return `--${name}`
}

/**
 * Modes that cannot run together (ESLint: "The --fix option and the --fix-dry-run option cannot
 * be used together."). `given` maps a flag name to whether it was given.
 */
export function conflictingModes(given: Record<string, boolean>): [string, string] | undefined {
  const pairs: [string, string][] = [
    ['staged', 'range'],
    ['staged', 'patch'],
    ['staged', 'base'],
    ['range', 'patch'],
    ['range', 'base'],
    ['fix', 'fix-dry-run'],
    ['fix', 'staged'],
    ['fix', 'range'],
    ['fix', 'patch'],
    ['fix-dry-run', 'staged'],
    ['fix-dry-run', 'range'],
    ['fix-dry-run', 'patch']
  ]
  return pairs.find(([a, b]) => given[a] === true && given[b] === true)
}

/**
 * Whether stylish output gets colours: `--color` / `--no-color` first, then FORCE_COLOR (any value
 * but `0` or `false` turns colour on, as in Node and chalk), then NO_COLOR, then whether the
 * stream is a terminal.
 */
export function useColor(
  flags: {color?: boolean | undefined; noColor?: boolean | undefined},
  env: Record<string, string | undefined>,
  isTTY: boolean
): boolean {
  if (flags.noColor === true) return false
  if (flags.color === true) return true
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return isTTY
}
