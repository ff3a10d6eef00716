import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { DemoBanner } from '../../../app/ui/demo-banner'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { send, startEdge, type EdgeServer } from '../../helpers/http-edge'
import { args, settle } from '../../helpers/routes'

// Issue #16.11: demo mode failed open — /dev/outbox was public (the demo admin's reset link could
// be read by anyone), an unset NODE_ENV opened it too, and nothing said the site was a demo.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Runs the real server entry with exactly `env` (plus PATH), and what it said when it stopped. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

describe('a real server refuses to start on demo defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mutirao-refuse-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const base = { DATABASE_PATH: join(dir, 'data.sqlite'), UPLOAD_DIR: join(dir, 'uploads'), PORT: '3299' }
  const real = {
    ...base,
    NODE_ENV: 'production',
    PUBLIC_ORIGIN: 'https://mutirao.example.org',
    SESSION_SECRET: 'x'.repeat(40),
  }
  const cases: [string, Record<string, string>, string[]][] = [
    ['nothing set (no NODE_ENV, no DEMO_MODE)', base, ['NODE_ENV', 'PUBLIC_ORIGIN', 'SESSION_SECRET']],
    ['PUBLIC_ORIGIN missing', { ...real, PUBLIC_ORIGIN: '' }, ['PUBLIC_ORIGIN']],
    ['NODE_ENV not production', { ...real, NODE_ENV: 'development' }, ['NODE_ENV']],
    [
      'DEMO_MODE=false is not demo',
      { ...base, DEMO_MODE: 'false', NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) },
      ['PUBLIC_ORIGIN'],
    ],
  ]
  for (const [name, env, named] of cases) {
    it(`${name}: exits non-zero, naming what is missing, before touching the database`, async () => {
      const { code, output } = await startServer(env)
      expect(code).not.toBe(0)
      expect(output).toContain('Refusing to start')
      for (const setting of named) expect(output).toContain(setting)
      expect(output).toContain('DEMO_MODE=true')
      expect(existsSync(base.DATABASE_PATH)).toBe(false)
    }, 90_000)
  }
})

describe('the demo banner', () => {
  it('is a note at the top of the page in demo mode, and absent otherwise', () => {
    expect(renderToStaticMarkup(createElement(DemoBanner, { demo: true }))).toMatch(/^<p role="note"/)
    expect(renderToStaticMarkup(createElement(DemoBanner, { demo: false }))).toBe('')
  })

  it('the root loader turns it on only when DEMO_MODE=true was set', async () => {
    const db = await createTestDb()
    useAsAppDb(db)
    const { loader } = await import('../../../app/root')
    const data = await (await settle(loader(args(new Request('http://localhost/'))))).json()
    // The test environment is not demo mode: no banner, whatever NODE_ENV says.
    expect(data.demoMode).toBe(false)
  })
})

describe('the demo outbox (issue #16.11)', () => {
  const envModule = '../../../app/lib/env.server'
  afterAll(() => {
    vi.doUnmock(envModule)
    vi.resetModules()
  })
  const withEnv = async (overrides: {
    DEMO_MODE: boolean
    NODE_ENV?: 'development' | 'production' | 'test'
  }) => {
    vi.resetModules()
    vi.doMock(envModule, async (importOriginal) => {
      const real = await importOriginal<typeof import('../../../app/lib/env.server')>()
      const env = { ...real.getEnv(), ...overrides }
      return { ...real, getEnv: () => env }
    })
    return import('../../../app/routes/dev.outbox')
  }
  const load = async (module: { loader: (a: any) => Promise<unknown> }, socketAddress?: string) =>
    (
      await settle(
        module.loader({
          request: new Request('http://localhost/dev/outbox'),
          params: {},
          context: { clientAddress: socketAddress ?? 'unknown', cspNonce: '', socketAddress },
        }),
      )
    ).status

  it('outside demo mode it answers 404 even to this machine, whatever NODE_ENV is (unset included)', async () => {
    const db = await createTestDb()
    useAsAppDb(db)
    for (const NODE_ENV of ['development', 'test', 'production'] as const) {
      const outbox = await withEnv({ DEMO_MODE: false, NODE_ENV })
      expect(await load(outbox, '127.0.0.1'), NODE_ENV).toBe(404)
    }
  })

  it('in demo mode it answers a browser on this machine, and 404 to any other peer', async () => {
    const db = await createTestDb()
    useAsAppDb(db)
    const outbox = await withEnv({ DEMO_MODE: true })
    expect(await load(outbox, '127.0.0.1')).toBe(200)
    expect(await load(outbox, '::1')).toBe(200)
    for (const peer of ['192.0.2.2', '::ffff:203.0.113.5', undefined])
      expect(await load(outbox, peer)).toBe(404)
  })

  // Through the HTTP edge, on a real socket: a second address of this machine that is not loopback.
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address
  let demoEdge: EdgeServer | undefined
  afterAll(async () => {
    await demoEdge?.close()
  })

  it.skipIf(!outside)(
    'through the HTTP edge: 200 from loopback, 404 from another address, headers change nothing',
    async () => {
      const db = await createTestDb()
      useAsAppDb(db)
      const outbox = await withEnv({ DEMO_MODE: true })
      demoEdge = await startEdge([{ path: '/dev/outbox', module: outbox }], { demo: true, host: '0.0.0.0' })
      expect((await send(demoEdge, '/dev/outbox')).status).toBe(200)
      expect((await send(demoEdge, '/dev/outbox', { address: outside })).status).toBe(404)
      const spoofed = await send(demoEdge, '/dev/outbox', {
        address: outside,
        headers: { 'X-Forwarded-For': '127.0.0.1', 'X-Real-IP': '127.0.0.1', Forwarded: 'for=127.0.0.1' },
      })
      expect(spoofed.status).toBe(404)
    },
  )
})
