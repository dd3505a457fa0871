/** `doclint graph [PATH] --format dot|mermaid|json`: the toctree and reference graph. */
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

/** A toctree entry or a `:doc:` link. */
export interface GraphEdge {
  from: string
  to: string
  kind: 'toctree' | 'doc'
  broken: boolean
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
  return {nodes: [...nodes.values()], edges}
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** Graphviz dot: toctree edges solid, `:doc:` edges dashed, broken ones red, orphans orange. */
export function toDot(model: GraphModel): string {
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
    if (edge.broken) attributes.push('color=red')
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)}${attributes.length ? ` [${attributes.join(', ')}]` : ''};`
    )
  }
  lines.push('}')
  return `${lines.join('\n')}\n`
}

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
    lines.push(
      `  ${ids.get(edge.from)} ${arrow}${edge.broken ? '|broken|' : ''} ${ids.get(edge.to)}`
    )
  }
  lines.push('  classDef orphan stroke:#f90,stroke-dasharray:4')
  lines.push('  classDef missing stroke:#d00,color:#d00')
  return `${lines.join('\n')}\n`
}

/** Run the subcommand. */
export async function commandGraph(args: string[], format: string): Promise<number> {
  const chosen = format === 'stylish' ? 'dot' : format
  if (!['dot', 'mermaid', 'json'].includes(chosen)) {
    process.stderr.write(`doclint: graph formats are dot, mermaid and json, not "${format}"\n`)
    return 2
  }
  const engine = await prepareEngine({cwd: process.cwd(), paths: args, onlyRules: []})
  const {graphs} = await checkTree(engine, new DiskTree(engine.root))
  for (const graph of graphs) {
    const model = graphModel(graph)
    process.stdout.write(
      chosen === 'dot'
        ? toDot(model)
        : chosen === 'mermaid'
          ? toMermaid(model)
          : `${JSON.stringify(model, null, 2)}\n`
    )
  }
  return 0
}
