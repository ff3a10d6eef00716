import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// A real Kannel for the SMS tests (issue #18): bearerbox + smsbox from Debian's `kannel`, and the
// fake SMS centre /usr/lib/kannel/test/fakesmsc from `kannel-extras`, on loopback ports chosen
// free at start (tests run in parallel forks), with a kannel.conf written to a temporary folder.
//
// fakesmsc logs every message it receives from bearerbox on stderr, one line each:
//   Got message 3: <Mutirao +5511987654321 text hello world>
//   Got message 4: <Mutirao +5511987654321 ucs-2 %00h%00e…>          (coding=2, UTF-16BE, URL-encoded)
//   Got message 5: <Mutirao +5511987654321 udh %05%00%03%07%02%01 data …>  (one part of a long SMS)
// The parts of a long SMS carry a concatenation header (05 00 03 ref total seq); they are put back
// together here. A part's header does not say its coding: its bytes are read as UCS-2 when they
// hold a 0x00 byte (every UCS-2 text with a digit, space or Latin letter does; GSM text never sends
// 0x00 through the fake SMSC, which writes '@' as 0x40).

export const BEARERBOX = '/usr/sbin/bearerbox'
export const SMSBOX = '/usr/sbin/smsbox'
export const FAKESMSC = '/usr/lib/kannel/test/fakesmsc'

export type ReceivedSms = { from: string; to: string; text: string }

export type Kannel = {
  /** smsbox's sendsms URL (http://127.0.0.1:<port>/cgi-bin/sendsms). */
  sendsmsUrl: string
  user: string
  password: string
  /** Whole messages the fake SMSC received so far (long ones reassembled). */
  received(): ReceivedSms[]
  /** Polls until a received message matches; fails after `timeoutMs`. */
  waitFor(match: (sms: ReceivedSms) => boolean, timeoutMs?: number): Promise<ReceivedSms>
  stop(): Promise<void>
}

/**
 * Whether the tests may run without Kannel: only when asked explicitly (TEST_WITHOUT_KANNEL=1).
 * Otherwise a machine without it fails the SMS tests with a message saying what to install.
 */
export function kannelMissing(): string | null {
  const missing = [BEARERBOX, SMSBOX, FAKESMSC].filter((p) => !existsSync(p))
  return missing.length ? `Kannel is not installed (missing ${missing.join(', ')})` : null
}
export const skipWithoutKannel = process.env.TEST_WITHOUT_KANNEL === '1' && kannelMissing() !== null

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

class ProcessExited extends Error {}

async function poll<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let delay = 50
  for (;;) {
    const value = await attempt().catch((error: unknown) => {
      if (error instanceof ProcessExited) throw error // no point waiting for a process that died
      return undefined
    })
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Kannel: timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, delay))
    delay = Math.min(500, delay * 2)
  }
}

/** URL-encoded bytes as fakesmsc prints them ('+' is a 0x20 byte). */
function urlBytes(encoded: string): Buffer {
  const bytes: number[] = []
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i]!
    if (c === '%') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16))
      i += 2
    } else if (c === '+') bytes.push(0x20)
    else bytes.push(...Buffer.from(c, 'latin1'))
  }
  return Buffer.from(bytes)
}

const ucs2 = (bytes: Buffer) => Buffer.from(bytes).swap16().toString('utf16le')
const partText = (bytes: Buffer) =>
  bytes.includes(0) && bytes.length % 2 === 0 ? ucs2(bytes) : bytes.toString('latin1')

type Part = { from: string; to: string; ref: string; total: number; seq: number; bytes: Buffer }

/** Parses fakesmsc's log into whole messages (exported for the helper's own test). */
export function parseFakesmscLog(log: string): ReceivedSms[] {
  const whole: ReceivedSms[] = []
  const parts: Part[] = []
  for (const match of log.matchAll(/Got message \d+: <(\S+) (\S+) (\S+) (.*)>$/gm)) {
    const [, from, to, type, rest] = match as unknown as [string, string, string, string, string]
    if (type === 'text') whole.push({ from, to, text: rest })
    else if (type === 'ucs-2') whole.push({ from, to, text: ucs2(urlBytes(rest)) })
    else if (type === 'data') whole.push({ from, to, text: partText(urlBytes(rest)) })
    else if (type === 'udh') {
      const [udhEncoded, , data = ''] = rest.split(' ')
      const udh = urlBytes(udhEncoded ?? '')
      // 05 00 03 ref total seq: 8-bit concatenation reference; anything else is taken whole.
      if (udh.length >= 6 && udh[1] === 0x00 && udh[2] === 0x03)
        parts.push({ from, to, ref: `${to}:${udh[3]}`, total: udh[4]!, seq: udh[5]!, bytes: urlBytes(data) })
      else whole.push({ from, to, text: partText(urlBytes(data)) })
    }
  }
  const groups = new Map<string, Part[]>()
  for (const p of parts) groups.set(p.ref, [...(groups.get(p.ref) ?? []), p])
  for (const group of groups.values()) {
    const first = group[0]!
    if (group.length < first.total) continue // the rest is still on its way
    const bytes = Buffer.concat(group.sort((a, b) => a.seq - b.seq).map((p) => p.bytes))
    whole.push({ from: first.from, to: first.to, text: partText(bytes) })
  }
  return whole
}

/** Starts bearerbox, smsbox and fakesmsc; resolves once sendsms answers and the SMSC is connected. */
export async function startKannel({ timeoutMs = 60_000 } = {}): Promise<Kannel> {
  const missing = kannelMissing()
  if (missing)
    throw new Error(
      `${missing}. Install the Debian packages: apt-get install -y kannel kannel-extras ` +
        '(.ci/run does), or set TEST_WITHOUT_KANNEL=1 to skip the SMS gateway tests on purpose.',
    )
  const dir = mkdtempSync(join(tmpdir(), 'mutirao-kannel-'))
  const [adminPort, boxPort, smscPort, sendsmsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  const user = 'mutirao'
  const password = 'kannel-test-password'
  const conf = join(dir, 'kannel.conf')
  writeFileSync(
    conf,
    `group = core
admin-port = ${adminPort}
admin-interface = 127.0.0.1
admin-password = ${password}
admin-allow-ip = "127.0.0.1"
smsbox-port = ${boxPort}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-level = 1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
host = 127.0.0.1
port = ${smscPort}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${boxPort}
sendsms-port = ${sendsmsPort}
sendsms-interface = 127.0.0.1
log-level = 1

group = sendsms-user
username = ${user}
password = ${password}
max-messages = 10
concatenation = true
user-allow-ip = "127.0.0.1"

group = sms-service
keyword = default
text = "No service"
`,
  )
  const children: ChildProcess[] = []
  let smscLog = ''
  let boxLog = ''
  const start = (command: string, args: string[], onOutput: (chunk: string) => void) => {
    const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout!.setEncoding('latin1').on('data', onOutput)
    child.stderr!.setEncoding('latin1').on('data', onOutput)
    children.push(child)
    return child
  }
  const exited = () => children.find((c) => c.exitCode !== null || c.signalCode !== null)
  const alive = async <T>(value: T | undefined) => {
    const dead = exited()
    if (dead)
      throw new ProcessExited(`Kannel: ${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode})`)
    return value
  }
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const killed = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(killed)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    start(BEARERBOX, [conf], (c) => (boxLog = (boxLog + c).slice(-20_000)))
    // bearerbox first: smsbox and fakesmsc connect to it.
    await poll('bearerbox', timeoutMs, async () => {
      await alive(undefined)
      const r = await fetch(`http://127.0.0.1:${adminPort}/status.txt?password=${password}`)
      return r.ok ? true : undefined
    })
    start(SMSBOX, [conf], (c) => (boxLog = (boxLog + c).slice(-20_000)))
    // -m 0: send no messages of its own; it only receives and logs. The message argument is required.
    start(
      FAKESMSC,
      ['-H', '127.0.0.1', '-r', String(smscPort), '-m', '0', '-i', '0.1', '0 0 text nop'],
      (c) => {
        smscLog += c
      },
    )
    await poll('the fake SMSC to connect and smsbox to answer', timeoutMs, async () => {
      await alive(undefined)
      const status = await (
        await fetch(`http://127.0.0.1:${adminPort}/status.txt?password=${password}`)
      ).text()
      if (!/fake\[?.*online/i.test(status) || !/smsbox/i.test(status)) return undefined
      const r = await fetch(`http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`)
      await r.text()
      return true
    })
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n--- bearerbox/smsbox log ---\n${boxLog.slice(-3000)}`)
  }
  const received = () => parseFakesmscLog(smscLog)
  return {
    sendsmsUrl: `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`,
    user,
    password,
    received,
    waitFor: (match, waitMs = 60_000) =>
      poll('a message at the fake SMSC', waitMs, async () => received().find(match)),
    stop,
  }
}
