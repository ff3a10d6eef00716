import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { contestTitle } from '../elections/ballot-form'
import { applyForCandidacy, getElection } from '../elections/elections.server'
import { applyCrossChecks, ApplySchema } from '../elections/schemas.server'
import { BackToElection } from '../elections/view'
import { getLanguage } from '../i18n/i18n.server'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { deleteUpload, readMultipartForm, storeUpload } from '../lib/uploads.server'
import {
  CheckboxField,
  FileField,
  FormErrorSummary,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
} from '../ui/form'

export const handle = { i18n: ['elections'], title: 'elections:apply.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = (await requirePermission(request, 'elections.apply'))!
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found || found.election.phase === 'draft') throw new Response('Not found', { status: 404 })
  const registration = await db
    .selectFrom('voter_registrations')
    .select(['subprefecture_id'])
    .where('user_id', '=', user.id)
    .where('cycle_id', '=', found.election.cycle_id)
    .where('status', '=', 'approved')
    .executeTakeFirst()
  // A Participatory Council candidate stands in their own subprefecture only.
  const contests = found.contests.filter(
    (c) => c.kind === 'segment' || c.subprefecture_id === registration?.subprefecture_id,
  )
  return json({
    election: {
      id: found.election.id,
      title_i18n: found.election.title_i18n,
      phase: found.election.phase,
      body: found.election.body,
    },
    contests,
    isVoter: Boolean(registration),
    language: await getLanguage(request),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'elections.apply'))!
  const formData = await readMultipartForm(request)
  const parsed = parseForm(ApplySchema, formData, applyCrossChecks)
  const photo = await storeUpload(formData.get('photo'), 'candidate-photos')
  const photoError = !photo.ok
    ? photo.error
    : photo.file && !photo.file.mime.startsWith('image/')
      ? 'photo_type'
      : undefined
  if (!parsed.ok || photoError) {
    if (photo.ok && photo.file) await deleteUpload(photo.file.key)
    const fieldErrors = {
      ...(parsed.ok ? {} : parsed.fieldErrors),
      ...(photoError ? { photo: photoError } : {}),
    }
    return json(failure(fieldErrors, formData), { status: 400 })
  }
  const result = await applyForCandidacy(getDb(), {
    userId: user.id,
    electionId: params.id ?? '',
    contestId: parsed.data.contestId,
    kind: parsed.data.kind,
    organisationName: parsed.data.organisationName,
    statement: parsed.data.statement,
    language: parsed.data.statementLanguage,
    photoKey: photo.ok && photo.file ? photo.file.key : null,
  })
  if (!result.ok) {
    if (photo.ok && photo.file) await deleteUpload(photo.file.key)
    return json(failure({ [result.field ?? 'form']: result.error }, formData), { status: 409 })
  }
  return redirect(`/elections/${params.id}?done=applied`)
}

export default function Apply() {
  const { t } = useTranslation(['elections', 'common'])
  const { election, contests, isVoter, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors
  const values = actionData?.values ?? {}
  const formError =
    errors?.form ??
    (errors?.contestId && !['required', 'choose_option'].includes(errors.contestId)
      ? errors.contestId
      : undefined)
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{t('apply.title')}</h1>
      {election.phase !== 'candidacy_open' ? (
        <p className="notice">{t('errors.wrong_phase')}</p>
      ) : (
        <>
          {!isVoter ? (
            <p className="notice">
              {t('apply.notVoter')} <Link to="/registration">{t('apply.register')}</Link>
            </p>
          ) : null}
          <p>{t('apply.intro')}</p>
          <FormErrorSummary errors={errors} />
          {formError ? (
            <p className="notice notice--error" role="alert">
              {t(`errors.${formError}`)}
            </p>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="stack">
            <SelectField
              name="contestId"
              label={t('apply.contest')}
              options={[
                { value: '', label: t('apply.choose') },
                ...contests.map((c) => ({ value: c.id, label: contestTitle(t, c) })),
              ]}
              defaultValue={values.contestId ?? (contests.length === 1 ? contests[0].id : '')}
              error={formError ? undefined : errors?.contestId}
            />
            <RadioGroup
              name="kind"
              legend={t('apply.kind')}
              options={[
                { value: 'person', label: t('kinds.person') },
                { value: 'organisation', label: t('kinds.organisation') },
              ]}
              defaultValue={values.kind ?? 'person'}
              error={errors?.kind}
            />
            <TextField
              name="organisationName"
              label={t('apply.organisationName')}
              hint={t('apply.organisationHint')}
              defaultValue={values.organisationName}
              error={errors?.organisationName}
              autoComplete="organization"
            />
            <SelectField
              name="statementLanguage"
              label={t('apply.statementLanguage')}
              options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
              defaultValue={values.statementLanguage ?? language}
              error={errors?.statementLanguage}
            />
            <TextAreaField
              name="statement"
              label={t('apply.statement')}
              hint={t('apply.statementHint')}
              rows={6}
              defaultValue={values.statement}
              error={errors?.statement}
            />
            <FileField
              name="photo"
              label={t('apply.photo')}
              hint={t('apply.photoHint')}
              error={errors?.photo}
            />
            <fieldset className="stack">
              <legend>{t('apply.checklist')}</legend>
              <CheckboxField
                name="checkEligible"
                label={t('apply.checkEligible')}
                error={errors?.checkEligible}
                defaultChecked={values.checkEligible === 'yes'}
              />
              <CheckboxField
                name="checkRules"
                label={t('apply.checkRules')}
                error={errors?.checkRules}
                defaultChecked={values.checkRules === 'yes'}
              />
              <CheckboxField
                name="checkPublic"
                label={t('apply.checkPublic')}
                error={errors?.checkPublic}
                defaultChecked={values.checkPublic === 'yes'}
              />
            </fieldset>
            <button type="submit">{t('apply.submit')}</button>
          </Form>
        </>
      )}
    </div>
  )
}
