import type { CsvStyle } from './csv'

// Open data answers: public, cacheable for a minute, readable from other sites (CORS) so anyone can
// build on them. One place for the headers every open-data route sends.

const PUBLIC_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=60',
}

export function openDataResponse(body: unknown): Response {
  return new Response(JSON.stringify(body, null, 1), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...PUBLIC_HEADERS },
  })
}

/**
 * The CSV style a request asks for: `?sep=semicolon` for spreadsheets that split on ";" (pt-BR);
 * the default stays RFC 4180 with commas, the open-data contract (docs/open-data.md).
 */
export function csvStyle(request: Request): CsvStyle {
  return new URL(request.url).searchParams.get('sep') === 'semicolon' ? 'semicolon' : 'comma'
}

/**
 * A stored open-data answer (see app/lib/snapshots.server.ts) with its ETag: a client that sends
 * the ETag back in If-None-Match gets an empty 304.
 */
export function storedOpenDataResponse(request: Request, snapshot: { body: string; etag: string }): Response {
  const headers = { ETag: snapshot.etag, ...PUBLIC_HEADERS }
  const header = request.headers.get('If-None-Match')
  const held = header
    ?.split(',')
    .some((t) => t.trim().replace(/^W\//, '') === snapshot.etag || t.trim() === '*')
  if (held) return new Response(null, { status: 304, headers })
  return new Response(snapshot.body, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  })
}

/** A CSV download; `filename` is built by the route from ids, never from user text. */
export function openDataCsvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      ...PUBLIC_HEADERS,
    },
  })
}

/**
 * A Belenios archive (`<uuid>.bel`): a tar file named by its uuid (checked by the route against the
 * store, never user text), with the hash of its last event as ETag (it names the whole chain).
 */
export function belArchiveResponse(
  request: Request,
  bytes: Uint8Array,
  lastEventHash: string,
  uuid: string,
): Response {
  const etag = `"${lastEventHash}"`
  const headers = { ETag: etag, ...PUBLIC_HEADERS }
  const held = request.headers
    .get('If-None-Match')
    ?.split(',')
    .some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')
  if (held) return new Response(null, { status: 304, headers })
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/x-tar',
      'Content-Disposition': `attachment; filename="${uuid}.bel"`,
      'Content-Length': String(bytes.length),
      ...headers,
    },
  })
}
