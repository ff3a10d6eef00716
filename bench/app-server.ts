import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The production server as the benches start it (scripts/server.ts under tsx, in its own process
// group), ready only when EVERY worker listens: the server prints its "listening" line once all
// have. Waiting for /healthz alone is not enough: the first worker answers it while the others
// still start, and a load generator's keep-alive connections, all opened at once, then stay on
// that one worker for the whole run (the cluster hands out connections, not requests), so two
// workers were measured as one.

export type AppServer = {
  child: ChildProcess
  /** Where the server's output goes (printed when it does not come up). */
  logFile: string
  /** Signals the whole process group; SIGTERM lets workers finish (and write CPU profiles). */
  stop: (signal?: NodeJS.Signals) => void
}

export async function startAppServer(opts: {
  port: number
  env: Record<string, string>
  /** V8 CPU profiles of every process, written there when the server stops on SIGTERM. */
  profileDir?: string
  /** How long a loaded machine may take to compile and start the workers (default 2 minutes). */
  timeoutMs?: number
}): Promise<AppServer> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'mutirao-bench-log-')), 'server.log')
  // --cpu-prof is refused in NODE_OPTIONS, hence `node --import tsx` when profiling; workers
  // inherit the flags.
  const [command, args] = opts.profileDir
    ? ['node', ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`, '--import', 'tsx', 'scripts/server.ts']]
    : ['npx', ['tsx', 'scripts/server.ts']]
  const child = spawn(command as string, args as string[], {
    detached: true,
    stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    env: { ...process.env, NODE_ENV: 'production', DEMO_MODE: 'false', PORT: String(opts.port), ...opts.env },
  })
  const stop = (signal: NodeJS.Signals = 'SIGKILL') => {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, signal)
    } catch {
      // already gone
    }
  }
  process.on('exit', () => stop())
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000)
  for (;;) {
    const announced = readFileSync(logFile, 'utf8').includes('Mutirão listening on')
    if (announced && (await healthy(opts.port))) return { child, logFile, stop }
    if (Date.now() > deadline || child.exitCode !== null) {
      stop()
      console.error(readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'))
      throw new Error(`the app server did not start (its log: ${logFile})`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

const healthy = (port: number) =>
  new Promise<boolean>((resolve) =>
    http
      .get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      })
      .on('error', () => resolve(false)),
  )

/**
 * CPU seconds (user + system) used so far by every process of the server's process group: the
 * primary and its workers (Linux /proc; null elsewhere). Differences of two readings say what a
 * phase cost the server, which stays comparable when the machine's load makes throughput wander.
 */
export function groupCpuSeconds(server: AppServer): number | null {
  const processes = groupCpuByProcess(server)
  return processes && processes.reduce((sum, p) => sum + p.seconds, 0)
}

/** The same, per process: the primary is the one whose children (the workers) are in the group. */
export function groupCpuByProcess(
  server: AppServer,
): { pid: number; ppid: number; seconds: number }[] | null {
  const group = server.child.pid
  if (!group) return null
  const processes: { pid: number; ppid: number; seconds: number }[] = []
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      let stat: string
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      } catch {
        continue // the process ended meanwhile
      }
      // Fields after the command name (which may hold spaces): state ppid pgrp … utime(14) stime(15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) !== group) continue
      processes.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND,
      })
    }
  } catch {
    return null
  }
  return processes
}

/** USER_HZ: 100 on Linux on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100
