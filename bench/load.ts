import http from 'node:http'

// A small closed-loop load generator: `connections` keep-alive sockets, each sending its next
// request as soon as the previous answer arrives, for `durationMs` (or until `limit` requests).
// The same tool measures the bare node:http ceiling and the app, so their ratio is fair.

export type Req = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }
export type LoadResult = {
  requests: number
  seconds: number
  rps: number
  p50: number
  p99: number
  statuses: Record<string, number>
  bodies: string[]
}

export async function runLoad(opts: {
  port: number
  connections: number
  durationMs: number
  limit?: number
  next: (i: number) => Req | null
  keepBodies?: boolean
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections })
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const bodies: string[] = []
  let issued = 0
  const started = performance.now()
  const deadline = started + opts.durationMs
  const one = (req: Req) =>
    new Promise<void>((resolve) => {
      const t = performance.now()
      const r = http.request(
        {
          host: '127.0.0.1',
          port: opts.port,
          method: req.method,
          path: req.path,
          agent,
          headers: {
            ...(req.headers ?? {}),
            ...(req.body ? { 'Content-Length': Buffer.byteLength(req.body) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => opts.keepBodies && chunks.push(c))
          res.on('end', () => {
            latencies.push(performance.now() - t)
            const key = String(res.statusCode)
            statuses[key] = (statuses[key] ?? 0) + 1
            if (opts.keepBodies) bodies.push(Buffer.concat(chunks).toString('utf8'))
            resolve()
          })
        },
      )
      r.on('error', () => {
        statuses.error = (statuses.error ?? 0) + 1
        resolve()
      })
      if (req.body) r.write(req.body)
      r.end()
    })
  const worker = async () => {
    while (performance.now() < deadline && (opts.limit === undefined || issued < opts.limit)) {
      const req = opts.next(issued++)
      if (!req) return
      await one(req)
    }
  }
  await Promise.all(Array.from({ length: opts.connections }, worker))
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  const sorted = [...latencies].sort((a, b) => a - b)
  const pct = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    statuses,
    bodies,
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
