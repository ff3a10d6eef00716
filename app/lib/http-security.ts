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
