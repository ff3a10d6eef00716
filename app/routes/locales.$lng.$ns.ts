import type { LoaderFunctionArgs } from '@remix-run/node'
import { isLanguage, NAMESPACES, type Namespace } from '../i18n/config'
import { getResources } from '../i18n/resources.server'

// Translations for the browser (after hydration). Public data; cached hard when versioned.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const { lng, ns } = params
  if (!isLanguage(lng) || !(NAMESPACES as readonly string[]).includes(ns ?? '')) {
    return new Response('Not found', { status: 404 })
  }
  const versioned = new URL(request.url).searchParams.has('v')
  return Response.json(getResources()[lng][ns as Namespace], {
    headers: { 'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300' },
  })
}
