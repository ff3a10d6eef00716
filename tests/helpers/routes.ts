// Calling route modules directly, as Remix would: the same arguments, and thrown responses
// (redirects, 403, 404) caught and returned so a test can assert on them.
export const routeContext = { clientAddress: '127.0.0.1', cspNonce: '' }

export const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: routeContext,
})

export async function settle(p: Promise<unknown>): Promise<Response> {
  try {
    return (await p) as Response
  } catch (e) {
    if (e instanceof Response) return e
    throw e
  }
}
