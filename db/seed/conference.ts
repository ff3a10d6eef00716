import type { Transaction } from 'kysely'
import type { Database, Language, ProposalStatus } from '../schema'
import { freezeOutcomes } from '../../app/conference/priority-vote.server'
import { searchable } from '../../app/conference/ranking'
import { originalContent } from '../../app/i18n/content'
import { demoUserId } from './users'

// Two demo editions: the 2019-style conference, finished (preparatory conferences, proposals in
// several languages, merges, motions, rejections, delegates' vote, report), and the 2026 edition
// open for proposals, where the demo delegate is already accredited. Fixed ids and dates.
export const DEMO_EDITION_2019 = 'demo-conference-2019'
export const DEMO_EDITION_2026 = 'demo-conference-2026'

type Tx = Transaction<Database>

async function edition(
  trx: Tx,
  id: string,
  phase: Database['conference_editions']['phase'],
  title: Record<string, string>,
  motto: Record<string, string> | null,
  dates: [string, string],
  at: string,
) {
  await trx
    .insertInto('conference_editions')
    .values({
      id,
      title_i18n: JSON.stringify(title),
      motto_i18n: motto ? JSON.stringify(motto) : null,
      starts_on: dates[0],
      ends_on: dates[1],
      phase,
      votes_per_axis: 3,
      approval_threshold: 0.5,
      delegate_quota: 3,
      created_at: at,
      updated_at: at,
    })
    .execute()
  const thematic = await trx
    .selectFrom('thematic_axes')
    .select(['id', 'code', 'position'])
    .orderBy('position')
    .execute()
  await trx
    .insertInto('conference_axes')
    .values([
      ...thematic.map((t) => ({
        id: `${id}-axis-${t.code}`,
        edition_id: id,
        kind: 'thematic' as const,
        thematic_axis_id: t.id,
        name_i18n: null,
        position: t.position,
      })),
      {
        id: `${id}-axis-x1`,
        edition_id: id,
        kind: 'cross_cutting' as const,
        thematic_axis_id: null,
        name_i18n: JSON.stringify({
          'pt-BR': 'Gênero e raça',
          es: 'Género y raza',
          en: 'Gender and race',
          fr: 'Genre et race',
        }),
        position: 100,
      },
    ])
    .execute()
}

type P = {
  id: string
  axis: string
  title: string
  body: string
  language: Language
  status?: ProposalStatus
  prep?: string
  author?: string
  mergedInto?: string
  kind?: 'original' | 'consolidated'
  reason?: string
}

function proposalRow(editionId: string, p: P, at: string) {
  return {
    id: p.id,
    edition_id: editionId,
    axis_id: `${editionId}-axis-${p.axis}`,
    kind: p.kind ?? ('original' as const),
    origin:
      p.kind === 'consolidated'
        ? ('systematisation' as const)
        : p.prep
          ? ('preparatory' as const)
          : ('online' as const),
    preparatory_id: p.prep ?? null,
    author_user_id: p.author ?? null,
    title: p.title,
    body: p.body,
    justification: null,
    language: p.language,
    title_i18n: originalContent(p.title, p.language),
    body_i18n: originalContent(p.body, p.language),
    coauthors: null,
    status: p.status ?? 'submitted',
    merged_into_id: p.mergedInto ?? null,
    rejection_reason: p.reason ?? null,
    search_text: searchable(p.title, p.body),
    created_at: at,
    updated_at: at,
  }
}

const IDEAS: Record<string, [Language, string, string][]> = {
  participation: [
    [
      'pt-BR',
      'Conselho com mais cadeiras de imigrantes',
      'Ampliar as cadeiras de imigrantes no CMI e nos Conselhos Participativos.',
    ],
    ['es', 'Consejos con más inmigrantes', 'Aumentar los asientos de inmigrantes en los consejos.'],
    ['fr', 'Formation au leadership', 'Former des leaders immigrés à la participation politique.'],
  ],
  social_assistance_housing: [
    [
      'pt-BR',
      'Moradia para famílias imigrantes',
      'Reservar unidades habitacionais para famílias imigrantes em situação de vulnerabilidade.',
    ],
    ['ht', 'Lojman pou fanmi imigran', 'Bay fanmi imigran yo aksè a lojman sosyal.'],
    ['ar', 'سكن للعائلات المهاجرة', 'توفير سكن اجتماعي للعائلات المهاجرة.'],
  ],
  cultural_diversity: [
    [
      'es',
      'Feria de culturas en cada subprefectura',
      'Una feria anual de culturas inmigrantes en cada subprefectura.',
    ],
    [
      'pt-BR',
      'Festival de culturas imigrantes',
      'Apoiar festivais culturais organizados por coletivos imigrantes.',
    ],
  ],
  human_rights: [
    [
      'pt-BR',
      'Campanha contra a xenofobia',
      'Campanhas permanentes contra xenofobia e racismo no transporte público.',
    ],
    [
      'fr',
      'Canal de dénonciation de la xénophobie',
      'Créer un canal multilingue pour dénoncer la xénophobie.',
    ],
  ],
  women_lgbti: [
    [
      'es',
      'Atención a mujeres migrantes víctimas de violencia',
      'Intérpretes en los centros de atención a la mujer.',
    ],
    ['pt-BR', 'Acolhimento de pessoas LGBTI+ imigrantes', 'Casas de acolhida com atendimento multilíngue.'],
  ],
  decent_work: [
    [
      'pt-BR',
      'Fiscalização nas oficinas de costura',
      'Combate ao trabalho análogo à escravidão nas oficinas.',
    ],
    ['es', 'Revalidación de diplomas', 'Facilitar la revalidación de diplomas profesionales.'],
    ['ht', 'Revalidasyon diplòm', 'Fasilite rekonesans diplòm pwofesyonèl yo.'],
  ],
  education: [
    ['pt-BR', 'Português para imigrantes nos CEUs', 'Cursos gratuitos de português em todos os CEUs.'],
    ['fr', 'Cours de portugais gratuits', 'Des cours de portugais gratuits dans tous les quartiers.'],
    ['zh', '免费葡萄牙语课程', '在各区开设免费葡萄牙语课程。'],
  ],
  health_leisure_sport: [
    [
      'pt-BR',
      'Intérpretes nas UBS',
      'Intérpretes e materiais em vários idiomas nas Unidades Básicas de Saúde.',
    ],
    ['es', 'Intérpretes en los centros de salud', 'Contar con intérpretes en las UBS.'],
    ['pt-BR', 'Campeonato de futebol imigrante', 'Apoiar a Copa dos Imigrantes.'],
  ],
}

export async function seedDemoConference(trx: Tx): Promise<void> {
  // ---- 2019-style edition, finished ----
  const e19 = DEMO_EDITION_2019
  await edition(
    trx,
    e19,
    'delegates_vote',
    {
      'pt-BR': '2ª Conferência Municipal de Políticas para Imigrantes',
      es: '2ª Conferencia Municipal de Políticas para Inmigrantes',
      en: '2nd Municipal Conference on Policies for Immigrants',
      fr: '2e Conférence municipale des politiques pour les immigrés',
    },
    { 'pt-BR': 'Somos todos cidadãos', es: 'Todos somos ciudadanos', en: 'We are all citizens' },
    ['2019-11-29', '2019-12-01'],
    '2019-08-01T12:00:00.000Z',
  )
  const preps = [
    {
      id: 'demo-prep-19-norte',
      kind: 'regional' as const,
      name: 'Pré-conferência regional Norte',
      organiser: 'CMI',
      place: 'CEU Jaçanã',
      attendance: 85,
    },
    {
      id: 'demo-prep-19-centro',
      kind: 'regional' as const,
      name: 'Pré-conferência regional Centro',
      organiser: 'CMI',
      place: 'Centro de Referência e Atendimento para Imigrantes',
      attendance: 140,
    },
    {
      id: 'demo-prep-19-livre-1',
      kind: 'free' as const,
      name: 'Conferência livre de mulheres imigrantes',
      organiser: 'Rede de Mulheres Imigrantes',
      place: 'Glicério',
      attendance: 42,
    },
    {
      id: 'demo-prep-19-livre-2',
      kind: 'free' as const,
      name: 'Conferência livre da comunidade haitiana',
      organiser: 'Coletivo Haitiano',
      place: 'Missão Paz',
      attendance: 37,
    },
  ]
  await trx
    .insertInto('preparatory_conferences')
    .values(
      preps.map((p, i) => ({
        ...p,
        edition_id: e19,
        held_on: `2019-10-${String(5 + i * 5).padStart(2, '0')}`,
        delegate_quota: 3,
        registered_by: demoUserId('secretariat'),
        created_at: '2019-10-01T12:00:00.000Z',
      })),
    )
    .execute()

  const proposals: P[] = []
  let n = 0
  for (const [axis, ideas] of Object.entries(IDEAS)) {
    for (const [language, title, body] of ideas) {
      n += 1
      proposals.push({
        id: `demo-prop-19-${String(n).padStart(2, '0')}`,
        axis,
        title,
        body,
        language,
        prep: n % 3 === 0 ? preps[n % 4].id : undefined,
        author: n % 3 === 0 ? undefined : demoUserId(n % 2 ? 'resident' : 'voter'),
      })
    }
  }
  // Systematisation: three merges of duplicates, two motions, two proposals not accepted.
  const merges: [string, string[], string, string][] = [
    [
      'education',
      ['demo-prop-19-16', 'demo-prop-19-17', 'demo-prop-19-18'],
      'Ensino gratuito de português em todas as regiões',
      'Cursos gratuitos de português para imigrantes nos CEUs e em outros equipamentos, em todas as regiões.',
    ],
    [
      'health_leisure_sport',
      ['demo-prop-19-19', 'demo-prop-19-20'],
      'Intérpretes comunitários na rede de saúde',
      'Contratar intérpretes comunitários e traduzir materiais nas UBS.',
    ],
    [
      'decent_work',
      ['demo-prop-19-14', 'demo-prop-19-15'],
      'Revalidação de diplomas sem burocracia',
      'Orientação e apoio para revalidar diplomas profissionais de imigrantes.',
    ],
  ]
  for (const [i, [axis, originals, title, body]] of merges.entries()) {
    const id = `demo-prop-19-c${i + 1}`
    proposals.push({ id, axis, title, body, language: 'pt-BR', kind: 'consolidated', status: 'consolidated' })
    for (const o of originals)
      Object.assign(
        proposals.find((p) => p.id === o)!,
        { status: 'merged', mergedInto: id },
      )
  }
  Object.assign(
    proposals.find((p) => p.id === 'demo-prop-19-11')!,
    { status: 'motion' },
  )
  Object.assign(
    proposals.find((p) => p.id === 'demo-prop-19-10')!,
    { status: 'motion' },
  )
  Object.assign(
    proposals.find((p) => p.id === 'demo-prop-19-08')!,
    { status: 'rejected', reason: 'Proposta repetida em outro eixo (ver Diversidade cultural).' },
  )
  Object.assign(
    proposals.find((p) => p.id === 'demo-prop-19-21')!,
    {
      status: 'rejected',
      reason: 'Já existe um programa municipal com este objetivo (Copa dos Imigrantes).',
    },
  )
  for (const p of proposals) if (!p.status) p.status = 'consolidated'
  await trx
    .insertInto('proposals')
    .values(proposals.map((p) => proposalRow(e19, p, '2019-10-20T12:00:00.000Z')))
    .execute()
  // Merged originals point to consolidated rows inserted in the same batch: insert order is fine
  // because foreign keys are checked per statement on SQLite and PostgreSQL.

  // Nine delegates (demo accounts without passwords, except the demo delegate) vote.
  const delegates = [
    demoUserId('delegate'),
    ...Array.from({ length: 8 }, (_, i) => `demo-delegate-19-${i + 1}`),
  ]
  await trx
    .insertInto('users')
    .values(
      delegates.slice(1).map((id, i) => ({
        id,
        email: null,
        phone: null,
        display_name: `Delegado(a) ${i + 1}`,
        password_hash: null,
        preferred_language: 'pt-BR',
        created_at: '2019-11-01T12:00:00.000Z',
        password_changed_at: null,
      })),
    )
    .execute()
  await trx
    .insertInto('conference_delegates')
    .values(
      delegates.map((user_id, i) => ({
        edition_id: e19,
        user_id,
        preparatory_id: i < 8 ? preps[i % 4].id : null,
        accredited_by: demoUserId('secretariat'),
        accredited_at: '2019-11-28T12:00:00.000Z',
      })),
    )
    .execute()
  const votable = proposals.filter((p) => p.status === 'consolidated')
  const votes: Database['delegate_votes'][] = []
  const usage = new Map<string, number>()
  for (const [d, user] of delegates.entries()) {
    for (const [k, p] of votable.entries()) {
      // Deterministic preferences: popular proposals get most delegates, some get few.
      if ((k * 7 + d * 3) % 10 < (k % 3 === 0 ? 8 : k % 3 === 1 ? 5 : 2)) {
        const key = `${user}|${p.axis}`
        if ((usage.get(key) ?? 0) >= 3) continue
        usage.set(key, (usage.get(key) ?? 0) + 1)
        votes.push({ proposal_id: p.id, user_id: user, edition_id: e19, axis_id: `${e19}-axis-${p.axis}` })
      }
    }
  }
  await trx.insertInto('delegate_votes').values(votes).execute()
  await trx
    .insertInto('delegate_axis_usage')
    .values(
      [...usage.entries()].map(([key, used]) => ({
        edition_id: e19,
        user_id: key.split('|')[0],
        axis_id: `${e19}-axis-${key.split('|')[1]}`,
        used,
      })),
    )
    .execute()
  await freezeOutcomes(trx, e19)
  await trx.updateTable('conference_editions').set({ phase: 'final_report' }).where('id', '=', e19).execute()

  // ---- 2026 edition, open for proposals ----
  const e26 = DEMO_EDITION_2026
  await edition(
    trx,
    e26,
    'proposals_open',
    {
      'pt-BR': '3ª Conferência Municipal de Políticas para Imigrantes',
      es: '3ª Conferencia Municipal de Políticas para Inmigrantes',
      en: '3rd Municipal Conference on Policies for Immigrants',
      fr: '3e Conférence municipale des politiques pour les immigrés',
    },
    null,
    ['2026-11-01', '2027-03-31'],
    '2026-10-01T12:00:00.000Z',
  )
  await trx
    .insertInto('preparatory_conferences')
    .values({
      id: 'demo-prep-26-leste',
      edition_id: e26,
      kind: 'regional',
      name: 'Pré-conferência regional Leste',
      organiser: 'CMI',
      held_on: '2026-11-14',
      place: 'CEU Itaquera',
      attendance: 63,
      delegate_quota: 3,
      registered_by: demoUserId('secretariat'),
      created_at: '2026-11-14T20:00:00.000Z',
    })
    .execute()
  await trx
    .insertInto('proposals')
    .values([
      proposalRow(
        e26,
        {
          id: 'demo-prop-26-01',
          axis: 'education',
          title: 'Matrícula escolar sem exigir documento',
          body: 'Garantir a matrícula de crianças imigrantes mesmo sem documentos brasileiros.',
          language: 'pt-BR',
          author: demoUserId('resident'),
        },
        '2026-11-05T12:00:00.000Z',
      ),
      proposalRow(
        e26,
        {
          id: 'demo-prop-26-02',
          axis: 'education',
          title: 'Clases de portugués los sábados',
          body: 'Abrir clases de portugués los sábados para quien trabaja durante la semana.',
          language: 'es',
          author: demoUserId('voter'),
        },
        '2026-11-06T12:00:00.000Z',
      ),
      proposalRow(
        e26,
        {
          id: 'demo-prop-26-03',
          axis: 'health_leisure_sport',
          title: 'Saúde mental para refugiados',
          body: 'Atendimento psicológico com intérpretes para pessoas refugiadas.',
          language: 'pt-BR',
          prep: 'demo-prep-26-leste',
        },
        '2026-11-14T20:00:00.000Z',
      ),
    ])
    .execute()
  await trx
    .insertInto('proposal_supports')
    .values([
      {
        proposal_id: 'demo-prop-26-01',
        user_id: demoUserId('voter'),
        created_at: '2026-11-07T12:00:00.000Z',
      },
    ])
    .execute()
  await trx
    .insertInto('proposal_comments')
    .values({
      id: 'demo-comment-26-1',
      proposal_id: 'demo-prop-26-01',
      user_id: demoUserId('voter'),
      author_name: 'Jean-Baptiste',
      body: 'Muito importante: meu filho esperou dois meses por uma vaga.',
      created_at: '2026-11-08T12:00:00.000Z',
    })
    .execute()
  await trx
    .insertInto('conference_delegates')
    .values({
      edition_id: e26,
      user_id: demoUserId('delegate'),
      preparatory_id: 'demo-prep-26-leste',
      accredited_by: demoUserId('secretariat'),
      accredited_at: '2026-11-15T12:00:00.000Z',
    })
    .execute()
}
