/** The error every config problem is reported with. */
import {DoclintError} from '../errors.js'

/** A config problem; exit status 2. The message starts with `file:line:column:`. */
export class ConfigError extends DoclintError {
  override name = 'ConfigError'
  /** Absolute path of the config file ('' for a command-line flag). */
  readonly file: string
  /** 1-based; 0 when the file could not be read at all. */
  readonly line: number
  readonly column: number
  /** Dotted path of the offending key (`rules.orphan`, `manifests[0].file`), '' for the whole file. */
  readonly key: string

  constructor(
    file: string,
    line: number,
    column: number,
    key: string,
    message: string,
    display = file
  ) {
    super(line > 0 ? `${display}:${line}:${column}: ${message}` : `${display}: ${message}`)
    this.file = file
    this.line = line
    this.column = column
    this.key = key
  }
}
