// Pure HTTP checks used by the server (scripts/server.ts); kept here so they are unit-tested.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF defence in depth (with SameSite=Lax cookies): every state-changing request must come from
 * our own origin. Browsers always send Origin on cross-site POSTs, so a missing Origin falls back
 * to Referer; a request with neither is refused (no legitimate browser form sends neither).
 */
export function isSameOriginRequest(
  method: string,
  headers: { origin?: string | null; referer?: string | null; host?: string | null },
  expectedOrigin: string | null,
  scheme = 'http',
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  const expected = expectedOrigin ?? (headers.host ? `${scheme}://${headers.host}` : null)
  if (!expected) return false
  const source = headers.origin && headers.origin !== 'null' ? headers.origin : headers.referer
  if (!source) return false
  try {
    return new URL(source).origin === new URL(expected).origin
  } catch {
    return false
  }
}

export function securityHeaders(nonce: string, { hsts }: { hsts: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes carry data-driven widths (bar charts); no inline <style> blocks.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
  const headers: Record<string, string> = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
  if (hsts) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains'
  return headers
}

/**
 * The origins this server answers for (issue #16.5): the configured public origin; in demo mode
 * without one, http://localhost:PORT and its loopback spellings (127.0.0.1, [::1]) — someone trying
 * `npm start` may type either.
 */
export function servedOrigins(env: {
  publicOrigin: string
  PUBLIC_ORIGIN?: string
  DEMO_MODE: boolean
  PORT: number
}): string[] {
  if (env.PUBLIC_ORIGIN || !env.DEMO_MODE) return [env.publicOrigin]
  return ['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${env.PORT}`)
}

/**
 * Whether a request's Host header names one of the served origins. Only /healthz answers any host
 * (load balancers and uptime checks call it by address); everything else gets 400, so no page,
 * redirect or link is ever made for a host an attacker chose.
 */
export function hostAllowed(host: string | undefined, origins: string[]): boolean {
  if (!host) return false
  const wanted = host.trim().toLowerCase()
  return origins.some((o) => new URL(o).host === wanted)
}

/**
 * The client's address for rate limits: the TCP peer, or with `hops` trusted proxies in front, the
 * address the outermost trusted proxy saw (X-Forwarded-For read from the right; entries a client
 * wrote itself sit further left and are never used).
 */
export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  const peer = socketAddress ?? 'unknown'
  if (hops <= 0 || !forwardedFor) return peer
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
  return chain[chain.length - hops] ?? chain[0] ?? peer
}

/** The TCP peer is this machine (not a header: any client can write those). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const a = address.toLowerCase().replace(/^::ffff:/, '')
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

/** /dev/outbox without signing in: explicit demo mode and a client on this machine, both (issue #16.11). */
export function outboxOpenTo(env: { DEMO_MODE: boolean }, socketAddress: string | undefined): boolean {
  return env.DEMO_MODE === true && isLoopbackAddress(socketAddress)
}
