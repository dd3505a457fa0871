import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {createProgress, sanitizeSubject} from '../../src/progress.js'

/** A fake terminal: records writes and renders the one line `\r` keeps rewriting. */
class FakeTerminal {
  readonly chunks: string[] = []
  private screen: string[] = []
  private cursor = 0
  constructor(
    readonly isTTY: boolean,
    readonly columns = 40
  ) {}

  write(chunk: string): boolean {
    this.chunks.push(chunk)
    for (const char of Array.from(chunk)) {
      if (char === '\r') {
        this.cursor = 0
      } else {
        this.screen[this.cursor] = char
        this.cursor++
      }
    }
    return true
  }

  /** The visible line, trailing blanks trimmed. */
  get line(): string {
    return this.screen.join('').trimEnd()
  }
}

describe('progress', () => {
  it('rewrites one line in place on a TTY', () => {
    const terminal = new FakeTerminal(true)
    const progress = createProgress(terminal)
    expect(progress.active).toBe(true)
    progress.update(1, 40, 'doc: Add the FAQ index, a long subject that needs cutting')
    expect(terminal.line).toBe('[1/40] doc: Add the FAQ index, a long …')
    expect(Array.from(terminal.line)).toHaveLength(39)
    progress.update(12, 40, 'short')
    expect(terminal.line).toBe('[12/40] short')
    progress.done()
    expect(terminal.line).toBe('')
    expect(terminal.chunks.join('')).not.toContain('\n')
  })

  it('writes nothing when the stream is not a TTY, or when disabled', () => {
    const piped = new FakeTerminal(false)
    const silent = createProgress(piped)
    silent.update(1, 2, 'x')
    silent.done()
    expect(silent.active).toBe(false)
    expect(piped.chunks).toEqual([])
    const tty = new FakeTerminal(true)
    const disabled = createProgress(tty, {enabled: false})
    disabled.update(1, 2, 'x')
    disabled.done()
    expect(tty.chunks).toEqual([])
  })

  it('strips escape sequences and control characters from subjects', () => {
    expect(
      sanitizeSubject('\u001B[2J\u001B[31mred\u001B[0m\ttab\r\nnew\u001B]0;title\u0007 ok')
    ).toBe('red tab new ok')
    fc.assert(
      fc.property(fc.string({maxLength: 200}), (subject) => {
        const terminal = new FakeTerminal(true, 60)
        const progress = createProgress(terminal)
        progress.update(3, 9, subject)
        const written = terminal.chunks.join('')
        expect(written).not.toMatch(/[\u0000-\u000C\u000E-\u001F\u007F-\u009F]/)
        expect(Array.from(terminal.line).length).toBeLessThanOrEqual(59)
        expect(terminal.line.startsWith('[3/9]')).toBe(true)
      })
    )
  })

  it('stays silent for short runs: nothing before delayMs, then the current patch', () => {
    const terminal = new FakeTerminal(true)
    let now = 0
    const progress = createProgress(terminal, {delayMs: 500, now: () => now})
    progress.update(1, 3, 'first')
    now = 499
    progress.update(2, 3, 'second')
    expect(terminal.chunks).toEqual([])
    now = 500
    progress.update(3, 3, 'third')
    expect(terminal.line).toBe('[3/3] third')
    progress.done()
    expect(terminal.line).toBe('')
  })

  it('writes nothing when disabled (a machine format on stdout)', () => {
    const terminal = new FakeTerminal(true)
    const progress = createProgress(terminal, {enabled: false})
    progress.update(1, 1, 'x')
    progress.done()
    expect(terminal.chunks).toEqual([])
  })
})
