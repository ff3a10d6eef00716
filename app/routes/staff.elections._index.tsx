import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GENDERS, SEGMENTS } from '../../db/schema'
import { requirePermission } from '../auth/guards.server'
import { electedComposition } from '../council/bodies.server'
import { civilSocietyAlternates } from '../council/composition'
import { createElection, listElections } from '../elections/lifecycle.server'
import { NEW_ELECTION_SHAPE, NewElectionSchema, newElectionCrossChecks } from '../elections/schemas.server'
import { defaultSplit } from '../elections/seat-split'
import { DEFAULT_RULES } from '../elections/tally'
import { DEFAULT_SHARE_THRESHOLDS, formatShareSteps } from '../elections/seats'
import { PhaseBadge } from '../elections/view'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, FieldGroup, FormErrorSummary, RadioGroup, TextAreaField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['elections', 'registration'], title: 'elections:staff.title' }

/** Genders that can count towards parity (not "prefer not to say": nobody is counted by a guess). */
const PARITY_GENDERS = GENDERS.filter((g) => g !== 'prefer_not_to_say')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.manage')
  const db = getDb()
  // The CPM seats preview (/staff/elections/shares) links here with the thresholds it showed.
  const params = new URL(request.url).searchParams
  const prefill: Record<string, string> = {}
  if (params.get('body') === 'cpm') prefill.body = 'cpm'
  for (const name of ['minSeats', 'shareSteps'])
    if (params.has(name)) prefill[name] = (params.get(name) ?? '').slice(0, 200)
  // The form starts from the council's composition (issue #17), the 2018 split by default.
  const composition = (await electedComposition(db, 'cmi'))!
  return json({ elections: await listElections(db), composition, start: defaultSplit(composition), prefill })
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'elections.manage',
    back: '/staff/elections',
    handler: intent({
      permission: 'elections.manage',
      schema: NewElectionSchema,
      shape: NEW_ELECTION_SHAPE,
      crossChecks: newElectionCrossChecks,
      run: ({ db, user, data }) => createElection(db, { actorUserId: user.id, ...data }),
      // The new election's page, where its calendar is set and its phases move.
      redirectTo: (created: { id: string }) => `/staff/elections/${created.id}`,
    }),
  })
}

export default function StaffElections() {
  const { t } = useTranslation(['elections', 'common', 'registration'])
  const { elections, composition, start, prefill } = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const v = failed?.values ?? prefill
  const steps = formatShareSteps(DEFAULT_SHARE_THRESHOLDS.steps)
  const alternates = civilSocietyAlternates(composition)
  return (
    <div className="page">
      <h1>{t('staff.title')}</h1>
      <TableRegion
        caption={<caption className="visually-hidden">{t('staff.title')}</caption>}
        label={t('staff.title')}
        headers={[t('staff.election'), t('staff.body'), t('staff.phase')]}
      >
        {elections.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`/staff/elections/${e.id}`}>
                <Localised json={e.title_i18n} />
              </Link>
            </td>
            <td>{t(`bodies.${e.body}`)}</td>
            <td>
              <PhaseBadge phase={e.phase} />
            </td>
          </tr>
        ))}
      </TableRegion>

      <h2>{t('staff.create')}</h2>
      <FormErrorSummary errors={errors} />
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <RadioGroup
          name="body"
          legend={t('staff.body')}
          options={[
            { value: 'cmi', label: t('bodies.cmi') },
            { value: 'cpm', label: t('bodies.cpm') },
          ]}
          defaultValue={v.body ?? 'cmi'}
          error={errors?.body}
        />
        <fieldset className="stack">
          <legend>{t('staff.texts')}</legend>
          <p className="hint">{t('staff.textsHint')}</p>
          {LANGUAGES.map((l) => (
            <div key={l} className="stack">
              <TextField
                name={`title_${l}`}
                label={`${t('staff.titleIn')} — ${LANGUAGE_NAMES[l]}`}
                lang={l}
                defaultValue={v[`title_${l}`]}
                error={errors?.[`title_${l}`]}
              />
              <TextAreaField
                name={`description_${l}`}
                label={`${t('staff.descriptionIn')} — ${LANGUAGE_NAMES[l]}`}
                lang={l}
                rows={2}
                defaultValue={v[`description_${l}`]}
                error={errors?.[`description_${l}`]}
              />
            </div>
          ))}
        </fieldset>
        <FieldGroup
          legend={t('staff.seatSplit')}
          hint={
            <>
              <p>
                {t('staff.seatSplitHint', {
                  civil: String(composition.civilSocietySeats),
                  seats: String(composition.seats),
                  government: String(composition.governmentSeats),
                })}
              </p>
              <p>{t('staff.splitExamples')}</p>
            </>
          }
          error={errors?.seatSplit}
        >
          {SEGMENTS.map((s) => (
            <TextField
              key={s}
              name={`seats${s}`}
              label={t(`segments.${s}`)}
              inputMode="numeric"
              defaultValue={v[`seats${s}`] ?? String(start.seats[s])}
              error={errors?.[`seats${s}`]}
            />
          ))}
          <TextField
            name="overallSeats"
            label={t('staff.overallSeats')}
            hint={t('staff.overallSeatsHint')}
            inputMode="numeric"
            defaultValue={v.overallSeats ?? String(start.overallSeats)}
            error={errors?.overallSeats}
          />
        </FieldGroup>
        <FieldGroup
          legend={t('staff.alternateSplit')}
          hint={t('staff.alternateSplitHint', { alternates: String(alternates) })}
          error={errors?.alternateSplit}
        >
          {SEGMENTS.map((s) => (
            <TextField
              key={s}
              name={`alternates${s}`}
              label={t(`segments.${s}`)}
              inputMode="numeric"
              defaultValue={v[`alternates${s}`] ?? String(start.alternates[s])}
              error={errors?.[`alternates${s}`]}
            />
          ))}
        </FieldGroup>
        <fieldset className="stack">
          <legend>{t('staff.cpmSeats')}</legend>
          <p className="hint">{t('staff.cpmSeatsHint')}</p>
          <TextField
            name="minSeats"
            label={t('staff.minSeats')}
            inputMode="numeric"
            defaultValue={v.minSeats ?? String(DEFAULT_SHARE_THRESHOLDS.minSeats)}
            error={errors?.minSeats}
          />
          <TextField
            name="shareSteps"
            label={t('staff.shareSteps')}
            hint={t('staff.shareStepsHint')}
            defaultValue={v.shareSteps ?? steps}
            error={errors?.shareSteps}
          />
          <p>
            <Link to="/staff/elections/shares">{t('shares.previewLink')}</Link>
          </p>
          <TextField
            name="alternates"
            label={t('staff.alternates')}
            inputMode="numeric"
            defaultValue={v.alternates ?? '1'}
            error={errors?.alternates}
          />
        </fieldset>
        <fieldset className="stack">
          <legend>{t('staff.rules')}</legend>
          <CheckboxField
            name="parity"
            label={t('staff.parity')}
            defaultChecked={failed ? v.parity === 'yes' : DEFAULT_RULES.parity.enabled}
            error={errors?.parity}
          />
          <TextField
            name="parityMinShare"
            label={t('staff.parityMinShare')}
            inputMode="numeric"
            defaultValue={v.parityMinShare ?? String(Math.round(DEFAULT_RULES.parity.minShare * 100))}
            error={errors?.parityMinShare}
          />
          <RadioGroup
            name="parityCounts"
            multiple
            legend={t('staff.parityCounts')}
            hint={t('staff.parityCountsHint')}
            options={PARITY_GENDERS.map((g) => ({ value: g, label: t(`registration:genders.${g}`) }))}
            defaultValue={failed ? (failed.lists.parityCounts ?? []) : DEFAULT_RULES.parity.countsTowards}
            error={errors?.parityCounts}
          />
          <TextField
            name="drawSeed"
            label={t('staff.drawSeed')}
            hint={t('staff.drawSeedHint')}
            defaultValue={v.drawSeed}
            error={errors?.drawSeed}
          />
        </fieldset>
        <SubmitButton>{t('staff.createSubmit')}</SubmitButton>
      </Form>
    </div>
  )
}
