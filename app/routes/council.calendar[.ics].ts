import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { calendarEvents } from '../council/open-data.server'
import { toIcs } from '../lib/icalendar'
import { getDb } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'council.view')
  const events = await calendarEvents(getDb(), { origin: publicOrigin() })
  return new Response(toIcs('Mutirão — reuniões dos conselhos', events), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="council.ics"',
      'Cache-Control': 'public, max-age=300',
    },
  })
}
