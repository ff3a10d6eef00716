import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { contestTitle } from '../elections/ballot-form'
import { lineKey, type PaperLine } from '../elections/paper-count'
import { discardFirstEntry, enterPaperCount, paperCountForm } from '../elections/paper-counts.server'
import { AuthoredText } from '../elections/polling-places-view'
import { PAPER_COUNT_SHAPE, PaperCountSchema } from '../elections/polling-schemas.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'

export const handle = { i18n: ['elections', 'polling'], title: 'polling:count.title' }

// A paper polling place's count (issue #17), typed by two different members of the electoral
// commission. The page never shows the first typing's numbers: the second person types the tally
// sheet afresh and learns only which lines differ.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'elections.enterPaperCount')
  const form = await paperCountForm(getDb(), {
    electionId: params.id ?? '',
    placeId: params.placeId ?? '',
    userId: user!.id,
  })
  if (!form) throw new Response('Not found', { status: 404 })
  return json(form)
}

const DONE = ['first', 'confirmed', 'discarded'] as const

export async function action(args: ActionFunctionArgs) {
  const electionId = args.params.id ?? ''
  const placeId = args.params.placeId ?? ''
  return formAction(args, {
    permission: 'elections.enterPaperCount',
    back: `/staff/elections/${electionId}/paper-count/${placeId}`,
    done: DONE,
    intents: {
      enter: intent({
        permission: 'elections.enterPaperCount',
        schema: PaperCountSchema,
        shape: PAPER_COUNT_SHAPE,
        run: ({ db, user, data }) =>
          enterPaperCount(db, { actorUserId: user.id, electionId, placeId, counts: data.counts }),
        done: (entered: { state: 'first' | 'confirmed' }) => entered.state,
      }),
      discard: intent({
        permission: 'elections.enterPaperCount',
        run: ({ db, user }) => discardFirstEntry(db, { actorUserId: user.id, electionId, placeId }),
        done: 'discarded',
      }),
    },
  })
}

export default function PaperCount() {
  const { t, i18n } = useTranslation(['polling', 'elections'])
  const { election, place, contests, first, confirmed } = useLoaderData<typeof loader>()
  const failed = useActionFailure()('enter') as
    (ReturnType<ReturnType<typeof useActionFailure>> & { lines?: Record<string, string> }) | undefined
  const formError = useActionFailure()()?.fieldErrors.form
  const lineProblems = failed?.lines ?? {}
  const open = election.phase === 'voting_closed' && !confirmed && !first?.mine
  const field = (line: PaperLine, label: string) => {
    const key = lineKey(line)
    return (
      <TextField
        key={key}
        name={`n_${key}`}
        label={label}
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        defaultValue={failed?.values[`n_${key}`]}
        error={lineProblems[key]}
      />
    )
  }
  return (
    <div className="page">
      <p>
        <Link to={`/staff/elections/${election.id}/polling-places`}>
          <Arrow kind="back" /> {t('staff.title')}
        </Link>
      </p>
      <h1>{t('count.title')}</h1>
      <Localised as="p" json={election.title_i18n} />
      <p>
        <AuthoredText text={place.name} language={place.text_language} /> —{' '}
        <AuthoredText text={place.address} language={place.text_language} />
      </p>
      <DoneNotice keys={DONE} message={(done) => t(`count.done.${done}`)} />
      {formError ? (
        <div className="notice notice--error" role="alert">
          <p>{t(`errors.${formError}`)}</p>
          {formError === 'paper_count_mismatch' ? <p>{t('count.mismatchHelp')}</p> : null}
        </div>
      ) : null}
      {confirmed ? (
        <p className="notice notice--ok">
          {t('count.confirmedBy', { name: confirmed.by })}{' '}
          <DateTime iso={confirmed.at} language={i18n.language} />
        </p>
      ) : first ? (
        <p className="notice">
          {first.mine ? t('count.waitingForSecond') : t('count.firstBy', { name: first.by })}
        </p>
      ) : (
        <p>{t('count.intro')}</p>
      )}
      {election.phase !== 'voting_closed' && !confirmed ? <p>{t('errors.wrong_phase')}</p> : null}
      {open ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="enter" />
          {contests.map((c) => (
            <fieldset key={c.id} className="card stack">
              <legend>{contestTitle(t, c)}</legend>
              {c.candidates.map((x) =>
                field({ contestId: c.id, choice: 'candidate', candidacyId: x.id }, x.name),
              )}
              {field({ contestId: c.id, choice: 'blank', candidacyId: null }, t('count.blank'))}
              {field({ contestId: c.id, choice: 'void', candidacyId: null }, t('count.void'))}
            </fieldset>
          ))}
          <SubmitButton>{first ? t('count.submitSecond') : t('count.submitFirst')}</SubmitButton>
        </Form>
      ) : null}
      {first && !first.mine && !confirmed && election.phase === 'voting_closed' ? (
        <Form method="post" className="stack">
          <p>{t('count.discardHelp')}</p>
          <input type="hidden" name="intent" value="discard" />
          <SubmitButton className="secondary">{t('count.discard')}</SubmitButton>
        </Form>
      ) : null}
    </div>
  )
}
