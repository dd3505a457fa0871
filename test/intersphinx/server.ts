/**
 * A real HTTP server on 127.0.0.1 for the intersphinx tests: routes answer with a body, a status
 * and headers, or after a delay; every request is recorded (path and headers).
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'

/** How one path answers. */
export interface Route {
  status?: number
  body?: Uint8Array | string
  headers?: Record<string, string>
  /** Wait this long before answering (timeouts). */
  delayMs?: number
}

/** A running server. */
export interface TestServer {
  url: string
  port: number
  routes: Map<string, Route>
  requests: {path: string; headers: http.IncomingHttpHeaders}[]
  close(): Promise<void>
}

/** Start a server on 127.0.0.1 on a free port. */
export async function startServer(routes: Record<string, Route> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes))
  const requests: TestServer['requests'] = []
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/'
    requests.push({path, headers: request.headers})
    const route = table.get(path)
    const answer = (): void => {
      if (!route) {
        response.writeHead(404).end('not found')
        return
      }
      response.writeHead(route.status ?? 200, route.headers ?? {})
      response.end(route.body ?? '')
    }
    if (route?.delayMs) setTimeout(answer, route.delayMs)
    else answer()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    routes: table,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
