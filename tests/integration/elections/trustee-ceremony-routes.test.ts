import { beforeEach, describe, expect, it } from 'vitest'
import { BELENIOS_2048 } from '../../../app/belenios/group'
import { writeSignedMsg } from '../../../app/belenios/threshold/codec'
import { step1 } from '../../../app/belenios/threshold/steps'
import type { DB } from '../../../app/lib/db.server'
import {
  action as commissionAction,
  loader as commissionLoader,
} from '../../../app/routes/elections.$id.trustees._index'
import { loader as fileLoader } from '../../../app/routes/elections.$id.trustees.me_.$file'
import { action as memberAction, loader as memberLoader } from '../../../app/routes/elections.$id.trustees.me'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection } from '../../helpers/elections'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #20 "Trustees", the pages: the commission starts the ceremony and sees progress (never a
// message); a member sees the command to run and pastes the output; nobody else gets in.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

describe('the trustee ceremony pages', () => {
  it('commission starts it; a member uploads; a seed is refused beside the field; others get 403', async () => {
    const { commission, electionId } = await cpmElection(db, 'campaign')
    const second = await createUser(db, { roles: ['electoral_commission'] })
    const path = `/elections/${electionId}/trustees`
    const post = async (who: string, body: Record<string, string> | URLSearchParams, url = path) =>
      settle(
        (url === path ? commissionAction : memberAction)(
          args(
            await requestAs(db, who, url, {
              method: 'POST',
              body: body instanceof URLSearchParams ? body : form(body),
            }),
            { id: electionId },
          ),
        ),
      )
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    expect((await post(secretariat.id, { intent: 'start' })).status).toBe(403)
    const empty = await post(commission.id, { intent: 'start' })
    expect(empty.status).toBe(400)
    const body = new URLSearchParams([
      ['intent', 'start'],
      ['members', commission.id],
      ['members', second.id],
      ['threshold', ''],
    ])
    const started = await post(commission.id, body)
    expect(started.headers.get('Location')).toBe(`${path}?done=started`)
    const again = await post(commission.id, body)
    expect(again.status).toBe(409)

    const view = (await commissionLoader(
      args(await requestAs(db, commission.id, path), { id: electionId }),
    )) as Response
    const data = (await view.json()) as { progress: { threshold: number; members: unknown[] } }
    expect(data.progress.threshold).toBe(2)
    expect(data.progress.members).toHaveLength(2)

    const me = `${path}/me`
    const page = (await memberLoader(
      args(await requestAs(db, second.id, me), { id: electionId }),
    )) as Response
    expect(((await page.json()) as { view: { todo: string } }).view.todo).toBe('certificate')
    const outsider = await createUser(db, { roles: ['electoral_commission'] })
    expect(
      (await settle(memberLoader(args(await requestAs(db, outsider.id, me), { id: electionId })))).status,
    ).toBe(403)
    expect((await post(outsider.id, { intent: 'certificate', message: 'x' }, me)).status).toBe(403)
    // Before step 2 there is no certs.jsons to download.
    expect(
      (
        await settle(
          fileLoader(
            args(await requestAs(db, second.id, `${me}/certs.jsons`), {
              id: electionId,
              file: 'certs.jsons',
            }),
          ),
        )
      ).status,
    ).toBe(404)

    const { seed, cert } = step1(BELENIOS_2048)
    const refused = await post(second.id, { intent: 'certificate', message: seed }, me)
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { fieldErrors: Record<string, string> }).fieldErrors.message).toBe(
      'secret_pasted',
    )
    const sent = await post(second.id, { intent: 'certificate', message: writeSignedMsg(cert) }, me)
    expect(sent.headers.get('Location')).toBe(`${me}?done=certificate`)
    const wrongStep = await post(second.id, { intent: 'polynomial', message: writeSignedMsg(cert) }, me)
    expect(wrongStep.status).toBe(400)
  })
})
