/**
 * A one-line progress indicator for long runs (series, patchwork), rewritten in place on a
 * terminal only, and only once a run has taken a while (`delayMs`).
 */

/**
 * Milliseconds from an arbitrary start, for elapsed times: `performance.now()` would load Node's
 * perf_hooks (about 1 ms of a pre-commit run) on first use.
 */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** The part of a writable stream progress needs (process.stderr fits). */
export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(chunk: string): unknown
}

/** What the CLI calls while it works through a series. */
export interface Progress {
  /** False when nothing will ever be written (not a terminal, or disabled). */
  readonly active: boolean
  /** Show `[index/total] subject`, replacing the previous line. */
  update(index: number, total: number, subject: string): void
  /** Show a line of its own (`checking Documentation…`), replacing the previous line. */
  note(text: string): void
  /** Erase the line, so the report starts on a clean line. */
  done(): void
}

/**
 * Remove what could move the cursor or restyle the terminal: mail subjects are untrusted and may
 * carry escape sequences. Tabs and newlines become spaces.
 */
export function sanitizeSubject(text: string): string {
  return text
    .replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001B[\]PX^_][^\u0007\u001B]*(?:\u0007|\u001B\\)?/g, '')
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
    .trim()
}

/**
 * A progress line for `stream`. It only writes when the stream is a TTY (and `enabled` is not
 * false): piped or redirected output stays clean. The line is cleared with `\r` and spaces rather
 * than escape sequences, so it also works on `TERM=dumb`.
 */
export function createProgress(
  stream: ProgressStream,
  options: {enabled?: boolean; delayMs?: number; now?: () => number} = {}
): Progress {
  const active = stream.isTTY === true && options.enabled !== false
  const clock = options.now ?? now
  // Short runs show nothing: the line appears only once the run has taken `delayMs`.
  const from = clock()
  let shown = 0
  return {
    active,
    update(index, total, subject) {
      this.note(`[${index}/${total}] ${subject}`)
    },
    note(text) {
      if (!active) return
      if (options.delayMs !== undefined && clock() - from < options.delayMs) return
      // One column short of the width: writing the last column makes some terminals wrap.
      const width = Math.max(10, (stream.columns ?? 80) - 1)
      const chars = Array.from(sanitizeSubject(text))
      const line = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : chars.join('')
      const length = Array.from(line).length
      stream.write(`\r${line}${' '.repeat(Math.max(0, shown - length))}`)
      shown = length
    },
    done() {
      if (!active || shown === 0) return
      stream.write(`\r${' '.repeat(shown)}\r`)
      shown = 0
    }
  }
}
