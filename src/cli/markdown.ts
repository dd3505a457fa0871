/**
 * A rule's Markdown documentation rendered for a terminal (`doclint explain RULE`): headings
 * underlined, code blocks indented without their fences, links as `text (url)`, HTML comments
 * (the generated-example markers) dropped. Colours only when asked for.
 */
import pc from 'picocolors'

/** Render `text` (CommonMark as rules/*.md use it) for a terminal `width` columns wide. */
export function renderMarkdown(text: string, options: {color: boolean}): string {
  const colors = pc.createColors(options.color)
  const out: string[] = []
  let fence: string | undefined
  let comment = false
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '')
    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence)) {
        fence = undefined
        continue
      }
      out.push(colors.cyan(`    ${line}`))
      continue
    }
    if (comment) {
      if (line.includes('-->')) comment = false
      continue
    }
    const open = /^\s*(`{3,}|~{3,})/.exec(line)
    if (open) {
      fence = open[1]
      continue
    }
    if (/^\s*<!--/.test(line)) {
      if (!line.includes('-->')) comment = true
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const title = inline(heading[2] ?? '', colors)
      if (out.length > 0 && out.at(-1) !== '') out.push('')
      out.push(colors.bold(title))
      if ((heading[1] ?? '').length <= 2) {
        out.push(colors.dim((heading[1] === '#' ? '=' : '-').repeat(visibleLength(title))))
      }
      continue
    }
    out.push(inline(line, colors))
  }
  // No run of blank lines where comments or fences were dropped.
  const text2 = out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return `${text2}\n`
}

function inline(text: string, colors: ReturnType<typeof pc.createColors>): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
      url.startsWith('#') || url.endsWith('.md') ? label : `${label} (${url})`
    )
    .replace(/\*\*([^*]+)\*\*/g, (_m, body: string) => colors.bold(body))
    .replace(/(?<!`)`([^`]+)`(?!`)/g, (_m, body: string) => colors.cyan(`\`${body}\``))
}

function visibleLength(text: string): number {
  return Array.from(text.replace(/\u001B\[[0-9;]*m/g, '')).length
}
