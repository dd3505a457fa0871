/** A loopback HTTP server that replays scripted responses and records every request. */
import http from 'node:http'
import type {AddressInfo} from 'node:net'

/** One scripted response. */
export interface Reply {
  status?: number
  body?: string
  contentType?: string
  /** A Location header (redirects). */
  location?: string
  /** Wait this long before answering (a slow server). */
  delayMs?: number
}

/** A request as the server saw it. */
export interface Recorded {
  method: string
  path: string
  authorization: string | undefined
  contentType: string | undefined
  body: string
}

/**
 * Routes are `METHOD path` → queue of replies; each request takes the next reply, and the last
 * one repeats. Unknown routes get 404. Only ever listens on 127.0.0.1.
 */
export class ReplayServer {
  readonly requests: Recorded[] = []
  private readonly routes = new Map<string, Reply[]>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const method = request.method ?? 'GET'
      const path = request.url ?? '/'
      this.requests.push({
        method,
        path,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8')
      })
      const queue = this.routes.get(`${method} ${path}`)
      const reply: Reply = (queue !== undefined && queue.length > 1
        ? queue.shift()
        : queue?.[0]) ?? {
        status: 404,
        body: '{"detail":"Not found."}'
      }
      const send = (): void => {
        if (response.destroyed) return
        const headers: Record<string, string> = {
          'Content-Type': reply.contentType ?? 'application/json'
        }
        if (reply.location !== undefined) headers['Location'] = reply.location
        response.writeHead(reply.status ?? 200, headers)
        response.end(reply.body ?? '')
      }
      if (reply.delayMs === undefined) {
        send()
      } else {
        const timer = setTimeout(() => {
          this.timers.delete(timer)
          send()
        }, reply.delayMs)
        this.timers.add(timer)
      }
    })
  })

  /** Script the replies of a route (replacing earlier ones). */
  on(method: string, path: string, ...replies: Reply[]): this {
    this.routes.set(`${method} ${path}`, replies)
    return this
  }

  /** Start listening on an ephemeral loopback port; resolves to the base URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    const {port} = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  /** Stop: cancel delayed replies and drop open connections. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
