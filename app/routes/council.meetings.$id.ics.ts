import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { calendarEvents } from '../council/open-data.server'
import { toIcs } from '../lib/icalendar'
import { getDb } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'council.view')
  const events = await calendarEvents(getDb(), { origin: publicOrigin(), meetingId: params.id ?? '' })
  if (events.length === 0) throw new Response('Not found', { status: 404 })
  return new Response(toIcs(events[0]!.title, events), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="meeting-${params.id}.ics"`,
    },
  })
}
