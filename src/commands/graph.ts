/**
 * `doclint graph [PATH] --format dot|mermaid|json|svg|html [--output FILE]`: the toctree and
 * `:doc:` graph, with a legend, repeated links merged into one edge with a count, and filters
 * (`--root DOC`, `--depth N`, `--broken`). SVG and HTML are drawn by graphviz's `dot`.
 */
import {spawnSync} from 'node:child_process'
import orphanRule from '../../rules/orphan.js'
import {checkTree, prepareEngine} from '../engine/run.js'
import {docnameJoin} from '../graph/paths.js'
import {liveXrefs, toctreeEntries} from '../graph/queries.js'
import type {Graph} from '../graph/types.js'
import {DiskTree} from '../tree/disk.js'

/** A document of the exported graph. */
export interface GraphNode {
  id: string
  path?: string
  title?: string
  root?: boolean
  orphan?: boolean
  /** A target that names no document (the far end of a broken edge). */
  missing?: boolean
}

/** A toctree entry or a `:doc:` link (repeated ones merged). */
export interface GraphEdge {
  from: string
  to: string
  kind: 'toctree' | 'doc'
  broken: boolean
  /** How many entries or links this edge stands for (1 when absent). */
  count?: number
}

/** The graph as plain data: what the dot, mermaid and json formats print. */
export interface GraphModel {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** Build the exported model from a project graph. */
export function graphModel(graph: Graph): GraphModel {
  const orphans = new Set<string>()
  orphanRule.check({
    graph,
    options: {},
    report: (input) => orphans.add(input.resolved ?? input.target ?? '')
  })
  const nodes = new Map<string, GraphNode>()
  for (const document of graph.documents.values()) {
    const node: GraphNode = {id: document.docname, path: document.path}
    if (document.title) node.title = document.title.text
    if (document.docname === graph.rootDoc) node.root = true
    if (orphans.has(document.docname)) node.orphan = true
    nodes.set(document.docname, node)
  }
  const edges: GraphEdge[] = []
  const missing = (id: string): void => {
    if (!nodes.has(id)) nodes.set(id, {id, missing: true})
  }
  for (const {document, resolved} of toctreeEntries(graph)) {
    if (resolved.status === 'external') continue
    const targets =
      resolved.status === 'glob'
        ? (resolved.matches ?? [])
        : [resolved.docname ?? resolved.entry.ref]
    for (const to of targets) {
      const broken = resolved.status === 'missing' || resolved.status === 'excluded'
      if (broken) missing(to)
      if (graph.generated.has(to)) continue
      edges.push({from: document.docname, to, kind: 'toctree', broken})
    }
  }
  for (const {document, xref} of liveXrefs(graph, ['doc'])) {
    const to = docnameJoin(document.docname, xref.target)
    const broken = !graph.documents.has(to)
    if (broken) missing(to)
    edges.push({from: document.docname, to, kind: 'doc', broken})
  }
  return {nodes: [...nodes.values()], edges: mergeEdges(edges)}
}

/** Parallel edges (the same link written several times) as one edge with a count. */
export function mergeEdges(edges: GraphEdge[]): GraphEdge[] {
  const merged = new Map<string, GraphEdge>()
  for (const edge of edges) {
    const key = [edge.from, edge.to, edge.kind, edge.broken].join('\u0000')
    const known = merged.get(key)
    if (known) known.count = (known.count ?? 1) + (edge.count ?? 1)
    else merged.set(key, {...edge})
  }
  return [...merged.values()]
}

/** What `--root`, `--depth` and `--broken` keep of a graph. */
export interface GraphFilter {
  /** Keep what is reachable from this document (default, with depth: the root document). */
  root?: string
  /** How many edges away from the root. */
  depth?: number
  /** Keep only broken edges, missing targets, orphans, and their neighbours. */
  broken?: boolean
}

/** The part of a model a filter keeps (nodes and the edges between kept nodes). */
export function filterModel(model: GraphModel, filter: GraphFilter): GraphModel {
  let keep: Set<string> | undefined
  if (filter.root !== undefined || filter.depth !== undefined) {
    const start =
      filter.root ?? model.nodes.find((node) => node.root)?.id ?? model.nodes[0]?.id ?? ''
    keep = new Set([start])
    let frontier = [start]
    for (let level = 0; frontier.length > 0 && level < (filter.depth ?? Infinity); level++) {
      const next: string[] = []
      for (const edge of model.edges) {
        if (frontier.includes(edge.from) && !keep.has(edge.to)) {
          keep.add(edge.to)
          next.push(edge.to)
        }
      }
      frontier = next
    }
  }
  if (filter.broken === true) {
    // what is broken: missing targets, orphans, the two ends of each broken edge; then every
    // document one edge away from a missing target or an orphan
    const bad = new Set<string>()
    for (const node of model.nodes) if (node.orphan || node.missing) bad.add(node.id)
    const around = new Set(bad)
    for (const edge of model.edges) {
      if (edge.broken || bad.has(edge.from) || bad.has(edge.to)) {
        around.add(edge.from)
        around.add(edge.to)
      }
    }
    keep = keep === undefined ? around : new Set([...keep].filter((id) => around.has(id)))
  }
  if (keep === undefined) return model
  const kept = keep
  return {
    nodes: model.nodes.filter((node) => kept.has(node.id)),
    edges: model.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to))
  }
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** Graphviz dot: toctree edges solid, `:doc:` edges dashed, broken ones red, orphans orange. */
export function toDot(model: GraphModel, options: {legend?: boolean} = {}): string {
  const lines = ['digraph doclint {', '  rankdir=LR;', '  node [shape=box, fontname="sans-serif"];']
  for (const node of model.nodes) {
    const attributes = [`label=${quote(node.title ? `${node.id}\n${node.title}` : node.id)}`]
    if (node.root) attributes.push('penwidth=2')
    if (node.orphan) attributes.push('color=orange', 'style=dashed')
    if (node.missing) attributes.push('color=red', 'fontcolor=red', 'style=dotted')
    lines.push(`  ${quote(node.id)} [${attributes.join(', ')}];`)
  }
  for (const edge of model.edges) {
    const attributes: string[] = []
    if (edge.kind === 'doc') attributes.push('style=dashed')
    if (edge.broken) attributes.push('color=red', 'fontcolor=red')
    if ((edge.count ?? 1) > 1) attributes.push(`label="×${edge.count}"`)
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)}${attributes.length ? ` [${attributes.join(', ')}]` : ''};`
    )
  }
  if (options.legend !== false) lines.push(...DOT_LEGEND)
  lines.push('}')
  return `${lines.join('\n')}\n`
}

/** The legend: one sample of each node and edge style, in a box of its own. */
const DOT_LEGEND = [
  '  subgraph cluster_legend {',
  '    label="Legend"; fontname="sans-serif"; style=rounded; color=gray;',
  '    node [shape=box, fontname="sans-serif", fontsize=10];',
  '    edge [fontname="sans-serif", fontsize=10];',
  '    "legend:root" [label="root document", penwidth=2];',
  '    "legend:doc" [label="document"];',
  '    "legend:orphan" [label="orphan (in no toctree)", color=orange, style=dashed];',
  '    "legend:missing" [label="missing target", color=red, fontcolor=red, style=dotted];',
  '    "legend:a" [label="document"];',
  '    "legend:root" -> "legend:doc" [label="toctree entry"];',
  '    "legend:doc" -> "legend:a" [label=":doc: link ×2", style=dashed];',
  '    "legend:a" -> "legend:missing" [label="broken", color=red, fontcolor=red];',
  '  }'
]

/** Mermaid flowchart, with classes for orphans and missing targets. */
export function toMermaid(model: GraphModel): string {
  const ids = new Map<string, string>()
  model.nodes.forEach((node, index) => ids.set(node.id, `n${index}`))
  const label = (text: string): string => `"${text.replace(/"/g, '#quot;')}"`
  const lines = ['flowchart LR']
  for (const node of model.nodes) {
    const id = ids.get(node.id) ?? ''
    lines.push(
      `  ${id}[${label(node.id)}]${node.orphan ? ':::orphan' : ''}${node.missing ? ':::missing' : ''}`
    )
  }
  for (const edge of model.edges) {
    const arrow = edge.kind === 'doc' ? '-.->' : '-->'
    const labels = [
      ...(edge.broken ? ['broken'] : []),
      ...((edge.count ?? 1) > 1 ? [`×${edge.count}`] : [])
    ]
    lines.push(
      `  ${ids.get(edge.from)} ${arrow}${labels.length > 0 ? `|${labels.join(' ')}|` : ''} ${ids.get(edge.to)}`
    )
  }
  lines.push(
    '  subgraph legend [Legend]',
    '    legendDoc["document"] -->|toctree entry| legendLink["document"]',
    '    legendLink -.->|":doc: link"| legendOrphan["orphan"]:::orphan',
    '    legendOrphan -->|broken| legendMissing["missing target"]:::missing',
    '  end'
  )
  lines.push('  classDef orphan stroke:#f90,stroke-dasharray:4')
  lines.push('  classDef missing stroke:#d00,color:#d00')
  return `${lines.join('\n')}\n`
}

/** Graph output formats. */
export const GRAPH_FORMATS = ['dot', 'mermaid', 'json', 'svg', 'html'] as const

/** What the CLI passes to `doclint graph`. */
export interface GraphCommandOptions extends GraphFilter {
  /** (format, output) pairs as given; the format is taken from the output's extension when absent. */
  outputs: {format: string; output?: string}[]
  config?: string
  color?: boolean
}

/** Thrown when graphviz is needed and absent (exit status 2). */
export class GraphvizMissingError extends Error {
  override name = 'UsageError'
}

/** Render dot source with graphviz (`dot -Tsvg`). */
export function renderSvg(dot: string): string {
  const result = spawnSync('dot', ['-Tsvg'], {input: dot, encoding: 'utf8', maxBuffer: 256 << 20})
  if (result.error !== undefined || result.status !== 0) {
    const why =
      (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
        ? 'graphviz is not installed (`dot` not found)'
        : `dot failed: ${(result.stderr || String(result.error)).trim()}`
    throw new GraphvizMissingError(
      `--format svg and html need graphviz: ${why}. Install it (apt-get install graphviz, brew install graphviz) or use --format dot or mermaid`
    )
  }
  return result.stdout
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A page holding the SVG (its legend included) and a short key of the counts. */
export function toHtml(model: GraphModel, svg: string, title: string): string {
  const orphans = model.nodes.filter((node) => node.orphan).length
  const missing = model.nodes.filter((node) => node.missing).length
  const broken = model.edges.filter((edge) => edge.broken).length
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:1em}svg{max-width:100%;height:auto}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${model.nodes.length - missing} documents, ${model.edges.length} edges; ${broken} broken, ${orphans} orphans, ${missing} missing targets.
Solid edges are toctree entries, dashed ones <code>:doc:</code> links; red is broken, orange an orphan.</p>
${svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/, '')}
</body>
</html>
`
}

/** One model in a format. */
export function renderGraph(model: GraphModel, format: string, title: string): string {
  switch (format) {
    case 'mermaid':
      return toMermaid(model)
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`
    case 'svg':
      return renderSvg(toDot(model))
    case 'html':
      return toHtml(model, renderSvg(toDot(model)), title)
    default:
      return toDot(model)
  }
}

/** Run the subcommand. */
export async function commandGraph(args: string[], options: GraphCommandOptions): Promise<number> {
  const outputs = options.outputs.map(({format, output}) => {
    // `--output g.svg` alone: the format follows the file's extension.
    const fromName =
      output === undefined
        ? undefined
        : /\.(dot|gv|mermaid|mmd|json|svg|html?)$/i.exec(output)?.[1]?.toLowerCase()
    const byExtension: Record<string, string> = {gv: 'dot', mmd: 'mermaid', htm: 'html'}
    const chosen =
      format === 'stylish'
        ? fromName === undefined
          ? 'dot'
          : (byExtension[fromName] ?? fromName)
        : format
    return {format: chosen, output, given: format}
  })
  for (const {format, given} of outputs) {
    if (!(GRAPH_FORMATS as readonly string[]).includes(format)) {
      process.stderr.write(
        `doclint: graph formats are ${GRAPH_FORMATS.join(', ')}, not "${given}" (--format)\n`
      )
      return 2
    }
  }
  const engine = await prepareEngine({
    cwd: process.cwd(),
    paths: args,
    onlyRules: [],
    requireSources: true,
    ...(options.config === undefined ? {} : {configPath: options.config})
  })
  const {graphs} = await checkTree(engine, new DiskTree(engine.root))
  const models = graphs.map((graph) => graphModel(graph))
  if (
    options.root !== undefined &&
    !models.some((model) => model.nodes.some((n) => n.id === options.root))
  ) {
    process.stderr.write(`doclint: no document "${options.root}" in the graph (--root)\n`)
    return 2
  }
  const filtered = models.map((model) =>
    filterModel(model, {
      ...(options.root === undefined ? {} : {root: options.root}),
      ...(options.depth === undefined ? {} : {depth: options.depth}),
      ...(options.broken === true ? {broken: true} : {})
    })
  )
  const title = `doclint graph ${args.join(' ') || '.'}`
  for (const {format, output} of outputs) {
    const text = filtered.map((model) => renderGraph(model, format, title)).join('')
    if (output === undefined) {
      process.stdout.write(text)
    } else {
      const {writeOutput} = await import('../fs/output.js')
      await writeOutput(engine.cwd, engine.root, output, text)
      process.stderr.write(`doclint: wrote ${output}\n`)
    }
  }
  return 0
}
