/**
 * The public reStructuredText syntax tree (unist). This file is a contract: node `type`s and the
 * fields listed here are stable (docs/ast.md documents them). New optional fields may be added.
 *
 * Every node has a `position` with `start`/`end` points (line and column 1-based, offset 0-based
 * into the text given to `parse`, after nothing: tabs are expanded for *indentation* logic only,
 * offsets and columns always refer to the original text, column counting UTF-16 code units + 1).
 * Point objects may be shared between positions (where one node ends and the next begins): treat
 * positions as read-only.
 */
import type {Node, Parent, Position} from 'unist'

/** A docutils-style system message, kept as data (never thrown). */
export interface Problem {
  /** 1 info, 2 warning, 3 error, 4 severe, as docutils. */
  level: 1 | 2 | 3 | 4
  message: string
  /** Where docutils would report it (line 1-based) and, where known, the exact range. */
  line: number
  position?: Position
  /** `limit`: a budget ran out and the rest was not parsed (a note for the run, not a finding). */
  kind?: 'limit'
}

interface RstNode extends Node {
  position: Position
}
interface RstParent extends Parent {
  position: Position
}

// ---------------------------------------------------------------- inline nodes

export interface Text extends RstNode {
  type: 'text'
  /** Text with backslash escapes removed (as docutils' `unescape`). */
  value: string
}
export interface Emphasis extends RstParent {
  type: 'emphasis'
  children: Inline[]
}
export interface Strong extends RstParent {
  type: 'strong'
  children: Inline[]
}
/** ``inline literal``. */
export interface InlineLiteral extends RstNode {
  type: 'inlineLiteral'
  value: string
}
/**
 * Interpreted text. `name` is the role as docutils normalises it: lower-cased, domain prefix kept
 * (`doc`, `std:ref`, `py:func`). For interpreted text without an explicit role, `name` is the
 * default role in force (`title-reference` unless `options.defaultRole` or a
 * `.. default-role::` directive says otherwise) and `implicit` is true. `value` is the raw text
 * between the backquotes, escapes kept (`:doc:`a\\_b`` → `a\\_b`), newlines kept.
 */
export interface Role extends RstNode {
  type: 'role'
  name: string
  value: string
  implicit?: boolean
  /** Position of `value` alone (inside the backquotes). */
  valuePosition: Position
}
/**
 * A hyperlink reference: `name`_, `text <uri>`_, `text <alias_>`_, name__ (anonymous),
 * or a standalone URI (`standalone: true`). `refname` is the normalised target name.
 */
export interface Reference extends RstNode {
  type: 'reference'
  /** The text shown. */
  text: string
  refname?: string
  refuri?: string
  anonymous?: boolean
  standalone?: boolean
  /** `embedded` is 'uri' for `t <uri>`_, 'alias' for `t <name_>`_. */
  embedded?: 'uri' | 'alias'
}
/** _`inline target`. */
export interface InlineTarget extends RstNode {
  type: 'inlineTarget'
  /** Normalised name (lower-case, whitespace collapsed). */
  name: string
  text: string
}
export interface FootnoteReference extends RstNode {
  type: 'footnoteReference'
  /** `1`, `#`, `#name`, `*`. */
  label: string
}
export interface CitationReference extends RstNode {
  type: 'citationReference'
  label: string
}
export interface SubstitutionReference extends RstNode {
  type: 'substitutionReference'
  /** Name as written (docutils matches case-sensitively first, then normalised). */
  name: string
  /** `|x|_` and `|x|__` also make a reference. */
  reference?: 'named' | 'anonymous'
}

export type Inline =
  | Text
  | Emphasis
  | Strong
  | InlineLiteral
  | Role
  | Reference
  | InlineTarget
  | FootnoteReference
  | CitationReference
  | SubstitutionReference

// ---------------------------------------------------------------- block nodes

export interface Root extends RstParent {
  type: 'root'
  children: Block[]
  /** Problems found while parsing, in document order. */
  problems: Problem[]
}
/** A section: `children[0]` is its `title`. `depth` is 1 for the first adornment style seen. */
export interface Section extends RstParent {
  type: 'section'
  depth: number
  /** The adornment: underline char, and overline char when there is one. */
  adornment: {underline: string; overline?: string}
  children: [Title, ...Block[]]
}
export interface Title extends RstParent {
  type: 'title'
  children: Inline[]
}
export interface Paragraph extends RstParent {
  type: 'paragraph'
  children: Inline[]
}
export interface Transition extends RstNode {
  type: 'transition'
}
export interface BulletList extends RstParent {
  type: 'bulletList'
  bullet: string
  children: ListItem[]
}
export interface EnumeratedList extends RstParent {
  type: 'enumeratedList'
  /** arabic, loweralpha, upperalpha, lowerroman, upperroman; `#` auto uses the list's type. */
  enumtype: 'arabic' | 'loweralpha' | 'upperalpha' | 'lowerroman' | 'upperroman'
  start: number
  prefix: string
  suffix: string
  children: ListItem[]
}
export interface ListItem extends RstParent {
  type: 'listItem'
  children: Block[]
}
export interface DefinitionList extends RstParent {
  type: 'definitionList'
  children: DefinitionListItem[]
}
/** term, classifiers, definition. */
export interface DefinitionListItem extends RstParent {
  type: 'definitionListItem'
  children: (Term | Classifier | Definition)[]
}
export interface Term extends RstParent {
  type: 'term'
  children: Inline[]
}
export interface Classifier extends RstParent {
  type: 'classifier'
  children: Inline[]
}
export interface Definition extends RstParent {
  type: 'definition'
  children: Block[]
}
export interface FieldList extends RstParent {
  type: 'fieldList'
  children: Field[]
}
/** Docinfo: the field list that is the first non-prebibliographic element of the document. */
export interface Docinfo extends RstParent {
  type: 'docinfo'
  children: Field[]
}
export interface Field extends RstParent {
  type: 'field'
  /** Field name as written (raw). */
  name: string
  children: [FieldName, FieldBody]
}
export interface FieldName extends RstParent {
  type: 'fieldName'
  children: Inline[]
}
export interface FieldBody extends RstParent {
  type: 'fieldBody'
  children: Block[]
}
export interface OptionList extends RstParent {
  type: 'optionList'
  children: OptionListItem[]
}
export interface OptionListItem extends RstParent {
  type: 'optionListItem'
  /** The option group as written (`-a, --all`). */
  options: string
  children: Block[]
}
/** A literal block (after `::`, or quoted). `value` is the text with indentation removed. */
export interface LiteralBlock extends RstNode {
  type: 'literalBlock'
  value: string
  quoted?: boolean
}
export interface LineBlock extends RstParent {
  type: 'lineBlock'
  children: (Line | LineBlock)[]
}
export interface Line extends RstParent {
  type: 'line'
  children: Inline[]
}
export interface BlockQuote extends RstParent {
  type: 'blockQuote'
  children: Block[]
}
export interface Attribution extends RstParent {
  type: 'attribution'
  children: Inline[]
}
export interface DoctestBlock extends RstNode {
  type: 'doctestBlock'
  value: string
}
export interface Table extends RstParent {
  type: 'table'
  format: 'grid' | 'simple'
  children: TableRow[]
}
export interface TableRow extends RstParent {
  type: 'tableRow'
  header: boolean
  children: TableCell[]
}
export interface TableCell extends RstParent {
  type: 'tableCell'
  rowspan?: number
  colspan?: number
  children: Block[]
}
/**
 * A directive. `position.start` is the `..` of its marker line. `argument` is the argument text
 * (lines joined with `\n`, as written) or '' when none; `options` maps option names (as written,
 * lower-cased) to values ('' for flags). `content` is the raw content block (indentation
 * removed), `contentPosition` where it starts and ends. `children` holds the parsed content when
 * the directive's body is reStructuredText; `literal` is true when the body is literal text
 * (code-block, raw, …) and then `children` is empty. `parsed-literal` content is inline
 * markup: its children are one `paragraph`.
 */
export interface Directive extends RstParent {
  type: 'directive'
  name: string
  argument: string
  argumentPosition?: Position
  /** Inline markup of the argument, for directives whose argument is a title (admonition, topic, rubric, versionadded's text, …). */
  argumentChildren?: Inline[]
  options: Record<string, string>
  /** Per-option positions of the whole `:name: value` line(s). */
  optionPositions: Record<string, Position>
  content: string
  contentPosition?: Position
  /** Content lines (indentation removed) with their 1-based source line numbers. */
  contentLines: {text: string; line: number; column: number; offset: number}[]
  literal: boolean
  children: Block[]
}
/** `.. |name| directive:: …`: the directive is the only child. */
export interface SubstitutionDefinition extends RstParent {
  type: 'substitutionDefinition'
  name: string
  children: Directive[]
}
export interface Footnote extends RstParent {
  type: 'footnote'
  /** `1`, `#`, `#name`, `*`. */
  label: string
  children: Block[]
}
export interface Citation extends RstParent {
  type: 'citation'
  label: string
  children: Block[]
}
/**
 * A hyperlink target: `.. _name:` (internal, no refuri/refname), `.. _name: uri` (refuri),
 * `.. _name: other_` (indirect, refname), `.. __: uri` / `__ uri` (anonymous). `name` is the
 * normalised name (lower-cased, whitespace collapsed); `rawName` as written.
 */
export interface Target extends RstNode {
  type: 'target'
  name?: string
  rawName?: string
  refuri?: string
  refname?: string
  anonymous?: boolean
}
/** A comment (explicit markup that is nothing else), including the empty `..`. */
export interface Comment extends RstNode {
  type: 'comment'
  value: string
}

export type Block =
  | Section
  | Title
  | Paragraph
  | Transition
  | BulletList
  | EnumeratedList
  | DefinitionList
  | FieldList
  | Docinfo
  | OptionList
  | LiteralBlock
  | LineBlock
  | BlockQuote
  | Attribution
  | DoctestBlock
  | Table
  | Directive
  | SubstitutionDefinition
  | Footnote
  | Citation
  | Target
  | Comment

export type RstContent =
  | Root
  | Block
  | Inline
  | ListItem
  | DefinitionListItem
  | Term
  | Classifier
  | Definition
  | Field
  | FieldName
  | FieldBody
  | OptionListItem
  | Line
  | TableRow
  | TableCell

/** Options for `parse`. */
export interface ParseOptions {
  /** The default role for `` `text` `` (conf.py `default_role`); docutils' is `title-reference`. */
  defaultRole?: string
  /** Tab width for indentation (docutils: 8). */
  tabWidth?: number
  /** Directive names whose content is literal text, added to the built-in table. */
  literalDirectives?: string[]
  /** Directive names whose content is reStructuredText, added to (and overriding) the table. */
  rstDirectives?: string[]
  /**
   * Most inline elements one document may produce (default 20,000; `Infinity` for no limit).
   * An element is any inline node other than text (emphasis, literal, role, reference, standalone
   * URI, target, footnote/citation/substitution reference) and any inline-markup problem. Past
   * the limit inline parsing stops: the rest of the document, in document order, is plain `text`
   * nodes, and `root.problems` gets one level-2 problem starting `Too much inline markup:` that
   * names the limit and the line where parsing stopped. This bounds the parser's memory and the
   * work of everything downstream on hostile input; it is a count, never a clock, so the result
   * is deterministic. The default is far above real documents: none of 1,988 (Open vSwitch,
   * DPDK, Ansible, the PEPs) has 2,000; the most in Open vSwitch's Documentation/ is 1,236
   * (ref/ovs-actions.7.rst) and in any of the 759 PEPs 1,051 (pep-0587.rst), counted by this parser.
   */
  maxElements?: number
  /**
   * Most block elements one document may produce (default 50,000; `Infinity` for no limit),
   * counted as block constructs, nested bodies (list item, definition, field body, table cell,
   * directive content, …), runs of inline text (paragraph, title, line, term, …) and directive
   * content lines kept in `content`/`contentLines` (nested directives keep them once per level).
   * The same number bounds two other costs of block parsing: at most 2 lines per element are
   * parsed (100,000 by default; every line costs memory before any structure is known), and
   * nested bodies may read at most 10 lines per element again (500,000 by default; a body
   * nested N deep reads its lines N times). Past any of these, block parsing stops: every body
   * not parsed yet (the rest of the current one and those still queued, nested bodies coming
   * after their parents) becomes one `paragraph` holding one plain `text` node (a directive's
   * content too, as its only child, with `content` left empty), lines past the line limit one
   * last paragraph, a table ends with the cell being made, and `root.problems` gets one level-2
   * problem starting `Too much block markup:` (elements, lines) or `Too much block nesting:`
   * with the limit and the line where parsing stopped. Counts, never clocks. Real documents are
   * far below: the most in any file of Open vSwitch is 3,542 elements (AUTHORS.rst), in any PEP
   * 2,993 (pep-0818.rst); the longest has 3,372 lines; the most lines read again is 3,409 (of
   * 1,988 documents of Open vSwitch, DPDK, Ansible and the PEPs: DPDK's testpmd_funcs.rst).
   */
  maxBlockElements?: number
}
