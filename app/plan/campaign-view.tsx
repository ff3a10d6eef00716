import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CAMPAIGN_STATUSES } from '../../db/schema'
import { LANGUAGE_NAMES, LANGUAGES, isLanguage, directionOf } from '../i18n/config'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { SelectField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'
import type { actionOptions, getCampaign } from './campaigns.server'
import type { linkableProposals } from './trace.server'
import { isolate, useLocalisedLabel } from '../ui/localised'

// The sections of a campaign's page (/plan/campaigns/:id): what it is, and the secretariat's forms.

type Campaign = NonNullable<Awaited<ReturnType<typeof getCampaign>>>['campaign']

export function CampaignFacts({ campaign: c }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation('plan')
  return (
    <dl className="summary-list">
      <dt>{t('campaign.theme')}</dt>
      <dd>{t(`themes.${c.theme}`)}</dd>
      <dt>{t('pledge.year')}</dt>
      <dd>{c.year}</dd>
      <dt>{t('actions.status')}</dt>
      <dd>
        <span className={`status-badge status-badge--${c.status}`}>{t(`campaignStatuses.${c.status}`)}</span>
      </dd>
      {c.starts_on ? (
        <>
          <dt>{t('campaign.period')}</dt>
          <dd>
            <DateTime iso={c.starts_on} language={i18n.language} dateOnly />
            {c.ends_on ? (
              <>
                {' '}
                – <DateTime iso={c.ends_on} language={i18n.language} dateOnly />
              </>
            ) : null}
          </dd>
        </>
      ) : null}
      <dt>{t('campaign.languages')}</dt>
      <dd>
        {c.languages
          .split(' ')
          .filter(Boolean)
          .map((l, i) => (
            <span key={l}>
              {i ? ', ' : ''}
              <span lang={l} dir={directionOf(l)}>
                {isLanguage(l) ? LANGUAGE_NAMES[l] : l}
              </span>
            </span>
          ))}
      </dd>
      <dt>{t('campaign.channels')}</dt>
      <dd>
        {c.channels
          .split(' ')
          .filter(Boolean)
          .map((ch) => t(`channels.${ch}`, { defaultValue: ch }))
          .join(', ')}
      </dd>
    </dl>
  )
}

export function ManageCampaign({
  status,
  actionChoices,
  proposals,
}: {
  status: Campaign['status']
  actionChoices: Awaited<ReturnType<typeof actionOptions>>
  proposals: Awaited<ReturnType<typeof linkableProposals>>
}) {
  const { t } = useTranslation('plan')
  const label = useLocalisedLabel()
  const failedFor = useActionFailure()
  const errorsFor = (intent: string) => failedFor(intent)?.fieldErrors
  return (
    <section aria-labelledby="manage-campaign" className="stack card">
      <h2 id="manage-campaign">{t('campaign.manage')}</h2>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="status" />
        <SelectField
          name="status"
          label={t('actions.status')}
          defaultValue={status}
          error={errorsFor('status')?.status}
          options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaignStatuses.${s}`) }))}
        />
        <SubmitButton className="secondary">{t('campaign.saveStatus')}</SubmitButton>
      </Form>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="material" />
        <TextField
          name="label"
          label={t('campaign.materialLabel')}
          defaultValue={failedFor('material')?.values.label}
          error={errorsFor('material')?.label}
        />
        <TextField
          name="url"
          type="url"
          label={t('campaign.materialUrl')}
          defaultValue={failedFor('material')?.values.url}
          error={errorsFor('material')?.url}
        />
        <SelectField
          name="language"
          label={t('campaign.materialLanguage')}
          defaultValue=""
          options={[
            { value: '', label: t('actions.any') },
            ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })),
          ]}
        />
        <SubmitButton className="secondary">{t('campaign.addMaterial')}</SubmitButton>
      </Form>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="action" />
        <SelectField
          name="actionId"
          label={t('campaign.serveAction')}
          error={errorsFor('action')?.actionId}
          defaultValue=""
          options={[
            { value: '', label: t('actions.choose') },
            ...actionChoices.map((a) => {
              const title = label(a.title_i18n)
              return { value: a.id, label: `${a.code} — ${title.label}`, lang: title.lang, dir: title.dir }
            }),
          ]}
        />
        <SubmitButton className="secondary">{t('campaign.addAction')}</SubmitButton>
      </Form>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="link" />
        <SelectField
          name="proposalId"
          label={t('action.linkProposal')}
          error={errorsFor('link')?.proposalId ?? errorsFor('link')?.form}
          defaultValue=""
          options={[
            { value: '', label: t('actions.choose') },
            ...proposals.map((p) => ({
              value: p.id,
              label: `${isolate(p.title)} (${label(p.edition_title_i18n).label})`,
            })),
          ]}
        />
        <TextField name="note" label={t('action.linkNote')} />
        <SubmitButton className="secondary">{t('action.link')}</SubmitButton>
      </Form>
    </section>
  )
}
