import { spawn } from 'node:child_process'

// Runs a child process without blocking the event loop. A synchronous run (execFileSync, spawnSync)
// stops the vitest worker from answering its RPC for the whole run; past 60 s (belenios-tool on a
// busy CI machine) the worker fails with "Timeout calling onTaskUpdate".

export type ChildRun = { status: number | null; stdout: string; stderr: string }

/** The bound on each of stdout and stderr, as the old `maxBuffer` of the synchronous runs. */
export const MAX_CHILD_OUTPUT = 256 * 1024 * 1024

/**
 * Runs `command` with `args`, writes `input` (if any) to its stdin and closes it, and resolves with
 * its exit status and its output (utf8). Never rejects on a non-zero exit or a signal (status is
 * then null); rejects only when the child cannot be started. Output past `maxOutput` bytes on
 * either stream kills the child and resolves with status null and a stderr saying so.
 */
export function runChild(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; maxOutput?: number } = {},
): Promise<ChildRun> {
  const maxOutput = options.maxOutput ?? MAX_CHILD_OUTPUT
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outBytes = 0
    let errBytes = 0
    let overflow: string | null = null
    let settled = false
    const tooMuch = (stream: string) => {
      if (overflow !== null) return
      overflow = `${command}: ${stream} exceeded ${maxOutput} bytes; the child was killed`
      child.kill()
      // Stop reading: 'close' then waits for the child's exit only, not for the pipes' other ends.
      child.stdout.destroy()
      child.stderr.destroy()
    }
    child.stdout.on('data', (chunk: Buffer) => {
      if (overflow !== null) return
      outBytes += chunk.length
      if (outBytes > maxOutput) return tooMuch('stdout')
      out.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (overflow !== null) return
      errBytes += chunk.length
      if (errBytes > maxOutput) return tooMuch('stderr')
      err.push(chunk)
    })
    // The child may exit without reading its stdin: writing to the closed pipe is then no error.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') child.emit('error', error)
    })
    child.on('error', (error) => {
      if (settled) return
      settled = true
      reject(error)
    })
    child.on('close', (status) => {
      if (settled) return
      settled = true
      const stdout = Buffer.concat(out).toString('utf8')
      const stderr = Buffer.concat(err).toString('utf8')
      if (overflow !== null)
        resolve({ status: null, stdout, stderr: stderr + (stderr ? '\n' : '') + overflow })
      else resolve({ status, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}
