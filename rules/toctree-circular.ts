/** Toctrees must not form a cycle. */
import type {ToctreeEntry} from '../src/facts/types.js'
import type {Graph} from '../src/graph/types.js'
import {defineRule} from '../src/rule.js'

interface Edge {
  to: string
  file: string
  entry: ToctreeEntry
}

/** Where an edge comes from: shared by every edge of one entry (a glob has many). */
interface Source {
  file: string
  entry: ToctreeEntry
}

/**
 * Each document's toctree edges, as targets and their sources side by side: a glob entry adds one
 * target per match but no object per edge (1,000 documents that each glob `*` make a million).
 */
interface Out {
  to: string[]
  from: Source[]
}

function edgesOf(graph: Graph): Map<string, Out> {
  const edges = new Map<string, Out>()
  for (const document of graph.documents.values()) {
    const out: Out = {to: [], from: []}
    for (const toctree of document.toctrees) {
      // `only` blocks are pruned before resolution when false: a cycle through one is not certain.
      if (!toctree.toctree.valid || toctree.toctree.inOnly !== undefined) continue
      for (const resolved of toctree.entries) {
        if (resolved.status === 'self') continue
        const source: Source = {file: toctree.file, entry: resolved.entry}
        for (const to of resolved.registers) {
          if (to !== document.docname && graph.documents.has(to)) {
            out.to.push(to)
            out.from.push(source)
          }
        }
      }
    }
    edges.set(document.docname, out)
  }
  return edges
}

/** Strongly connected components (Tarjan), iterative so deep trees cannot overflow the stack. */
function components(nodes: string[], edges: Map<string, Out>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const result: string[][] = []
  let counter = 0
  for (const start of nodes) {
    if (index.has(start)) continue
    const work: [string, number][] = [[start, 0]]
    index.set(start, counter)
    low.set(start, counter++)
    stack.push(start)
    onStack.add(start)
    while (work.length) {
      const top = work[work.length - 1] as [string, number]
      const [node, next] = top
      const out = edges.get(node)?.to ?? []
      if (next < out.length) {
        top[1]++
        const to = out[next] as string
        if (!index.has(to)) {
          index.set(to, counter)
          low.set(to, counter++)
          stack.push(to)
          onStack.add(to)
          work.push([to, 0])
        } else if (onStack.has(to)) {
          low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) ?? 0, low.get(node) ?? 0))
      if (low.get(node) === index.get(node)) {
        const component: string[] = []
        for (;;) {
          const member = stack.pop() as string
          onStack.delete(member)
          component.push(member)
          if (member === node) break
        }
        result.push(component)
      }
    }
  }
  return result
}

/** The shortest cycle through `start` inside one component, as the edges taken. */
function cycleFrom(start: string, members: Set<string>, edges: Map<string, Out>): Edge[] {
  const previous = new Map<string, {from: string; edge: Edge}>()
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string
    const out = edges.get(node)
    for (let k = 0; out !== undefined && k < out.to.length; k++) {
      const to = out.to[k] as string
      if (!members.has(to) || (to !== start && previous.has(to))) continue
      const edge: Edge = {to, ...(out.from[k] as Source)}
      if (to === start) {
        const path: Edge[] = [edge]
        let at = node
        while (at !== start) {
          const step = previous.get(at)
          if (!step) break
          path.unshift(step.edge)
          at = step.from
        }
        return path
      }
      previous.set(to, {from: node, edge})
      queue.push(to)
    }
  }
  return []
}

export default defineRule({
  meta: {
    id: 'toctree-circular',
    description: 'Toctrees must not form a cycle',
    recommended: true,
    defaultSeverity: 'error',
    fixable: false,
    sphinx: 'circular toctree references detected, ignoring: a <- b <- a',
    sphinxMatch: {
      patterns: [/circular toctree references detected, ignoring: (.+)$/],
      compare: 'presence'
    },
    messages: {cycle: 'Unexpected toctree cycle: {cycle}'}
  },
  check({graph, report}) {
    const edges = edgesOf(graph)
    for (const component of components([...graph.documents.keys()], edges)) {
      if (component.length < 2) continue
      const members = new Set(component)
      const start = [...component].sort()[0] as string
      const path = cycleFrom(start, members, edges)
      const closing = path[path.length - 1]
      if (!closing) continue
      const names = [start, ...path.map((edge) => edge.to)]
      const cycle = names.map((name) => `\`${name}\``).join(' → ')
      report({
        messageId: 'cycle',
        data: {cycle},
        file: closing.file,
        range: closing.entry.range,
        target: closing.entry.raw,
        resolved: names.join(' -> '),
        related: path.slice(0, -1).map((edge) => ({
          file: edge.file,
          range: edge.entry.range,
          message: `\`${edge.to}\` listed here`
        }))
      })
    }
  }
})
