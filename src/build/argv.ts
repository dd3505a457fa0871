/** sphinx-build's command line: the flags that change what it reports and its exit status. */
import type {SphinxBuild, Word} from './types.js'

/** Options of sphinx-build that take a value (the next word, or the rest of the same word). */
const WITH_VALUE = new Set(['-b', '-M', '-d', '-c', '-D', '-A', '-t', '-j', '-w', '--jobs'])

/** Long options and their short forms. */
const LONG: Record<string, string> = {
  '--fail-on-warning': '-W',
  '--nitpicky': '-n',
  '--builder': '-b',
  '--tag': '-t',
  '--define': '-D',
  '--conf-dir': '-c',
  '--doctree-dir': '-d',
  '--html-define': '-A',
  '--warning-file': '-w'
}

/**
 * Read the words that follow `sphinx-build` (or `python -m sphinx`) into a build. Words that are
 * not options are positional (source, output and file names); the first is the source folder.
 */
export function parseSphinxArgs(words: Word[], at: {file: string; line: number}): SphinxBuild {
  const build: SphinxBuild = {file: at.file, line: at.line, tags: [], overrides: {}}
  const positional: Word[] = []
  // A quoted option string (`SPHINXOPTS="-W -t ci"`) is split by make and the shell.
  words = words.flatMap((word) =>
    word.text
      .split(/\s+/)
      .filter(Boolean)
      .map((text) => ({...word, text}))
  )
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (!word) continue
    let text = word.text
    if (text === '--keep-going') {
      build.keepGoing = true
      continue
    }
    const equals = text.startsWith('--') ? text.indexOf('=') : -1
    const long = LONG[equals < 0 ? text : text.slice(0, equals)]
    if (long !== undefined) text = equals < 0 ? long : `${long}${text.slice(equals + 1)}`
    if (!text.startsWith('-') || text === '-' || text.startsWith('--')) {
      if (!text.startsWith('-')) positional.push(word)
      continue
    }
    // Short options: flags may be grouped (`-qW`, `-nW`); one taking a value ends the group.
    for (let k = 1; k < text.length; k++) {
      const option = `-${text[k] ?? ''}`
      if (WITH_VALUE.has(option)) {
        let value = text.slice(k + 1)
        if (value === '') value = words[++i]?.text ?? ''
        apply(build, option, value)
        break
      }
      if (option === '-W') build.warningsAreErrors = word
      else if (option === '-n') build.nitpicky = word
    }
  }
  const source = positional[0]
  if (source) build.sourcedir = source.text
  return build
}

function apply(build: SphinxBuild, option: string, value: string): void {
  switch (option) {
    case '-b':
    case '-M':
      build.builder = value
      break
    case '-t':
      if (value !== '' && !build.tags.includes(value)) build.tags.push(value)
      break
    case '-D': {
      const equals = value.indexOf('=')
      if (equals > 0) build.overrides[value.slice(0, equals)] = value.slice(equals + 1)
      break
    }
    case '-c':
      build.confdir = value
      break
  }
}

/** Split a shell-like command line into words (quotes removed; no expansion). */
export function shellWords(text: string): {text: string; start: number}[] {
  const words: {text: string; start: number}[] = []
  let i = 0
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++
    if (i >= text.length) break
    const start = i
    let word = ''
    while (i < text.length && !/\s/.test(text[i] ?? '')) {
      const char = text[i] ?? ''
      if (char === '"' || char === "'") {
        const close = text.indexOf(char, i + 1)
        const end = close < 0 ? text.length : close
        word += text.slice(i + 1, end)
        i = end + 1
        continue
      }
      if (char === '\\' && i + 1 < text.length) {
        word += text[i + 1]
        i += 2
        continue
      }
      if (char === ';' || char === '|' || char === '&') {
        if (word === '' && i === start) {
          i++
          words.push({text: char, start})
        }
        break
      }
      word += char
      i++
    }
    if (word !== '') words.push({text: word, start})
  }
  return words
}
