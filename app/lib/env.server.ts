import { randomBytes } from 'node:crypto'
import { z } from 'zod'

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_PATH: z.string().min(1).default('data/mutirao.sqlite'),
    // Set to use PostgreSQL instead of the embedded SQLite file at DATABASE_PATH.
    DATABASE_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (unset it to use SQLite)')
        .optional(),
    ),
    SESSION_SECRET: z.string().optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().default('Mutirão <no-reply@mutirao.local>'),
    // SMS through Kannel's smsbox `sendsms` interface (issue #18; ADR 019), e.g.
    // http://127.0.0.1:13013/cgi-bin/sendsms. Unset: SMS wait in the outbox (as e-mail without
    // SMTP_URL). Delivery reports come back to PUBLIC_ORIGIN/sms/delivery-report, each signed with
    // an HMAC of the message's id under SESSION_SECRET.
    SMS_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .url()
        .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must start with http:// or https://')
        .optional(),
    ),
    SMS_USER: z.string().default(''),
    SMS_PASSWORD: z.string().default(''),
    // The sender shown on the phone (a short code or an alphanumeric name the carrier allows).
    SMS_FROM: z.string().max(20).default('Mutirao'),
    // The address people use (https://mutirao.example.org). Every absolute URL (reset links, open
    // data, calendars) is made from it, never from the request's Host; requests for another host
    // are refused (issue #16.5). Required outside demo mode.
    PUBLIC_ORIGIN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .url()
        .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must start with http:// or https://')
        .transform((v) => new URL(v).origin)
        .optional(),
    ),
    // How many reverse proxies in front of the server append to X-Forwarded-For: the client address
    // (rate limits) is read that many entries from the right. 0 (no proxy) ignores the header.
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Rendered public pages kept per server process for anonymous visitors (issue #22, ADR 037), in
    // megabytes; 0 turns the cache off (every request renders).
    PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
    // Who writes the plain votes of a SQLite server with several workers (ADR 040): each worker its
    // own batches (measured faster on 2 cores), or the primary every worker's (one writer).
    VOTE_WRITER: z.enum(['worker', 'primary']).default('worker'),
    // Accounts one client address (IPv6: its /64) may start per hour (#16.9). A desk where many
    // people sign up on one network, or the browser tests, may need more.
    SIGNUPS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
    // Seals the secrets the server keeps for a verifiable election (issue #20, ADR 029): voters'
    // Belenios credentials and the server's own trustee key. 64 hexadecimal characters (32 random
    // bytes: `openssl rand -hex 32`); kept out of database backups. Unset: voting cannot open,
    // except in demo mode, which uses a fixed, public demo key.
    CREDENTIALS_KEY: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal characters (openssl rand -hex 32)')
        .optional(),
    ),
    // Secure cookies are the default in production; only local HTTP testing turns them off.
    COOKIE_SECURE: z.enum(['true', 'false']).optional(),
    UPLOAD_DIR: z.string().default('data/uploads'),
    // Demo mode (npm start): seeds demo data into an empty database, prints demo logins, shows
    // /dev/outbox, and allows plain-HTTP cookies on localhost. Never for a real deployment.
    DEMO_MODE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .superRefine((env, ctx) => {
    if (
      env.NODE_ENV === 'production' &&
      !env.DEMO_MODE &&
      (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SESSION_SECRET'],
        message: 'is required in production and must be at least 32 characters',
      })
    }
  })

export type Env = z.infer<typeof EnvSchema> & {
  SESSION_SECRET: string
  cookieSecure: boolean
  /** PUBLIC_ORIGIN, or in demo mode http://localhost:$PORT. */
  publicOrigin: string
}

export function parseEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: Env } | { ok: false; message: string } {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    return { ok: false, message: `Invalid configuration:\n${lines.join('\n')}` }
  }
  const env = parsed.data
  return {
    ok: true,
    env: {
      ...env,
      // A development secret is generated per process; sessions themselves live in the database.
      SESSION_SECRET: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
      publicOrigin: env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`,
      cookieSecure: env.COOKIE_SECURE
        ? env.COOKIE_SECURE === 'true'
        : env.NODE_ENV === 'production' && !env.DEMO_MODE,
    },
  }
}

let cached: Env | undefined
export function getEnv(): Env {
  if (cached) return cached
  const result = parseEnv(process.env)
  if (!result.ok) {
    console.error(result.message)
    process.exit(1)
  }
  cached = result.env
  return cached
}

/**
 * What a real (non-demo) server must have before it answers anyone (issue #16.11): without them it
 * would run with demo defaults — a per-process secret, URLs made for localhost, development mode.
 * Demo mode must be asked for (DEMO_MODE=true, as `npm start` does); nothing unset opens it.
 */
export function servingProblems(env: Env, source: Record<string, string | undefined>): string[] {
  if (env.DEMO_MODE) return []
  const problems: string[] = []
  if (source.NODE_ENV !== 'production') problems.push('NODE_ENV: must be production (or set DEMO_MODE=true)')
  if (!env.PUBLIC_ORIGIN)
    problems.push('PUBLIC_ORIGIN: is required, e.g. https://mutirao.example.org (or set DEMO_MODE=true)')
  if (!source.SESSION_SECRET || source.SESSION_SECRET.length < 32)
    problems.push('SESSION_SECRET: is required, at least 32 characters (or set DEMO_MODE=true)')
  return problems
}

/** The absolute origin for links that leave the page (mails, open data, calendars). */
export function publicOrigin(): string {
  return getEnv().publicOrigin
}
