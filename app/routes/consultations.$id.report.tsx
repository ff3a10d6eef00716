import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { consultationReport } from '../consultations/report.server'
import { reportReady } from '../consultations/status'
import { BackToConsultation, ConsultationStatusBadge, TargetName, WrittenIn } from '../consultations/view'
import { Localised } from '../ui/localised'
import { LANGUAGE_NAMES, isLanguage, directionOf } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formatPercent, formatNumber } from '../ui/format'
import { TableRegion } from '../ui/table'

export const handle = {
  i18n: ['consultations'],
  title: 'consultations:report.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: {
    tables: [
      'campaigns',
      'consultation_paragraphs',
      'consultation_questions',
      'consultation_sections',
      'consultation_targets',
      'consultations',
      'contributions',
      'outcome_links',
      'plan_actions',
      'question_answers',
    ],
  },
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'consultations.view')
  const report = await consultationReport(getDb(), params.id ?? '')
  if (!report || !reportReady(report.consultation.status)) throw new Response('Not found', { status: 404 })
  const { created_by: _c, ...consultation } = report.consultation
  return json({ ...report, consultation })
}

export default function ConsultationReport() {
  const { t, i18n } = useTranslation('consultations')
  const r = useLoaderData<typeof loader>()
  const c = r.consultation
  const totalTop = r.answerCounts.reduce((sum, a) => sum + a.n, 0)
  const maxSection = Math.max(1, ...r.bySection.map((s) => s.comments))
  return (
    <div className="page report">
      <BackToConsultation consultation={c} />
      <h1>
        {t('report.title')}: <Localised json={c.title_i18n} />
      </h1>
      <p>
        <ConsultationStatusBadge status={c.status} />
      </p>

      <section aria-labelledby="participation">
        <h2 id="participation">{t('report.participation')}</h2>
        <dl className="summary-list">
          <dt>{t('report.people')}</dt>
          <dd>{formatNumber(r.totals.people, i18n.language)}</dd>
          <dt>{t('report.contributions')}</dt>
          <dd>{formatNumber(r.totals.contributions, i18n.language)}</dd>
          <dt>{t('report.hidden')}</dt>
          <dd>{formatNumber(r.totals.hidden, i18n.language)}</dd>
          {r.questions.length ? (
            <>
              <dt>{t('report.respondents')}</dt>
              <dd>{formatNumber(r.totals.respondents, i18n.language)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="by-section">
        <h2 id="by-section">{t('report.bySection')}</h2>
        <TableRegion labelledBy="by-section" headers={[t('report.section'), t('report.comments')]}>
          {r.bySection.map((s) => {
            return (
              <tr key={s.id}>
                <th scope="row">
                  {s.position}. <Localised json={s.heading_i18n} />
                </th>
                <td>
                  <span
                    className="bar"
                    style={{ inlineSize: `${(100 * s.comments) / maxSection}%` }}
                    aria-hidden="true"
                  />{' '}
                  {s.comments}
                </td>
              </tr>
            )
          })}
        </TableRegion>
      </section>

      <section aria-labelledby="languages">
        <h2 id="languages">{t('report.languages')}</h2>
        <ul>
          {r.languages.map((l) => (
            <li key={l.language}>
              <span lang={l.language} dir={directionOf(l.language)}>
                {isLanguage(l.language) ? LANGUAGE_NAMES[l.language] : l.language}
              </span>
              : {l.n}
            </li>
          ))}
        </ul>
      </section>

      {r.questionResults.length ? (
        <section aria-labelledby="question-results" className="stack">
          <h2 id="question-results">{t('report.questions')}</h2>
          {r.questionResults.map((q) => (
            <div key={q.id}>
              <h3>
                <Localised json={q.prompt_i18n} />
              </h3>
              <p className="muted">{t('report.responses', { count: q.responses })}</p>
              {q.options.length ? (
                <ul>
                  {q.options.map((o) => (
                    <li key={o.key}>
                      <Localised json={o.label} />: {o.n} (
                      {formatPercent(q.responses ? o.n / q.responses : 0, i18n.language)})
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="answers-summary">
        <h2 id="answers-summary">{t('report.answers')}</h2>
        <ul>
          {r.answerCounts.map((a) => (
            <li key={a.answer ?? 'none'}>
              {a.answer ? t(`answers.${a.answer}`) : t('report.unanswered')}: {a.n} (
              {formatPercent(totalTop ? a.n / totalTop : 0, i18n.language)})
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="changes" className="stack">
        <h2 id="changes">{t('report.whatChanged')}</h2>
        {r.changes.length === 0 ? <p>{t('report.noChanges')}</p> : null}
        <ul className="stack">
          {r.answered
            .filter((a) => a.links.length)
            .map((a) => (
              <li key={a.id} className="card stack">
                {a.links.map((l) => (
                  <p key={l.action_id ?? l.campaign_id}>
                    <strong>{t('report.changed')}</strong> <TargetName target={l} />
                    {l.note ? ` — ${l.note}` : null}
                  </p>
                ))}
                <blockquote className="pre-wrap" lang={a.language} dir={directionOf(a.language)}>
                  {a.body}
                </blockquote>
                <p className="muted">
                  <bdi>{a.author_name}</bdi> · <WrittenIn language={a.language} />{' '}
                  {a.ref ? `· § ${a.ref}` : ''}
                </p>
              </li>
            ))}
        </ul>
      </section>

      <section aria-labelledby="all-answers" className="stack">
        <h2 id="all-answers">{t('report.allAnswers')}</h2>
        <ol className="stack">
          {r.answered.map((a) => (
            <li key={a.id} className="card stack">
              <p className="muted">
                {a.ref ? `§ ${a.ref}` : t('report.wholeText')} · <bdi>{a.author_name}</bdi> ·{' '}
                <WrittenIn language={a.language} />
              </p>
              <p className="pre-wrap" lang={a.language} dir={directionOf(a.language)}>
                {a.body}
              </p>
              <p>
                <span className={`status-badge status-badge--${a.answer}`}>{t(`answers.${a.answer}`)}</span>
              </p>
              <p className="pre-wrap" lang="pt-BR" dir="ltr">
                {a.answer_text}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <p>
        {t('report.openData')}{' '}
        <Link to={`/open-data/consultations/${c.id}/contributions.csv`} reloadDocument>
          CSV
        </Link>{' '}
        ·{' '}
        <Link to={`/open-data/consultations/${c.id}/contributions.json`} reloadDocument>
          JSON
        </Link>
      </p>
    </div>
  )
}
