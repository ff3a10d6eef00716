import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { OPEN_DATA_VERSION } from '../elections/open-data.server'
import { subprefecturesOpenData } from '../elections/shares.server'
import { getDb } from '../lib/db.server'
import { openDataResponse } from '../lib/open-data'

// The immigrant population figures per subprefecture, with their source and reference date, that
// give the Participatory Council seats (issue #17). docs/open-data.md.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  return openDataResponse({
    version: OPEN_DATA_VERSION,
    subprefectures: await subprefecturesOpenData(getDb()),
  })
}
