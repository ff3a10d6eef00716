import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { electionsIndex } from '../elections/open-data.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  return openDataResponse(await electionsIndex(getDb(), publicOrigin()))
}
