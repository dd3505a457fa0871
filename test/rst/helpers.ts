/** Small tree helpers shared by the RST tests. */
import type {Node} from 'unist'
import type {Root} from '../../src/rst/index.js'

/** Every node of the tree in document order (explicit stack, no recursion). */
export function allNodes(root: Root): Node[] {
  const out: Node[] = []
  const stack: Node[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    out.push(node)
    const kids = [
      ...(((node as {children?: Node[]}).children ?? []) as Node[]),
      ...(((node as {argumentChildren?: Node[]}).argumentChildren ?? []) as Node[])
    ]
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!)
  }
  return out
}

/** Nodes of one type, in document order. */
export function ofType<T extends Node>(root: Root, type: T['type']): T[] {
  return allNodes(root).filter((n): n is T => n.type === type)
}

/** The source text a node covers. */
export function sliceOf(text: string, node: Node): string {
  return text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0)
}

/** `[line, column, line, column]` of a node, for compact position asserts. */
export function lc(node: Node): [number, number, number, number] {
  const p = node.position!
  return [p.start.line, p.start.column, p.end.line, p.end.column]
}
