/**
 * DocFacts from MyST Markdown (myst-parser 0.18 semantics, as shipped for Sphinx 5.3), so the
 * graph treats `.md` and `.rst` documents alike. The Markdown itself is parsed by micromark
 * (mdast-util-from-markdown) with front matter and the MyST block extensions in ../markdown/syntax.ts;
 * directive bodies that MyST parses as Markdown are parsed again, with positions mapped back.
 *
 * `mdlink` XRefs (Markdown links `[text](dest)` and `[text][ref]` that MyST does not treat as
 * external) carry in `target` the destination exactly as MyST hands it to Sphinx: the link
 * destination after CommonMark unescaping, percent-decoded (Python `urllib.parse.unquote`),
 * fragment included, not normalised. The graph resolves it as MyST 0.18's
 * `MystReferenceResolver` does, first match wins (several matches: a `myst.ref` warning):
 *  1. with `myst_heading_anchors` set and a `#` in the target: split at the last `#`; the part
 *     before, `normpath`ed, is a path relative to the current document's folder (`''` → this
 *     document), suffix included; the label looked up is `<source path>#<part after>`, where
 *     heading anchors are registered as `<doc's source path relative to srcdir>#<slug>` (Labels
 *     with `anchorOnly`, `name` = the slug). So `other.md#x` can match but `other#x` never does
 *     (verified). When this finds a match, steps 2-4 are skipped;
 *  2. a std label: `target.lower()` among all labels — heading anchors are std labels too, named
 *     `<source path>#<slug>` from the srcdir, so `[x](sub/other.md#Sec-One)` written in the root
 *     folder matches here, case-insensitively (verified);
 *  3. then a document: `docname_join(current, target)`; if that is not a document and ends with
 *     a source suffix, the suffix is stripped and tried again (`other.md` → `other`);
 *  4. then any std object (terms compared lower-cased, options, …), then other domains'
 *     `resolve_any_xref`, then intersphinx.
 *  Before any of that, at read time, a target that names an existing file (relative to the
 *  current document's folder) not ending in a source suffix becomes a download reference (no
 *  warning either way).
 *  Unresolved: `'myst' reference target not found: <target>` at the enclosing block's line.
 *  External, and not recorded: links whose scheme (Python `urlparse`) is in `myst_url_schemes`
 *  (0.18 default `http`, `https`, `mailto`, `ftp`; `sphinx:x` is *not* external), every link
 *  with `myst_all_links_external`, and autolinks (`<https://…>`).
 * `role` is `md` for links. Images (`![alt](src)`) become Image with directive `markdown` and
 * the URI as written (CommonMark-unescaped, not percent-decoded).
 */
import {ADMONITIONS} from '../rst/directives.js'
import type {
  Code,
  Definition,
  Heading,
  Html,
  Nodes,
  PhrasingContent,
  Root,
  RootContent
} from 'mdast'
import {parseDocument} from 'yaml'
import type {Range} from '../diagnostic.js'
import type {DocFacts, Label, LabelNode, ToctreeEntry} from './types.js'
import {TOCTREE_OPTIONS, isPythonInt, newToctree, parsePythonInt} from './toctree.js'
import {extractRstFacts} from './rst.js'
import {emptyFacts} from './types.js'
import {parse as parseRst} from '../rst/index.js'
import type {DirectiveOption, DirectiveShape, SourceLine} from '../markdown/directive.js'
import {optionString, splitDirectiveText} from '../markdown/directive.js'
import {slugify, uniqueSlug} from '../markdown/slug.js'
import {LineTable, identityMap, joinLines} from '../markdown/source.js'
import type {OffsetMap} from '../markdown/source.js'
import {parseMyst, type MystComment} from '../markdown/syntax.js'
import {parseSuppressionText} from './suppression.js'
import {normalizeName, processRoleText, roleKind, splitToctreeEntry} from '../markdown/xref-text.js'
import {pushAll} from '../arrays.js'

/** Options for {@link extractMarkdownFacts}. */
export interface MarkdownFactsOptions {
  /** `myst_heading_anchors`: headings of level 1..n get slugs (0: none). Else from `project`. */
  headingAnchors?: number
  /**
   * Sphinx `default_role`. MyST code spans are always literal, so it only matters for
   * `{eval-rst}` blocks (passed on to `rst`). Else from `project`.
   */
  defaultRole?: string
  /** `myst_enable_extensions`; colon fences need `colon_fence`. Else from `project`, else all. */
  extensions?: readonly string[]
  /**
   * `myst_url_schemes`: link schemes that make a link external (MyST 0.18 default: http, https,
   * mailto, ftp; `null`: any scheme). Else from `project`.
   */
  urlSchemes?: readonly string[] | null
  /** More directive names whose body is Markdown (extension directives). */
  markdownDirectives?: readonly string[]
  /**
   * The RST front end for `{eval-rst}` bodies: facts of an RST text in that text's coordinates.
   * Defaults to the project's own (src/rst `parse` + src/facts/rst.ts `extractRstFacts`).
   */
  rst?: (text: string, defaultRole: string | undefined) => DocFacts
  /**
   * The graph's context (src/graph/build.ts calls front ends with `{path, project, config}`):
   * `myst_heading_anchors`, `default_role` and `myst_enable_extensions` are read from it when
   * not given above.
   */
  project?: {mystHeadingAnchors?: number; defaultRole?: string; conf?: ReadonlyMap<string, unknown>}
}

/** Where a walk happens: the document, or a directive body parsed again. */
interface Scope {
  map: OffsetMap
  /** Whether headings become sections (false inside admonitions: MyST makes them rubrics). */
  sections: boolean
  /** Whether sections here count for the title and the local TOC (document level, `only`). */
  documentLevel: boolean
  inOnly?: string
  /** Heading slugs already used in this parse (MyST computes them per parse). */
  slugs: Set<string>
  definitions: Map<string, string>
}

/** A `(label)=` waiting for the node it lands on (docutils PropagateTargets). */
interface PendingTarget {
  name: string
  range: Range
  line: number
}

/** What a directive is to MyST's `parse_directive_text`, and what its body is. */
interface DirectiveKind extends DirectiveShape {
  body: 'markdown' | 'literal' | 'none' | 'toctree' | 'glossary' | 'rst' | 'unknown'
  /** Whether the argument is inline Markdown (an admonition's title). */
  inlineArgument?: boolean
}

/** Admonitions: no arguments, so text after the name is the first body line. */
const ADMONITION_NAMES = new Set(ADMONITIONS)

/** Docutils/Sphinx directives (and common extension ones) whose body is parsed as Markdown. */
const MARKDOWN_BODY = new Set([
  'only',
  'ifconfig',
  'figure',
  'table',
  'list-table',
  'epigraph',
  'highlights',
  'pull-quote',
  'compound',
  'container',
  'hlist',
  'versionadded',
  'versionchanged',
  'deprecated',
  'centered',
  'acks',
  'line-block',
  'parsed-literal',
  'describe',
  'object',
  'option',
  'envvar',
  'program',
  'cmdoption',
  // sphinx-design / sphinx-tabs / sphinx-togglebutton, parsed when those are loaded
  'tab-set',
  'tab-item',
  'tab-set-code',
  'tabs',
  'tab',
  'card',
  'card-carousel',
  'grid',
  'grid-item',
  'grid-item-card',
  'dropdown',
  'toggle',
  'margin',
  'div'
])

/** Directives whose body is literal text, or that have no body. */
const LITERAL_BODY = new Set([
  'code-block',
  'sourcecode',
  'code',
  'code-cell',
  'literalinclude',
  'math',
  'raw',
  'highlight',
  'productionlist',
  'tabularcolumns',
  'index',
  'csv-table',
  'graphviz',
  'digraph',
  'graph',
  'mermaid',
  'include',
  'image',
  'contents',
  'sectnum',
  'meta',
  'default-role',
  'role',
  'class',
  'title',
  'sectionauthor',
  'moduleauthor',
  'codeauthor',
  'currentmodule',
  'module',
  'default-domain'
])

function directiveKind(name: string, markdownBodies: ReadonlySet<string>): DirectiveKind {
  if (name === 'toctree') return {hasOptions: true, hasArguments: false, body: 'toctree'}
  if (name === 'eval-rst') return {hasOptions: false, hasArguments: false, body: 'rst'}
  // Sphinx's `Only` has an empty option_spec: MyST then reads no option block at all
  if (name === 'only') return {hasOptions: false, hasArguments: true, body: 'markdown'}
  if (name === 'glossary') return {hasOptions: true, hasArguments: false, body: 'glossary'}
  if (ADMONITION_NAMES.has(name)) return {hasOptions: true, hasArguments: false, body: 'markdown'}
  if (name === 'admonition' || name === 'topic' || name === 'sidebar' || name === 'rubric') {
    return {hasOptions: true, hasArguments: true, body: 'markdown', inlineArgument: true}
  }
  if (name === 'include' || name === 'image' || LITERAL_BODY.has(name)) {
    return {hasOptions: true, hasArguments: true, body: name === 'include' ? 'none' : 'literal'}
  }
  // domain object directives (`py:function`, `c:macro`, …) parse their content
  if (MARKDOWN_BODY.has(name) || markdownBodies.has(name) || name.includes(':')) {
    return {hasOptions: true, hasArguments: true, body: 'markdown'}
  }
  // verified with myst-parser 0.18: an unknown directive is an error and its body is not read
  return {hasOptions: true, hasArguments: true, body: 'unknown'}
}

/** The settings a document is read with, after defaults. */
interface Settings {
  headingAnchors: number
  defaultRole?: string
  colonFence: boolean
  /** `attrs_inline` (MyST 1.0 and later): `{.external}` after a link makes it a URL. */
  attrsInline: boolean
  /** `myst_url_schemes` (`any`: None, every scheme is external); `myst_all_links_external`. */
  urlSchemes: ReadonlySet<string> | 'any'
  allLinksExternal: boolean
  markdownBodies: ReadonlySet<string>
  rst: (text: string, defaultRole: string | undefined) => DocFacts
}

/** The project's RST front end (src/rst + src/facts/rst.ts), for `{eval-rst}` bodies. */
function rstFrontEnd(text: string, defaultRole: string | undefined): DocFacts {
  return extractRstFacts(parseRst(text, defaultRole === undefined ? {} : {defaultRole}), text)
}

function isTuple(value: unknown): value is {kind: 'tuple'; items: unknown[]} {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    value.kind === 'tuple' &&
    'items' in value &&
    Array.isArray(value.items)
  )
}

/** A conf.py list or tuple of strings (the static reader's `{kind: 'tuple', items}` too). */
function isDict(value: unknown): value is {kind: 'dict'; entries: [unknown, unknown][]} {
  return typeof value === 'object' && value !== null && (value as {kind?: unknown}).kind === 'dict'
}

function confStrings(value: unknown): string[] | undefined {
  const items = Array.isArray(value)
    ? (value as unknown[])
    : isTuple(value)
      ? value.items
      : undefined
  return items?.filter((item): item is string => typeof item === 'string')
}

function settingsOf(options: MarkdownFactsOptions): Settings {
  const project = options.project
  const anchors = options.headingAnchors ?? project?.mystHeadingAnchors ?? 0
  let extensions = options.extensions
  const fromConf = project?.conf?.get('myst_enable_extensions')
  extensions ??= confStrings(fromConf)
  const confSchemes = project?.conf?.get('myst_url_schemes')
  // MyST 1.0 and later also take a dict (scheme -> None or a URL template): its keys are the
  // schemes (0.18 iterates it the same way).
  const schemes =
    options.urlSchemes !== undefined
      ? options.urlSchemes
      : isDict(confSchemes)
        ? confStrings(confSchemes.entries.map(([key]) => key))
        : confStrings(confSchemes)
  const settings: Settings = {
    headingAnchors: typeof anchors === 'number' && Number.isFinite(anchors) ? anchors : 0,
    urlSchemes:
      schemes === null || (options.urlSchemes === undefined && confSchemes === null)
        ? 'any'
        : new Set(schemes ?? ['http', 'https', 'mailto', 'ftp']),
    allLinksExternal: project?.conf?.get('myst_all_links_external') === true,
    // without a project's settings colon fences are on: they are the common MyST style
    colonFence: extensions ? extensions.includes('colon_fence') : true,
    attrsInline: extensions?.includes('attrs_inline') === true,
    markdownBodies: new Set(options.markdownDirectives ?? []),
    rst: options.rst ?? rstFrontEnd
  }
  const defaultRole = options.defaultRole ?? project?.defaultRole
  if (defaultRole !== undefined) settings.defaultRole = defaultRole
  return settings
}

class Extractor {
  readonly facts: DocFacts = emptyFacts()
  readonly lines: LineTable
  readonly settings: Settings
  pending: PendingTarget[] = []

  constructor(text: string, options: MarkdownFactsOptions) {
    this.lines = new LineTable(text)
    this.settings = settingsOf(options)
  }

  parse(text: string): Root {
    return parseMyst(text, {colonFence: this.settings.colonFence})
  }

  get text(): string {
    return this.lines.text
  }

  range(node: Nodes, map: OffsetMap): Range {
    const start = node.position?.start.offset ?? 0
    const end = node.position?.end.offset ?? start
    return this.lines.range(map(start), map(end))
  }

  line(node: Nodes, map: OffsetMap): number {
    return this.lines.point(map(node.position?.start.offset ?? 0)).line
  }

  run(): DocFacts {
    const root = this.parse(this.text)
    const scope: Scope = {
      map: identityMap,
      sections: true,
      documentLevel: true,
      slugs: new Set(),
      definitions: collectDefinitions(root)
    }
    const first = root.children[0]
    if (first?.type === 'yaml') this.frontMatter(first.value, this.line(first, identityMap))
    this.blocks(root.children, scope)
    this.land(undefined)
    markDuplicates(this.facts.labels)
    return this.facts
  }

  frontMatter(yaml: string, line: number): void {
    const document = parseDocument(yaml, {version: '1.1', uniqueKeys: false, logLevel: 'silent'})
    if (document.errors.length > 0) {
      this.facts.problems.push({level: 2, message: 'Malformed YAML [myst.topmatter]', line})
      return
    }
    let data: unknown
    try {
      data = document.toJS()
    } catch {
      /* v8 ignore next 3 -- toJS throws only on alias loops, which parseDocument reports first */
      this.facts.problems.push({level: 2, message: 'Malformed YAML [myst.topmatter]', line})
      return
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      this.facts.problems.push({
        level: 2,
        message: `YAML is not a dict: ${data === null ? 'NoneType' : typeof data}`,
        line
      })
      return
    }
    for (const [key, value] of Object.entries(data)) {
      if (['myst', 'mystnb', 'substitutions', 'html_meta'].includes(key)) continue
      this.facts.metadata[key] = metadataString(value)
    }
  }

  /** Register pending `(label)=` targets on the node they land on. */
  land(
    on:
      | {
          node: LabelNode
          title?: string
          numberable: boolean
          reportLine?: number
          uncertain?: boolean
        }
      | undefined
  ): void {
    for (const target of this.pending) {
      const label: Label = {
        name: target.name,
        range: target.range,
        node: on ? on.node : 'none',
        titled: on?.title !== undefined && on.title !== '',
        numberable: on?.numberable ?? false,
        reportLine: on?.reportLine ?? target.line
      }
      if (on?.title !== undefined) label.title = on.title
      if (on?.uncertain) label.uncertain = true
      this.facts.labels.push(label)
    }
    this.pending = []
  }

  blocks(nodes: RootContent[], scope: Scope): void {
    for (const node of nodes) this.block(node, scope)
  }

  block(node: RootContent, scope: Scope): void {
    switch (node.type) {
      case 'yaml':
      case 'definition':
        // no docutils node: a target before it keeps looking
        return
      case 'mystTarget': {
        const raw = node.value.trim()
        const name = normalizeName(raw.slice(1, -2))
        const line = this.line(node, scope.map)
        const start = scope.map(node.position?.start.offset ?? 0)
        this.pending.push({name, range: this.lines.range(start, start + raw.length), line})
        return
      }
      case 'mystComment':
        // a comment is Invisible: targets before it are not propagated
        this.land(undefined)
        // `% doclint-disable-next-line id`: the comment's text after `%`
        this.suppression(node.value.replace(/^\s*%/, ''), node, scope)
        return
      case 'heading':
        this.heading(node, scope)
        return
      case 'paragraph': {
        const table = this.isTable(node, scope.map)
        this.land(table ? {node: 'table', numberable: true} : {node: 'other', numberable: false})
        this.inline(node.children, scope, table ? 'row' : this.line(node, scope.map))
        return
      }
      case 'code':
        this.code(node, scope)
        return
      case 'html':
        this.land({node: 'other', numberable: false})
        this.html(node, scope)
        return
      case 'blockquote':
      case 'list':
      case 'listItem':
        this.land({node: 'other', numberable: false})
        this.blocks(node.children, scope)
        return
      case 'thematicBreak':
        this.land({node: 'other', numberable: false})
        return
      default:
        if ('children' in node) {
          this.land({node: 'other', numberable: false})
          this.blocks(node.children as RootContent[], scope)
        }
    }
  }

  /**
   * MyST enables GFM tables; micromark here has no table extension, so a table reads as a
   * paragraph. Sphinx reports a role in a cell at the cell's row, so spot tables by their
   * delimiter row (`|---|:--:|`) on the second line.
   */
  isTable(node: Nodes, map: OffsetMap): boolean {
    const first = this.lines.lineIndex(map(node.position?.start.offset ?? 0))
    const header = this.lines.line(first)
    const delimiter = this.lines.line(first + 1).trim()
    if (!header.includes('|') || !delimiter.includes('-')) return false
    if (first + 1 > this.lines.lineIndex(map(node.position?.end.offset ?? 0))) return false
    const cells = delimiter.replace(/^>\s*/, '').replace(/^\|/, '').replace(/\|$/, '').split('|')
    return cells.every((cell) => /^\s*:?-+:?\s*$/.test(cell))
  }

  heading(node: Heading, scope: Scope): void {
    const line = this.line(node, scope.map)
    const range = this.range(node, scope.map)
    const title = plainText(node.children)
    if (!scope.sections) {
      this.facts.problems.push({
        level: 2,
        message: 'Disallowed nested header found, converting to rubric [myst.nested_header]',
        line,
        range
      })
      this.land({node: 'rubric', title, numberable: false, reportLine: line})
    } else {
      this.land({node: 'section', title, numberable: true, reportLine: line})
      if (scope.documentLevel) {
        this.facts.hasLocalToc = true
        this.facts.title ??= {text: title, range}
      }
      if (node.depth <= this.settings.headingAnchors) {
        const slug = uniqueSlug(slugify(slugText(node.children)), scope.slugs)
        this.facts.labels.push({
          name: slug,
          range,
          node: 'section',
          titled: true,
          title,
          numberable: true,
          reportLine: line,
          anchorOnly: true
        })
      }
    }
    this.inline(node.children, scope, line)
  }

  html(node: Html, scope: Scope): void {
    const text = node.value.trim()
    if (!text.startsWith('<!--') || !text.endsWith('-->')) return
    this.suppression(text.slice(4, -3), node, scope)
  }

  /** A suppression comment; `next-line` silences the line right after the comment's last line. */
  suppression(text: string, node: Html | MystComment, scope: Scope): void {
    const directive = parseSuppressionText(text)
    if (!directive) return
    const start = this.lines.point(scope.map(node.position?.start.offset ?? 0))
    const end = this.lines.point(scope.map(node.position?.end.offset ?? 0))
    const appliesTo = directive.kind === 'next-line' ? end.line + 1 : start.line
    this.facts.suppressions.push({...directive, line: start.line, appliesTo})
  }

  inline(children: PhrasingContent[], scope: Scope, blockLine: BlockLine): void {
    for (const [index, node] of children.entries()) {
      switch (node.type) {
        case 'inlineCode': {
          const previous = children[index - 1]
          if (previous?.type === 'text') this.role(previous.value, node, scope, blockLine)
          break
        }
        case 'link':
          this.link(node.url, node, scope, blockLine)
          this.inline(node.children, scope, blockLine)
          break
        case 'linkReference': {
          const url = scope.definitions.get(node.identifier)
          if (url !== undefined) this.link(url, node, scope, blockLine)
          this.inline(node.children, scope, blockLine)
          break
        }
        case 'image':
          this.image(node.url, node, scope)
          break
        case 'imageReference': {
          const url = scope.definitions.get(node.identifier)
          if (url !== undefined) this.image(url, node, scope)
          break
        }
        case 'html':
          this.html(node, scope)
          break
        default:
          if ('children' in node) this.inline(node.children, scope, blockLine)
      }
    }
  }

  /** `{name}` at the end of a text node, then a code span: a MyST role. */
  role(before: string, code: Nodes, scope: Scope, blockLine: BlockLine): void {
    const match = /\{([a-zA-Z0-9_\-+:]+)\}$/.exec(before)
    if (!match?.[1] || !code.position) return
    const name = match[1]
    const codeStart = scope.map(code.position.start.offset ?? 0)
    const codeEnd = scope.map(code.position.end.offset ?? 0)
    const start = codeStart - name.length - 2
    // the text node's value is decoded: `\{doc}` or `&#123;doc}` must not count
    if (start < 0 || this.text.slice(start, codeStart) !== `{${name}}`) return
    if (this.text.charAt(start - 1) === '\\') return
    const kind = roleKind(name)
    if (!kind) return
    const raw = roleContent(this.text.slice(codeStart, codeEnd))
    if (raw === undefined) return
    const processed = processRoleText(name, raw)
    this.facts.xrefs.push({
      kind,
      role: name.toLowerCase(),
      raw,
      target: processed.target,
      hasTitle: processed.hasTitle,
      disabled: processed.disabled,
      range: this.lines.range(start, codeEnd),
      blockLine: blockLine === 'row' ? this.lines.point(start).line : blockLine
    })
  }

  link(url: string, node: Nodes, scope: Scope, blockLine: BlockLine): void {
    const start = scope.map(node.position?.start.offset ?? 0)
    // autolinks (`<scheme:…>`, `<a@b.c>`) are always external in MyST
    if (node.type === 'link' && this.text.charAt(start) === '<') return
    if (this.settings.allLinksExternal) return
    const scheme = urlScheme(url)
    const schemes = this.settings.urlSchemes
    if (schemes === 'any' ? scheme !== '' : schemes.has(scheme)) return
    // `[x](y){.external}` (attrs_inline, MyST 1.0 and later): the link is a URL as written
    if (this.settings.attrsInline && node.position) {
      const after = this.text.slice(scope.map(node.position.end.offset ?? 0)).slice(0, 400)
      if (/^\{(?:[^}\n]*\s)?\.external(?=[\s}])[^}\n]*\}/.test(after)) return
    }
    this.facts.xrefs.push({
      kind: 'mdlink',
      role: 'md',
      raw: url,
      target: unquote(url),
      hasTitle: 'children' in node && node.children.length > 0,
      disabled: false,
      range: this.range(node, scope.map),
      blockLine: blockLine === 'row' ? this.lines.point(start).line : blockLine
    })
  }

  image(url: string, node: Nodes, scope: Scope): void {
    if (isRemoteImage(url) || url === '') return
    this.facts.images.push({uri: url, directive: 'markdown', range: this.range(node, scope.map)})
  }

  code(node: Code, scope: Scope): void {
    const fence = this.fence(node, scope.map)
    if (!fence) {
      // an indented code block, or a fence with an ordinary language: a literal block
      this.land({node: 'code', numberable: false})
      return
    }
    this.directive(fence, scope)
  }

  /** The opening line and content lines of a fenced code node, in file coordinates. */
  fence(node: Code, map: OffsetMap): Fence | undefined {
    if (!node.position) return undefined
    const start = map(node.position.start.offset ?? 0)
    const end = map(node.position.end.offset ?? 0)
    const marker = this.text.charAt(start)
    if (marker !== '`' && marker !== '~' && marker !== ':') return undefined
    const openIndex = this.lines.lineIndex(start)
    const openEnd = this.lines.lineEnd(openIndex)
    let i = start
    while (i < openEnd && this.text.charAt(i) === marker) i++
    const info = this.text.slice(i, openEnd)
    const language = info.trim().split(/\s+/)[0] ?? ''
    if (!(language.length >= 2 && language.startsWith('{') && language.endsWith('}'))) {
      return undefined
    }
    const nameStart = this.text.indexOf(language, i)
    let argStart = nameStart + language.length
    while (argStart < openEnd && /\s/.test(this.text.charAt(argStart))) argStart++
    const firstLine = {text: this.text.slice(argStart, openEnd), offset: argStart}
    // content lines: between the opening line and the closing fence (or the node's end)
    const endIndex = this.lines.lineIndex(end)
    const endLine = this.text.slice(this.lines.lineStart(endIndex), end)
    const closed = endIndex > openIndex && isClosingFence(endLine, marker, i - start)
    const last = closed ? endIndex - 1 : endIndex
    const values = node.value.split(/\r\n|\r|\n/)
    const content: SourceLine[] = []
    for (let index = openIndex + 1; index <= last; index++) {
      const value = values[index - openIndex - 1] ?? ''
      const lineStart = this.lines.lineStart(index)
      const lineEnd = index === endIndex ? end : this.lines.lineEnd(index)
      const source = this.text.slice(lineStart, lineEnd)
      const offset = source.endsWith(value)
        ? lineEnd - value.length
        : lineStart + Math.max(0, source.length - value.length)
      content.push({text: value, offset})
    }
    let firstContent = content
    // MyST: a colon fence whose content starts with `:::` gets a leading blank line, so a
    // nested fence is not read as an option block
    if (marker === ':' && node.value.startsWith(':::')) {
      firstContent = [{text: '', offset: content[0]?.offset ?? openEnd}, ...content]
    }
    return {
      name: language.slice(1, -1),
      nameRange: this.lines.range(nameStart, nameStart + language.length),
      openRange: this.lines.range(start, openEnd),
      line: openIndex + 1,
      firstLine,
      content: firstContent
    }
  }

  directive(fence: Fence, scope: Scope): void {
    const name = fence.name
    const kind = directiveKind(name, this.settings.markdownBodies)
    const split = splitDirectiveText(fence.content, fence.firstLine, kind)
    const argument = kind.hasArguments ? fence.firstLine.text.trim() : ''
    const option = (key: string): DirectiveOption | undefined =>
      split.options.find((o) => o.name === key)
    const nameOption = option('name')

    if (kind.body === 'unknown') {
      this.facts.problems.push({
        level: 3,
        message: `Unknown directive type "${name}".`,
        line: fence.line,
        range: fence.openRange
      })
      this.land({node: 'other', numberable: false})
      return
    }
    if (kind.body === 'rst') {
      // the target lands on whatever the RST makes first
      this.land({node: 'other', numberable: false, uncertain: true})
      this.evalRst(fence.content)
      return
    }
    if (name === 'toctree') {
      const caption = split.error === undefined ? optionString(option('caption')?.value) : undefined
      this.land({
        node: 'toctree',
        numberable: false,
        reportLine: fence.line,
        ...(caption ? {title: caption} : {})
      })
      this.toctree(fence, split.body, split.options, split.error, scope)
      return
    }
    if (split.error !== undefined) {
      this.facts.problems.push({
        level: 3,
        message: `Directive '${name}': ${split.error}`,
        line: fence.line,
        range: fence.openRange
      })
      this.land({node: 'other', numberable: false})
      return
    }
    const caption = optionString(option('caption')?.value)
    let landing: {node: LabelNode; title?: string; numberable: boolean; uncertain?: boolean} = {
      node: 'other',
      numberable: false
    }
    // an include's first node or an `only` block's content decide what the target lands on
    if (name === 'include' || name === 'only') landing.uncertain = true
    if (name === 'figure') {
      const captionText = split.body[0]?.text.trim()
      landing = {
        node: 'figure',
        numberable: true,
        ...(captionText ? {title: captionText} : {})
      }
    } else if (name === 'code-block' || name === 'sourcecode' || name === 'literalinclude') {
      landing = {
        node: 'code',
        numberable: caption !== undefined,
        ...(caption ? {title: caption} : {})
      }
    } else if (name === 'math') {
      landing = {node: 'math', numberable: false}
    } else if (name === 'list-table' || name === 'csv-table' || name === 'table') {
      landing = {node: 'table', numberable: true, ...(argument ? {title: argument} : {})}
    }
    this.land(landing)
    if (nameOption) {
      const value = optionString(nameOption.value)
      if (value !== undefined) this.nameLabel(value, nameOption, fence, landing)
    }

    if (name === 'include' || name === 'literalinclude') {
      const options: Record<string, string> = {}
      for (const o of split.options) options[o.name] = optionString(o.value) ?? ''
      const path = argument
      this.facts.includes.push({
        directive: name,
        path,
        standard: path.startsWith('<') && path.endsWith('>'),
        range: fence.openRange,
        options
      })
      return
    }
    if (name === 'image' || name === 'figure') {
      const uri = argument.split(/\s+/).join('')
      if (uri !== '' && !isRemoteImage(uri))
        this.facts.images.push({uri, directive: name, range: fence.openRange})
    }
    if (kind.inlineArgument && argument !== '') {
      const first = fence.firstLine
      const {text, map} = joinLines([{text: first.text.trimEnd(), offset: first.offset}])
      const parsed = this.parse(text)
      const paragraph = parsed.children[0]
      if (paragraph?.type === 'paragraph') {
        this.inline(paragraph.children, {...scope, map}, fence.line)
      }
    }
    if (kind.body === 'glossary') {
      this.glossary(split.body, scope)
      return
    }
    if (kind.body !== 'markdown' || split.body.length === 0) return
    const only = name === 'only'
    const toctreesBefore = this.facts.toctrees.length
    this.nestedBlocks(split.body, scope, only, only ? argument : undefined)
    if (only) {
      for (const toctree of this.facts.toctrees.slice(toctreesBefore)) toctree.inOnly ??= argument
    }
  }

  /**
   * `{eval-rst}`: the RST front end reads a copy of the file where everything but the body is
   * blanked (line breaks kept), so its ranges are already in this file's coordinates.
   */
  evalRst(content: SourceLine[]): void {
    const rst = this.settings.rst
    const last = content[content.length - 1]
    if (!last) return
    const blank = this.text.slice(0, last.offset + last.text.length).replace(/[^\r\n]/g, ' ')
    const pieces: string[] = []
    let at = 0
    for (const line of content) {
      if (line.offset < at) continue
      pieces.push(blank.slice(at, line.offset), line.text)
      at = line.offset + line.text.length
    }
    const padded = pieces.join('') + blank.slice(at)
    let facts: DocFacts
    try {
      facts = rst(padded, this.settings.defaultRole)
    } catch (error) {
      // a failure in the RST front end must not lose the rest of this document's facts
      this.facts.problems.push({
        level: 3,
        message: `{eval-rst} body could not be read: ${error instanceof Error ? error.message : String(error)}`,
        line: this.lines.point(content[0]?.offset ?? 0).line
      })
      return
    }
    const into = this.facts
    pushAll(into.toctrees, facts.toctrees)
    pushAll(into.xrefs, facts.xrefs)
    pushAll(into.labels, facts.labels)
    pushAll(into.includes, facts.includes)
    pushAll(into.images, facts.images)
    pushAll(into.terms, facts.terms)
    pushAll(into.linkRefs, facts.linkRefs)
    pushAll(into.linkTargets, facts.linkTargets)
    pushAll(into.suppressions, facts.suppressions)
    pushAll(into.problems, facts.problems)
    if (facts.hasLocalToc) into.hasLocalToc = true
  }

  nameLabel(
    value: string,
    option: DirectiveOption,
    fence: Fence,
    landing: {node: LabelNode; title?: string; numberable: boolean}
  ): void {
    const range = option.line
      ? this.lines.range(option.line.offset, option.line.offset + option.line.text.length)
      : fence.openRange
    const label: Label = {
      name: normalizeName(value),
      range,
      node: landing.node,
      titled: landing.title !== undefined && landing.title !== '',
      numberable: landing.numberable,
      reportLine: fence.line
    }
    if (landing.title !== undefined) label.title = landing.title
    this.facts.labels.push(label)
  }

  toctree(
    fence: Fence,
    body: SourceLine[],
    options: DirectiveOption[],
    splitError: string | undefined,
    scope: Scope
  ): void {
    const toctree = newToctree(fence.openRange)
    if (scope.inOnly !== undefined) toctree.inOnly = scope.inOnly
    let error = splitError
    for (const {name, value} of options) {
      if (error !== undefined) break
      const converter = TOCTREE_OPTIONS[name]
      if (!converter) {
        error = `Unknown option: ${name}`
        break
      }
      if (typeof value !== 'string' && value !== undefined && value !== true) {
        if (typeof value !== 'number' && typeof value !== 'boolean' && !(value instanceof Date)) {
          error = `option "${name}" value not string (enclose with ""): ${JSON.stringify(value)}`
          break
        }
      }
      const text = optionString(value)
      switch (converter) {
        case 'flag':
          if (text !== undefined && text.trim() !== '') {
            error = `Invalid option value: (option: '${name}'; value: ${text})\nno argument is permitted; "${text}" supplied`
          } else {
            toctree[name as 'glob' | 'hidden' | 'reversed' | 'includehidden' | 'titlesonly'] = true
          }
          break
        case 'int':
          if (text === undefined || !isPythonInt(text)) {
            error = `Invalid option value: (option: '${name}'; value: ${text ?? 'None'})`
          } else {
            toctree.maxdepth = parsePythonInt(text)
          }
          break
        case 'intOrEmpty':
          if (text === undefined || text === '') toctree.numbered = 999
          else if (isPythonInt(text)) toctree.numbered = parsePythonInt(text)
          else error = `Invalid option value: (option: '${name}'; value: ${text})`
          break
        case 'required':
          if (text === undefined) {
            error = `Invalid option value: (option: '${name}'; value: None)\nargument required but none supplied`
          } else {
            toctree.caption = text
          }
          break
        case 'text':
          toctree.name = text ?? ''
          break
      }
    }
    if (error !== undefined) {
      toctree.valid = false
      toctree.error = `Directive 'toctree': ${error}`
      this.facts.problems.push({
        level: 3,
        message: toctree.error,
        line: fence.line,
        range: fence.openRange
      })
    } else {
      for (const line of body) {
        // Sphinx skips only empty lines (`if not entry`); MyST does not strip content lines
        if (line.text === '') continue
        const raw = line.text.trimEnd()
        if (raw === '') continue
        const start = line.offset
        const range = this.lines.range(start, start + raw.length)
        const explicit = splitToctreeEntry(line.text)
        const entry: ToctreeEntry = explicit
          ? {raw, title: explicit.title, ref: explicit.ref, explicit: true, range}
          : {raw, ref: line.text, explicit: false, range}
        toctree.entries.push(entry)
      }
      const name = options.find((o) => o.name === 'name')
      if (name && toctree.name !== undefined && toctree.name !== '') {
        const landing =
          toctree.caption === undefined
            ? {node: 'toctree' as const, numberable: false}
            : {node: 'toctree' as const, numberable: false, title: toctree.caption}
        this.nameLabel(toctree.name, name, fence, landing)
      }
    }
    this.facts.toctrees.push(toctree)
    // a toctree anywhere gives the document a local TOC, even an invalid one does not
    if (toctree.valid) this.facts.hasLocalToc = true
  }

  /**
   * Glossary terms: lines at the body's left margin; the indented lines after them are the
   * definition, which MyST parses as Markdown.
   */
  glossary(body: SourceLine[], scope: Scope): void {
    let definition: SourceLine[] = []
    const flush = (): void => {
      while (definition.length > 0 && definition[definition.length - 1]?.text.trim() === '') {
        definition.pop()
      }
      if (definition.length > 0) this.nestedBlocks(dedentLines(definition), scope, false)
      definition = []
    }
    for (const line of body) {
      if (line.text.trim() === '' || /^\s/.test(line.text)) {
        definition.push(line)
        continue
      }
      flush()
      const term = line.text.split(/(?<! ) +: +/)[0]?.trim() ?? ''
      if (term === '') continue
      const range = this.lines.range(line.offset, line.offset + line.text.trimEnd().length)
      this.facts.terms.push({term, range, reportLine: range.start.line - 1})
    }
    flush()
  }

  /** Parse lines as a Markdown body of their own (a directive's content) and walk it. */
  nestedBlocks(lines: SourceLine[], scope: Scope, only: boolean, inOnly?: string): void {
    const {text, map} = joinLines(lines)
    const root = this.parse(text)
    const inner: Scope = {
      map,
      sections: only && scope.sections,
      documentLevel: only && scope.documentLevel,
      slugs: new Set(),
      definitions: new Map([...scope.definitions, ...collectDefinitions(root)])
    }
    const within = inOnly ?? scope.inOnly
    if (within !== undefined) inner.inOnly = within
    this.blocks(root.children, inner)
  }
}

/** Remove the common indentation of lines (blank lines do not count), keeping offsets right. */
function dedentLines(lines: SourceLine[]): SourceLine[] {
  let margin = Infinity
  for (const line of lines) {
    if (line.text.trim() === '') continue
    const indent = line.text.length - line.text.trimStart().length
    margin = Math.min(margin, indent)
  }
  if (!Number.isFinite(margin)) return lines
  return lines.map((line) =>
    line.text.trim() === ''
      ? {text: '', offset: line.offset}
      : {text: line.text.slice(margin), offset: line.offset + margin}
  )
}

/**
 * Labels defined twice in one document: docutils reports `Duplicate explicit target name` and
 * neither becomes a Sphinx label. Heading anchors live in their own `doc.md#slug` namespace.
 */
function markDuplicates(labels: Label[]): void {
  const counts = new Map<string, number>()
  for (const label of labels) {
    if (!label.anchorOnly) counts.set(label.name, (counts.get(label.name) ?? 0) + 1)
  }
  for (const label of labels) {
    if (!label.anchorOnly && (counts.get(label.name) ?? 0) > 1) label.duplicateInFile = true
  }
}

/** The line Sphinx reports a reference at: the block's first line, or (tables) its own row. */
type BlockLine = number | 'row'

/** A directive fence, in file coordinates. */
interface Fence {
  name: string
  nameRange: Range
  /** The fence's first line (marker to end of line): Sphinx reports the directive here. */
  openRange: Range
  line: number
  firstLine: SourceLine
  content: SourceLine[]
}

function isClosingFence(line: string, marker: string, openLength: number): boolean {
  let text = line.trim()
  // strip container prefixes (block quotes) the closing line may carry
  while (text.startsWith('>')) text = text.slice(1).trimStart()
  if (text.length < Math.max(3, openLength)) return false
  for (const ch of text) if (ch !== marker) return false
  return true
}

function collectDefinitions(root: Root): Map<string, string> {
  const definitions = new Map<string, string>()
  const visit = (nodes: RootContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'definition') {
        const definition: Definition = node
        if (!definitions.has(definition.identifier)) {
          definitions.set(definition.identifier, definition.url)
        }
      } else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading') {
        visit(node.children as RootContent[])
      }
    }
  }
  visit(root.children)
  return definitions
}

/** The raw text of a role's code span: newlines become spaces, continuation prefixes go. */
function roleContent(span: string): string | undefined {
  let ticks = 0
  while (span.charAt(ticks) === '`') ticks++
  if (ticks === 0 || span.length < 2 * ticks + 1) return undefined
  const inner = span.slice(ticks, span.length - ticks)
  const parts = inner.split(/\r\n|\r|\n/)
  return parts
    .map((part, index) => {
      if (index === 0) return part
      let text = part.trimStart()
      while (text.startsWith('>')) text = text.slice(1).trimStart()
      return text
    })
    .join(' ')
}

/** Title text as docutils' `astext()` would give it (image alt text and HTML left out). */
function plainText(nodes: PhrasingContent[]): string {
  let out = ''
  for (const [index, node] of nodes.entries()) {
    if (node.type === 'text') out += stripRoleName(node.value, nodes[index + 1])
    else if (node.type === 'inlineCode') out += node.value
    else if (node.type === 'break') out += '\n'
    else if ('children' in node) out += plainText(node.children)
  }
  return out
}

/**
 * The text markdown-it's anchors plugin slugs: the heading's `text` and `code_inline` tokens,
 * which include text inside emphasis and links but not images, roles, HTML or line breaks.
 */
function slugText(nodes: PhrasingContent[]): string {
  let out = ''
  for (const [index, node] of nodes.entries()) {
    const previous = nodes[index - 1]
    if (node.type === 'text') out += stripRoleName(node.value, nodes[index + 1])
    else if (node.type === 'inlineCode') {
      if (!(previous?.type === 'text' && /\{[a-zA-Z0-9_\-+:]+\}$/.test(previous.value))) {
        out += node.value
      }
    } else if (node.type === 'link' || node.type === 'linkReference') out += slugText(node.children)
    else if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete') {
      out += slugText(node.children)
    }
  }
  // soft line breaks (setext headings) are their own tokens in markdown-it
  return out.replace(/\r\n|\r|\n/g, '')
}

function stripRoleName(value: string, next: PhrasingContent | undefined): string {
  if (next?.type !== 'inlineCode') return value
  const match = /\{[a-zA-Z0-9_\-+:]+\}$/.exec(value)
  return match ? value.slice(0, match.index) : value
}

/** Sphinx's ImageCollector skips `data:` URIs and anything with `://`. */
function isRemoteImage(uri: string): boolean {
  return uri.startsWith('data:') || uri.includes('://')
}

/** The URL scheme Python's `urlparse` finds (`''` when none): letters first, then `[a-z0-9+-.]`. */
export function urlScheme(url: string): string {
  // urlsplit drops leading C0 controls and spaces first
  const trimmed = url.replace(/^[\u0000-\u0020]+/, '')
  const colon = trimmed.indexOf(':')
  if (colon <= 0) return ''
  const scheme = trimmed.slice(0, colon)
  return /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(scheme) ? scheme.toLowerCase() : ''
}

/** Python `urllib.parse.unquote`: `%XX` runs decoded as UTF-8 (invalid bytes replaced). */
export function unquote(text: string): string {
  if (!text.includes('%')) return text
  const decoder = new TextDecoder('utf-8', {fatal: false})
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3)
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16)
    return decoder.decode(bytes)
  })
}

/** Python's `str()` of a front-matter value, or `json.dumps` for lists and mappings. */
function metadataString(value: unknown): string {
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return pythonJson(value)
}

/** `json.dumps` with Python's default separators (`, ` and `: `). */
function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
    return `{${entries.join(', ')}}`
  }
  if (value === true) return 'true'
  if (value === false) return 'false'
  return JSON.stringify(value) ?? 'null'
}

/** Deepest container nesting one line may ask for (the deepest in 146 real files is 28). */
const MAX_LINE_NESTING = 100

/** Container nesting a whole document may ask for, summed over its lines (real: 2,197 at most). */
const MAX_NESTING_WORK = 15_000

/** Characters that open inline markup, in one paragraph (real: 193 at most) and in a document. */
const MAX_PARAGRAPH_OPENERS = 1_000
const MAX_DOCUMENT_OPENERS = 30_000 // real: 3,795

/** Directive fences (```` ```{name} ````, `:::{name}`) in a document (real: 76 at most). */
const MAX_DIRECTIVES = 250

/** Fence lines of any kind (```` ``` ````, `~~~`, `:::`) in a document (real: 182 at most). */
const MAX_FENCE_LINES = 1_000

/** Lines and blocks (a non-blank line after a blank one) of a document (real: 1,916 and 367). */
const MAX_LINES = 15_000
const MAX_BLOCKS = 3_000

/** `[ < ( * _ ` ! { &`: where micromark starts looking for the end of a link, tag, span, … */
function isOpener(ch: number): boolean {
  return (
    ch === 0x5b ||
    ch === 0x3c ||
    ch === 0x28 ||
    ch === 0x2a ||
    ch === 0x5f ||
    ch === 0x60 ||
    ch === 0x21 ||
    ch === 0x7b ||
    ch === 0x26
  )
}

/**
 * Where the Markdown parser's work would run away on hostile input, if it would, found in one
 * pass before parsing. micromark is superlinear on some shapes: it checks every open block quote
 * and list again on every line and opens them one by one (100,000 `>` on one line: 6 minutes;
 * 800 lists in a staircase: 33 s), it searches for the end of a link from every `[` and `(` of a
 * paragraph (50 KB of `[a](`: 1.9 s; 1 MB: 217 s), and each directive's body is parsed again
 * inside its parent (400 nested fences: 0.7 s); and even plain blocks cost about 0.1 ms each
 * (10,000 one-word paragraphs: 1.3 s). A line's nesting is its leading `>` plus its
 * indentation in pairs of columns (each list level needs two). Every budget is about ten times
 * the most found in 146 real Markdown files (OVS, DPDK, FRR, MyST-Parser's own docs); MyST itself
 * stops nesting at 20 levels (markdown-it's commonmark `maxNesting`).
 */
function budgetCut(text: string): {offset: number; line: number; why: string} | undefined {
  let work = 0
  let openers = 0
  let paragraphOpeners = 0
  let directives = 0
  let fences = 0
  let blocks = 0
  let previousBlank = true
  let line = 1
  for (let start = 0; start < text.length; line++) {
    let columns = 0
    let quotes = 0
    let i = start
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      if (ch === 0x20) columns++
      else if (ch === 0x09) columns += 4
      else if (ch === 0x3e) quotes++
      else break
    }
    let end = text.indexOf('\n', i)
    if (end < 0) end = text.length
    const cut = (why: string) => ({offset: start, line, why})
    if (line > MAX_LINES) return cut(`more than ${MAX_LINES} lines`)
    const depth = quotes + Math.floor(columns / 2)
    work += depth
    if (depth > MAX_LINE_NESTING)
      return cut(`more than ${MAX_LINE_NESTING} nested blocks on one line`)
    if (work > MAX_NESTING_WORK) return cut(`more than ${MAX_NESTING_WORK} nested block lines`)
    let blank = true
    let found = 0
    for (let k = i; k < end; k++) {
      const ch = text.charCodeAt(k)
      if (ch !== 0x20 && ch !== 0x09 && ch !== 0x0d) blank = false
      if (isOpener(ch)) found++
    }
    paragraphOpeners = blank ? 0 : paragraphOpeners + found
    openers += found
    if (!blank && previousBlank && ++blocks > MAX_BLOCKS)
      return cut(`more than ${MAX_BLOCKS} blocks`)
    previousBlank = blank
    if (paragraphOpeners > MAX_PARAGRAPH_OPENERS)
      return cut(`more than ${MAX_PARAGRAPH_OPENERS} inline markup characters in one paragraph`)
    if (openers > MAX_DOCUMENT_OPENERS)
      return cut(`more than ${MAX_DOCUMENT_OPENERS} inline markup characters`)
    // only a line starting with a fence character can be a fence: no slice for the others
    const first = text.charCodeAt(i)
    const head =
      first === 0x60 || first === 0x7e || first === 0x3a ? text.slice(i, Math.min(end, i + 64)) : ''
    if (/^(?:`{3,}|~{3,}|:{3,})/.test(head)) {
      if (++fences > MAX_FENCE_LINES) return cut(`more than ${MAX_FENCE_LINES} fence lines`)
      if (/^(?:`{3,}|~{3,}|:{3,})[ \t]*\{/.test(head) && ++directives > MAX_DIRECTIVES)
        return cut(`more than ${MAX_DIRECTIVES} directives`)
    }
    if (end >= text.length) break
    start = end + 1
  }
  return undefined
}

/** Extract DocFacts from one MyST Markdown document. Never throws on any input. */
export function extractMarkdownFacts(text: string, options: MarkdownFactsOptions): DocFacts {
  try {
    const cut = budgetCut(text)
    if (cut === undefined) return new Extractor(text, options).run()
    const facts = new Extractor(text.slice(0, cut.offset), options).run()
    facts.problems.push({
      level: 2,
      message: `Too much Markdown markup: ${cut.why} in this document; reading stopped at line ${cut.line} and the rest is not read.`,
      line: cut.line,
      kind: 'limit'
    })
    return facts
  } catch (error) {
    /* v8 ignore next -- defensive: the parser accepts every string */
    const facts = emptyFacts()
    facts.problems.push({
      level: 4,
      message: `Markdown could not be read: ${error instanceof Error ? error.message : String(error)}`,
      line: 1
    })
    return facts
  }
}
